import type { CommandGroup, CommandSpec, OptionSpec } from "./command.js";
import { allOptionSpecs } from "./parse-options.js";

function columns(rows: readonly (readonly [string, string])[], indent = "  "): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width + 2)}${right}`);
}

function optionLabel(flag: string, spec: OptionSpec): string {
  if (spec.type === "boolean") return `--${flag}`;
  const placeholder = spec.valueName ?? (spec.choices ? spec.choices.join("|") : spec.type.toUpperCase());
  return `--${flag} ${placeholder}`;
}

function optionText(spec: OptionSpec): string {
  const parts = [spec.description];
  if (spec.required) parts.push("(required)");
  else if (spec.default !== undefined && spec.type !== "boolean") {
    const fallback = Array.isArray(spec.default) ? spec.default.join(",") : String(spec.default);
    parts.push(`(default: ${fallback})`);
  }
  return parts.join(" ");
}

export function rootHelp(groups: readonly CommandGroup[], version: string): string {
  return [
    `lab ${version}: machine-learning packages for Node, trained on ONNX Runtime`,
    "",
    "Usage: lab <package> <command> [options]",
    "       lab <package> --help",
    "",
    "Packages:",
    ...columns(groups.map((group) => [group.name, group.summary])),
    "",
    "Every command takes --json (the last stdout line is one JSON object with the results) and --help.",
    "Training commands take --seed N and --out DIR. Progress goes to stderr.",
  ].join("\n");
}

export function groupHelp(group: CommandGroup): string {
  return [
    `lab ${group.name}: ${group.summary}`,
    "",
    `Usage: lab ${group.name} <command> [options]`,
    "",
    "Commands:",
    ...columns(group.commands.map((command) => [command.name, command.summary])),
    "",
    `Run "lab ${group.name} <command> --help" for a command's options.`,
  ].join("\n");
}

export function commandHelp(group: CommandGroup, command: CommandSpec): string {
  const positionals = command.positionals ?? [];
  const usage = [
    `lab ${group.name} ${command.name}`,
    ...positionals.map((spec) => (spec.required ? `<${spec.name}>` : `[${spec.name}]`)),
    "[options]",
  ].join(" ");
  const lines = [`${command.summary}`, "", `Usage: ${usage}`];
  if (positionals.length > 0) {
    lines.push("", "Arguments:", ...columns(positionals.map((spec) => [spec.name, spec.description])));
  }
  const options = Object.entries(allOptionSpecs(command));
  lines.push(
    "",
    "Options:",
    ...columns(options.map(([flag, spec]) => [optionLabel(flag, spec), optionText(spec)])),
  );
  if (command.examples && command.examples.length > 0) {
    lines.push("", "Examples:", ...command.examples.map((example) => `  ${example}`));
  }
  return lines.join("\n");
}
