import { describe, expect, it } from "vitest";
import { defineCommand, defineGroup } from "./command.js";
import { runCli } from "./run.js";
import { memoryStream } from "./testing.js";

const seen: Record<string, unknown>[] = [];
const testGroup = defineGroup({
  name: "demo",
  summary: "commands used to test the CLI framework",
  commands: [
    defineCommand({
      name: "echo",
      summary: "returns its options",
      positionals: [{ name: "word", description: "a word", required: true }],
      options: {
        k: { type: "integer", description: "an integer", default: 20, min: 1 },
        lambda: { type: "number-list", description: "numbers", default: [0, 0.1] },
        method: { type: "string", description: "a choice", choices: ["sgd", "als"], default: "sgd" },
      },
      training: { defaultOut: "lab-out/demo" },
      async run(context) {
        seen.push({ ...context.options });
        context.print(`word ${context.positionals[0]}`);
        return {
          word: context.positionals[0],
          k: context.options.k,
          seed: context.seed,
          out: context.outDir,
        };
      },
    }),
    defineCommand({
      name: "fail",
      summary: "throws an unexpected error",
      async run() {
        throw new TypeError("boom\nsecond line");
      },
    }),
  ],
});

async function run(args: string[]) {
  const stdout = memoryStream();
  const stderr = memoryStream();
  const code = await runCli(args, { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: "/tmp/x" }, [
    testGroup,
  ]);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe("runCli", () => {
  it("prints the result as the last stdout line under --json", async () => {
    const result = await run([
      "demo",
      "echo",
      "hello",
      "--k",
      "5",
      "--lambda",
      "0,1e-4",
      "--seed",
      "7",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(JSON.parse(lines.at(-1)!)).toEqual({ word: "hello", k: 5, seed: 7, out: "/tmp/x/lab-out/demo" });
    expect(result.stdout).not.toContain("word hello");
    expect(seen.at(-1)).toMatchObject({ lambda: [0, 1e-4], method: "sgd" });
  });

  it("prints human output without --json", async () => {
    const result = await run(["demo", "echo", "hi"]);
    expect(result).toMatchObject({ code: 0, stdout: "word hi\n", stderr: "" });
  });

  it.each([
    [["demo", "echo", "x", "--k", "abc"], 'demo echo: --k expects an integer, got "abc"'],
    [["demo", "echo", "x", "--k", "0"], "demo echo: --k must be at least 1, got 0"],
    [["demo", "echo", "x", "--method", "adam"], 'demo echo: --method must be one of sgd, als; got "adam"'],
    [["demo", "echo", "x", "--nope"], "demo echo: Unknown option '--nope' (see lab demo echo --help)"],
    [["demo", "echo"], "demo echo: missing argument <word> (see lab demo echo --help)"],
    [["demo", "zap"], 'unknown command "lab demo zap"; expected one of: echo, fail'],
    [["nope"], 'unknown package "nope"; expected one of: demo'],
  ])("rejects %j with one line and exit code 2", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`lab: ${message}\n`);
    expect(result.stdout).toBe("");
  });

  it("reports unexpected errors on one line with exit code 1, and as JSON under --json", async () => {
    const result = await run(["demo", "fail", "--json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "lab: unexpected TypeError: boom second line (set LAB_DEBUG=1 for the stack)\n",
    );
    expect(JSON.parse(result.stdout.trim())).toEqual({
      error: {
        type: "TypeError",
        message: "unexpected TypeError: boom second line (set LAB_DEBUG=1 for the stack)",
      },
    });
  });

  it("shows help at every level", async () => {
    expect((await run(["--help"])).stdout).toContain("demo  commands used to test the CLI framework");
    expect((await run(["demo", "--help"])).stdout).toContain("echo  returns its options");
    const help = await run(["demo", "echo", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: lab demo echo <word> [options]");
    expect(help.stdout).toMatch(
      /--seed INTEGER\s+random seed; the same seed gives the same result \(default: 1\)/,
    );
    expect(help.stdout).toMatch(/--method sgd\|als\s+a choice \(default: sgd\)/);
  });
});
