import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { PLANTED_CLASSES } from "../src/corpus.js";

// The README shows this example and its output; running it here keeps the README true.
it("examples/quickstart.ts runs and prints what the README says", () => {
  const out = mkdtempSync(join(tmpdir(), "lab-w2v-quickstart-"));
  const stdout = execFileSync(
    process.execPath,
    [
      "--conditions=@lab/source",
      "--import",
      "tsx",
      fileURLToPath(new URL("./quickstart.ts", import.meta.url)),
      out,
    ],
    { encoding: "utf8", cwd: fileURLToPath(new URL("..", import.meta.url)) },
  );
  const lines = stdout.trim().split("\n");
  expect(lines[0]).toBe("3B: Huffman 2.7397, balanced 3");
  expect(lines[1]).toBe("shapes: 30x10 and 10x30");
  const neighbours = (line: string, prefix: string) => line.slice(prefix.length).split(", ");
  expect(lines[2]).toMatch(/^nearest to cat: /);
  for (const word of neighbours(lines[2]!, "nearest to cat: "))
    expect(PLANTED_CLASSES.animal).toContain(word);
  expect(lines[3]).toMatch(/^top pair: \w+ ~ \w+$/);
  const [a, b] = lines[3]!.slice("top pair: ".length).split(" ~ ");
  expect(Object.values(PLANTED_CLASSES).some((words) => words.includes(a!) && words.includes(b!))).toBe(true);
  for (const word of neighbours(lines[4]!, "ns nearest to bread: "))
    expect(PLANTED_CLASSES.food).toContain(word);
  expect(lines.slice(5)).toEqual(["reloaded 30 words x 16", "model: softmax, 30 words"]);
  expect(existsSync(join(out, "model", "model.onnx"))).toBe(true);
});
