import { parseArgs } from "node:util";
import type { CommandSpec, OptionSpec, OptionValue, OptionValues } from "./command.js";
import { UsageError } from "./usage-error.js";

export const globalOptionSpecs: Readonly<Record<string, OptionSpec>> = {
  json: { type: "boolean", description: "print the result as one JSON object on the last line of stdout" },
  help: { type: "boolean", description: "show help for this command" },
};

export const trainingOptionSpecs = (defaultOut: string): Readonly<Record<string, OptionSpec>> => ({
  seed: {
    type: "integer",
    description: "random seed; the same seed gives the same result",
    default: 1,
    min: 0,
  },
  out: { type: "path", description: "folder for the model, its ONNX export and plots", default: defaultOut },
});

export function allOptionSpecs(command: CommandSpec): Record<string, OptionSpec> {
  return {
    ...(command.options ?? {}),
    ...(command.training ? trainingOptionSpecs(command.training.defaultOut) : {}),
    ...globalOptionSpecs,
  };
}

function parseNumber(text: string, integer: boolean, flag: string, commandName: string): number {
  const value = Number(text.trim());
  const valid = text.trim() !== "" && Number.isFinite(value) && (!integer || Number.isInteger(value));
  if (!valid) {
    throw new UsageError(
      `${commandName}: --${flag} expects ${integer ? "an integer" : "a number"}, got "${text}"`,
    );
  }
  return value;
}

function convert(text: string, spec: OptionSpec, flag: string, commandName: string): OptionValue {
  switch (spec.type) {
    case "number":
    case "integer": {
      const value = parseNumber(text, spec.type === "integer", flag, commandName);
      if (spec.min !== undefined && value < spec.min) {
        throw new UsageError(`${commandName}: --${flag} must be at least ${spec.min}, got ${value}`);
      }
      return value;
    }
    case "number-list":
    case "integer-list": {
      const values = text
        .split(",")
        .map((part) => parseNumber(part, spec.type === "integer-list", flag, commandName));
      const low = values.find((value) => spec.min !== undefined && value < spec.min);
      if (low !== undefined) {
        throw new UsageError(
          `${commandName}: every value of --${flag} must be at least ${spec.min}, got ${low}`,
        );
      }
      return values;
    }
    default:
      if (spec.choices && !spec.choices.includes(text)) {
        throw new UsageError(
          `${commandName}: --${flag} must be one of ${spec.choices.join(", ")}; got "${text}"`,
        );
      }
      return text;
  }
}

/** Parses argv for one command, applying defaults and checks; every problem becomes one UsageError line. */
export function parseCommandArgs(
  command: CommandSpec,
  argv: readonly string[],
  commandName: string,
): { options: OptionValues; positionals: string[] } {
  const specs = allOptionSpecs(command);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(specs).map(([flag, spec]) => [
          flag,
          { type: spec.type === "boolean" ? "boolean" : "string" },
        ]),
      ),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new UsageError(
      `${commandName}: ${message.replace(/\. To specify.*$/, "")} (see lab ${commandName} --help)`,
    );
  }
  const options: OptionValues = {};
  for (const [flag, spec] of Object.entries(specs)) {
    const raw = parsed.values[flag];
    if (raw === undefined) {
      if (spec.required && !parsed.values.help) {
        throw new UsageError(
          `${commandName}: missing required option --${flag} <${spec.valueName ?? spec.type}>`,
        );
      }
      const fallback = spec.default;
      options[flag] = Array.isArray(fallback) ? [...fallback] : (fallback as OptionValue);
      continue;
    }
    options[flag] = typeof raw === "boolean" ? raw : convert(String(raw), spec, flag, commandName);
  }
  const positionals = parsed.positionals;
  const declared = command.positionals ?? [];
  if (!parsed.values.help) {
    const missing = declared.find((spec, index) => spec.required && positionals[index] === undefined);
    if (missing)
      throw new UsageError(
        `${commandName}: missing argument <${missing.name}> (see lab ${commandName} --help)`,
      );
    if (positionals.length > declared.length) {
      throw new UsageError(
        `${commandName}: unexpected argument "${positionals[declared.length]}" (see lab ${commandName} --help)`,
      );
    }
  }
  return { options, positionals };
}
