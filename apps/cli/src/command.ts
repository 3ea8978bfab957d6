import type { ProgressListener } from "@lab/core";

/** How an option's text is turned into a value. */
export type OptionType =
  | "string"
  | "path"
  | "number"
  | "integer"
  | "boolean"
  | "number-list"
  | "integer-list";

export interface OptionSpec {
  readonly type: OptionType;
  readonly description: string;
  readonly default?: string | number | boolean | readonly number[];
  readonly required?: boolean;
  /** Allowed values of a string option. */
  readonly choices?: readonly string[];
  /** Smallest allowed value of a numeric option (or of each list element). */
  readonly min?: number;
  /** Placeholder in help, e.g. "FILE". */
  readonly valueName?: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
}

export type OptionValue = string | number | boolean | number[] | undefined;
export type OptionValues = Record<string, OptionValue>;

export interface CommandContext {
  /** Parsed options keyed by their long name (kebab-case as typed, e.g. "min-count"). */
  readonly options: OptionValues;
  readonly positionals: readonly string[];
  /** True under --json: human output is suppressed and the result is printed as one JSON line. */
  readonly json: boolean;
  /** Seed for training commands (--seed), otherwise undefined. */
  readonly seed: number | undefined;
  /** Output folder for training commands (--out), otherwise undefined. */
  readonly outDir: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Receives library progress events and draws them on stderr. */
  readonly onProgress: ProgressListener;
  /** Human-readable output line on stdout; dropped under --json. */
  print(line?: string): void;
  /** A one-line notice on stderr (warnings, the data used); shown with and without --json. */
  note(line: string): void;
}

/** What a command returns: the JSON result, printed as the last stdout line under --json. */
export type CommandResult = Record<string, unknown>;

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly positionals?: readonly PositionalSpec[];
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Training commands get --seed N and --out DIR (the CLI contract). */
  readonly training?: { readonly defaultOut: string };
  /** Extra lines for --help, such as examples. */
  readonly examples?: readonly string[];
  run(context: CommandContext): Promise<CommandResult>;
}

/** A package's sub-commands: `lab <name> <command>`. */
export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  readonly commands: readonly CommandSpec[];
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

export function defineGroup(group: CommandGroup): CommandGroup {
  return group;
}
