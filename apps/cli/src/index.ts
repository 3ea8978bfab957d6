export type {
  CommandContext,
  CommandGroup,
  CommandResult,
  CommandSpec,
  OptionSpec,
  OptionType,
  OptionValue,
  OptionValues,
  PositionalSpec,
} from "./command.js";
export { defineCommand, defineGroup } from "./command.js";
export { commandGroups } from "./commands/index.js";
export { type CliIo, runCli } from "./run.js";
export { UsageError } from "./usage-error.js";
