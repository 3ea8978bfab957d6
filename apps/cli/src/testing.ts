import type { CommandGroup } from "./command.js";
import { commandGroups } from "./commands/index.js";
import { runCli } from "./run.js";

/** A writable that keeps what was written, for asserting on a command's output. */
export function memoryStream(isTTY = false): { stream: NodeJS.WritableStream; text(): string } {
  const chunks: string[] = [];
  const stream = { isTTY, write: (chunk: string) => chunks.push(chunk) > 0 };
  return { stream: stream as unknown as NodeJS.WritableStream, text: () => chunks.join("") };
}

export interface LabRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The last stdout line parsed, when the command succeeded under --json; otherwise null. */
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary result shapes.
  readonly json: any;
}

/** Runs `lab` in-process, as tests of command groups do. */
export async function runLab(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; groups?: readonly CommandGroup[] } = {},
): Promise<LabRun> {
  const stdout = memoryStream();
  const stderr = memoryStream();
  const io = { stdout: stdout.stream, stderr: stderr.stream, env: options.env ?? {}, cwd: process.cwd() };
  const code = await runCli(args, io, options.groups ?? commandGroups);
  const lines = stdout.text().trim().split("\n");
  const json = code === 0 && args.includes("--json") ? JSON.parse(lines.at(-1)!) : null;
  return { code, stdout: stdout.text(), stderr: stderr.text(), json };
}
