import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "@lab/core";
import { describe, expect, it } from "vitest";
import { type CommandGroup, defineCommand, defineGroup } from "../command.js";
import { runLab } from "../testing.js";
import { createAllGroup } from "./all.js";

/** A package group whose reproduce records what it was given and writes a report. */
function fakeGroup(name: string, seen: Array<Record<string, unknown>>): CommandGroup {
  return defineGroup({
    name,
    summary: `${name} things`,
    commands: [
      defineCommand({
        name: "train",
        summary: "not a reproduce",
        async run() {
          throw new Error("lab all reproduce must only run reproduce commands");
        },
      }),
      defineCommand({
        name: "reproduce",
        summary: `rerun ${name}'s seed`,
        training: { defaultOut: `lab-out/${name}` },
        options: { rounds: { type: "integer", description: "rounds", default: 3 } },
        async run(context) {
          seen.push({ name, rounds: context.options.rounds, seed: context.seed, out: context.outDir });
          await writeFileAtomic(join(context.outDir!, "report.md"), `# ${name}\n`);
          return { report: join(context.outDir!, "report.md"), data: `${name} data` };
        },
      }),
    ],
  });
}

describe("lab all reproduce", () => {
  it("runs every package's reproduce with its own defaults into out/<package> and indexes the reports", async () => {
    const seen: Array<Record<string, unknown>> = [];
    const packages = [fakeGroup("alpha", seen), fakeGroup("beta", seen)];
    const groups = [...packages, createAllGroup(packages)];
    const out = mkdtempSync(join(tmpdir(), "lab-all-"));
    const run = await runLab(["all", "reproduce", "--out", out, "--seed", "7", "--json"], { groups });
    expect(run.code).toBe(0);
    expect(seen).toEqual([
      { name: "alpha", rounds: 3, seed: 7, out: join(out, "alpha") },
      { name: "beta", rounds: 3, seed: 7, out: join(out, "beta") },
    ]);
    expect(run.json.reports.map((entry: { package: string }) => entry.package)).toEqual(["alpha", "beta"]);
    const index = readFileSync(join(out, "README.md"), "utf8");
    expect(index).toContain("[alpha/report.md](alpha/report.md)");
    expect(index).toContain("| beta data |");
  });

  it("stops at the first failing package with its one-line error and writes no index", async () => {
    const failing = defineGroup({
      name: "broken",
      summary: "fails",
      commands: [
        defineCommand({
          name: "reproduce",
          summary: "fails",
          training: { defaultOut: "lab-out/broken" },
          async run() {
            throw new Error("no data");
          },
        }),
      ],
    });
    const groups = [failing, createAllGroup([failing])];
    const out = mkdtempSync(join(tmpdir(), "lab-all-"));
    const run = await runLab(["all", "reproduce", "--out", out], { groups });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n").at(-1)).toMatch(/^lab: .*no data/);
    expect(() => readFileSync(join(out, "README.md"))).toThrow();
  });
});
