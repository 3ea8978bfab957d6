import { createRequire } from "node:module";

// package.json sits one folder up from both src/ and dist/, so the same relative path works for both.
const manifest = createRequire(import.meta.url)("../package.json") as { version: string };

export const cliVersion: string = manifest.version;
