// Runs every package's bench/*.bench.ts one after another (never in parallel: they measure time)
// and prints one table. Usage: pnpm bench [package-name-or-folder ...]
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

interface Row {
  name: string;
  oursSeconds: number;
  reference: string | null;
  referenceSeconds: number | null;
  ratio: number | null;
  note?: string;
}

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const filters = process.argv.slice(2).map((arg) => basename(resolve(arg)));
const packageDirs = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => join(root, group, name)),
);
const benchFiles = packageDirs
  .filter((dir) => filters.length === 0 || filters.includes(basename(dir)))
  .flatMap((dir) => {
    const benchDir = join(dir, "bench");
    if (!existsSync(benchDir)) return [];
    return readdirSync(benchDir)
      .filter((file) => file.endsWith(".bench.ts"))
      .sort()
      .map((file) => join(benchDir, file));
  });

const tsxLoader = import.meta.resolve("tsx");
const table: (Row & { file: string })[] = [];
let failures = 0;
for (const file of benchFiles) {
  const label = relative(root, file);
  process.stderr.write(`bench: ${label}\n`);
  const child = spawnSync(process.execPath, ["--conditions=@lab/source", "--import", tsxLoader, file], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const lastLine = child.stdout.trim().split("\n").at(-1) ?? "";
  if (child.status !== 0 || !lastLine.startsWith("{")) {
    failures++;
    process.stderr.write(`bench: ${label} failed (exit ${child.status})\n`);
    continue;
  }
  const { benchmarks } = JSON.parse(lastLine) as { benchmarks: Row[] };
  for (const row of benchmarks) table.push({ ...row, file: label });
}

const format = (seconds: number | null) =>
  seconds === null ? "-" : seconds < 0.01 ? `${(seconds * 1000).toFixed(2)}ms` : `${seconds.toFixed(3)}s`;
const header = ["benchmark", "ours", "reference", "ref time", "ours/ref"];
const lines = table.map((row) => [
  row.name,
  format(row.oursSeconds),
  row.reference ?? "(none available)",
  format(row.referenceSeconds),
  row.ratio === null ? "-" : `${row.ratio.toFixed(3)}x`,
]);
const widths = header.map((title, column) =>
  Math.max(title.length, ...lines.map((line) => line[column]!.length)),
);
const render = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ");
console.log(render(header));
console.log(widths.map((width) => "-".repeat(width)).join("  "));
for (const line of lines) console.log(render(line));
for (const row of table) if (row.note) console.log(`  ${row.name}: ${row.note}`);
if (benchFiles.length === 0) console.log("(no bench/*.bench.ts files matched)");
process.exitCode = failures > 0 ? 1 : 0;
