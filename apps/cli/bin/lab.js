#!/usr/bin/env node
// Inside the monorepo the CLI runs straight from its TypeScript sources (and those of the @lab/*
// packages, through the "@lab/source" export condition), so `pnpm lab` needs no build step.
// An installed copy has no src/ and runs the built dist/.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const sourceEntry = fileURLToPath(new URL("../src/main.ts", import.meta.url));
let tsxLoader = null;
if (existsSync(sourceEntry)) {
  try {
    tsxLoader = import.meta.resolve("tsx");
  } catch {
    tsxLoader = null;
  }
}

if (tsxLoader) {
  const child = spawnSync(
    process.execPath,
    ["--conditions=@lab/source", "--import", tsxLoader, sourceEntry, ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  if (child.error) throw child.error;
  process.exitCode = child.status ?? 1;
} else {
  await import("../dist/main.js");
}
