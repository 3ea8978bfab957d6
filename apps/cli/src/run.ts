import { resolve } from "node:path";
import { createProgressRenderer, LabError } from "@lab/core";
import type { CommandContext, CommandGroup, CommandResult } from "./command.js";
import { commandGroups } from "./commands/index.js";
import { commandHelp, groupHelp, rootHelp } from "./help.js";
import { parseCommandArgs } from "./parse-options.js";
import { UsageError } from "./usage-error.js";
import { cliVersion } from "./version.js";

type WritableLike = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface CliIo {
  stdout: WritableLike;
  stderr: WritableLike;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function writeLine(stream: WritableLike, line: string): void {
  stream.write(`${line}\n`);
}

/** One line, whatever the message holds: the CLI contract promises no multi-line errors. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

function findGroup(groups: readonly CommandGroup[], name: string): CommandGroup {
  const group = groups.find((candidate) => candidate.name === name);
  if (!group) {
    throw new UsageError(
      `unknown package "${name}"; expected one of: ${groups.map((g) => g.name).join(", ")}`,
    );
  }
  return group;
}

/**
 * Runs `lab` with the given arguments and returns the exit code: 0 on success, 2 for a wrong
 * command line, 1 for any other failure. Never throws, never calls process.exit.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  groups: readonly CommandGroup[] = commandGroups,
): Promise<number> {
  const jsonRequested = argv.includes("--json");
  try {
    const [groupName, commandName, ...rest] = argv;
    if (groupName === "--version" || groupName === "-v") {
      writeLine(io.stdout, cliVersion);
      return 0;
    }
    if (groupName === undefined || groupName === "--help" || groupName === "-h" || groupName === "help") {
      writeLine(io.stdout, rootHelp(groups, cliVersion));
      return groupName === undefined ? 2 : 0;
    }
    const group = findGroup(groups, groupName);
    if (commandName === undefined || commandName === "--help" || commandName === "-h") {
      writeLine(io.stdout, groupHelp(group));
      return commandName === undefined ? 2 : 0;
    }
    const command = group.commands.find((candidate) => candidate.name === commandName);
    if (!command) {
      throw new UsageError(
        `unknown command "lab ${group.name} ${commandName}"; expected one of: ${group.commands.map((c) => c.name).join(", ")}`,
      );
    }
    const fullName = `${group.name} ${command.name}`;
    const { options, positionals } = parseCommandArgs(command, rest, fullName);
    if (options.help) {
      writeLine(io.stdout, commandHelp(group, command));
      return 0;
    }
    const json = options.json === true;
    const context: CommandContext = {
      options,
      positionals,
      json,
      seed: command.training ? (options.seed as number) : undefined,
      outDir: command.training ? resolve(io.cwd, options.out as string) : undefined,
      env: io.env,
      cwd: io.cwd,
      onProgress: createProgressRenderer({ stream: io.stderr }),
      print: (line = "") => {
        if (!json) writeLine(io.stdout, line);
      },
      note: (line) => writeLine(io.stderr, line),
    };
    const result: CommandResult = await command.run(context);
    if (json) writeLine(io.stdout, JSON.stringify(result));
    return 0;
  } catch (error) {
    const expected = error instanceof LabError;
    const message = error instanceof Error ? error.message : String(error);
    const line = oneLine(
      expected
        ? message
        : `unexpected ${error instanceof Error ? error.name : "error"}: ${message} (set LAB_DEBUG=1 for the stack)`,
    );
    writeLine(io.stderr, `lab: ${line}`);
    if (io.env.LAB_DEBUG && error instanceof Error && error.stack) writeLine(io.stderr, error.stack);
    if (jsonRequested) {
      const type = error instanceof Error ? error.name : "Error";
      writeLine(io.stdout, JSON.stringify({ error: { type, message: line } }));
    }
    return error instanceof UsageError ? 2 : 1;
  }
}
