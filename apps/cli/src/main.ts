#!/usr/bin/env node
import { runCli } from "./run.js";

// Libraries report recoverable problems (e.g. CUDA requested but unavailable) as process warnings.
// Node's default printer adds a "--trace-warnings" hint line; the CLI contract is one line each.
process.removeAllListeners("warning");
process.on("warning", (warning) => process.stderr.write(`lab: warning: ${warning.message}\n`));

const exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = exitCode;
