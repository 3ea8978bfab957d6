import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { writeFileAtomic } from "@lab/core";
import { type CommandGroup, defineCommand, defineGroup } from "../command.js";
import { parseCommandArgs } from "../parse-options.js";

interface ReportEntry {
  readonly package: string;
  readonly summary: string;
  readonly report: string | null;
  readonly data: unknown;
  readonly seconds: number;
}

function indexPage(entries: readonly ReportEntry[], outDir: string, totalSeconds: number): string {
  const rows = entries.map((entry) => {
    const link = entry.report
      ? `[${relative(outDir, entry.report)}](${relative(outDir, entry.report)})`
      : "—";
    const data = typeof entry.data === "string" ? entry.data : JSON.stringify(entry.data ?? null);
    return `| \`lab ${entry.package} reproduce\` | ${entry.summary} | ${link} | ${data} | ${entry.seconds.toFixed(1)} |`;
  });
  return [
    "# lab: every package's seed reproduced",
    "",
    "Written by `lab all reproduce`, which runs each package's `reproduce` command with its defaults (the",
    "embedded data unless `LAB_DATA_DIR` or the cache holds the real set).",
    "",
    "| command | what it reruns | report | data | seconds |",
    "|---|---|---|---|---:|",
    ...rows,
    "",
    `Total: ${totalSeconds.toFixed(1)} s.`,
    "",
  ].join("\n");
}

/**
 * `lab all reproduce`: the main job of the quick start. It runs every package group's `reproduce`
 * in-process with that command's own defaults, each into `--out/<package>/`, so what it writes is
 * exactly what the per-package commands write; an index page links the reports.
 */
export function createAllGroup(groups: readonly CommandGroup[]): CommandGroup {
  // Only reproduce commands that take --out can write into the shared folder.
  const reproducible = groups.flatMap((group) => {
    const command = group.commands.find((candidate) => candidate.name === "reproduce" && candidate.training);
    return command ? [{ group, command }] : [];
  });
  const reproduceAll = defineCommand({
    name: "reproduce",
    summary: `run every package's reproduce (${reproducible.map(({ group }) => group.name).join(", ")}) and index the reports`,
    training: { defaultOut: "lab-out" },
    examples: [
      "pnpm lab all reproduce --out lab-out",
      "LAB_DATA_DIR=../shared/data pnpm lab all reproduce --json",
    ],
    async run(context) {
      const started = performance.now();
      const outDir = context.outDir!;
      const entries: ReportEntry[] = [];
      for (const { group, command } of reproducible) {
        const packageOut = join(outDir, group.name);
        const args = [
          "--out",
          packageOut,
          ...(command.training ? ["--seed", String(context.seed ?? 1)] : []),
        ];
        const { options, positionals } = parseCommandArgs(command, args, `${group.name} reproduce`);
        context.note(`lab all reproduce: ${group.name} -> ${packageOut}`);
        const packageStarted = performance.now();
        const result = await command.run({
          ...context,
          options,
          positionals,
          seed: options.seed as number,
          outDir: packageOut,
        });
        const reportPath = typeof result.report === "string" ? result.report : join(packageOut, "report.md");
        entries.push({
          package: group.name,
          summary: command.summary,
          report: existsSync(reportPath) ? reportPath : null,
          data: result.data ?? null,
          seconds: (performance.now() - packageStarted) / 1000,
        });
      }
      const seconds = (performance.now() - started) / 1000;
      const index = join(outDir, "README.md");
      await writeFileAtomic(index, indexPage(entries, outDir, seconds));
      context.print("");
      for (const entry of entries) {
        context.print(
          `${entry.package.padEnd(10)} ${entry.seconds.toFixed(1).padStart(6)} s  ${entry.report ?? "(no report)"}`,
        );
      }
      context.print(`index: ${index}`);
      return { out: outDir, index, reports: entries, seconds };
    },
  });
  return defineGroup({
    name: "all",
    summary: "every package at once: reproduce each seed notebook into one folder",
    commands: [reproduceAll],
  });
}
