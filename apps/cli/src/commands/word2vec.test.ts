import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLab } from "../testing.js";
import { word2vecCommands } from "./word2vec.js";

const lab = (args: string[]) => runLab(args, { groups: [word2vecCommands] });
const folder = mkdtempSync(join(tmpdir(), "lab-cli-word2vec-"));

/** A small corpus with planted classes: colors and animals are interchangeable within their class. */
function corpusFile(): string {
  const colors = ["red", "blue", "green", "pink"];
  const animals = ["fish", "bird", "frog", "mouse"];
  const lines: string[] = [];
  for (let i = 0; i < 120; i++) {
    lines.push(
      `one ${colors[i % 4]} ${animals[(i * 3) % 4]}, two ${colors[(i + 1) % 4]} ${animals[(i + 2) % 4]}!`,
    );
  }
  const path = join(folder, "corpus.txt");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

describe("lab word2vec", () => {
  const corpus = corpusFile();

  it("huffman: the set's codes and expected lengths", async () => {
    const result = await lab([
      "word2vec",
      "huffman",
      "--freqs",
      "do:18,you:4,know:7,the:20,way:9,of:4,devil:5,queen:6",
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(result.json.huffman.expected_length).toBeCloseTo(200 / 73, 12);
    expect(result.json.balanced).toMatchObject({ depth: 3, expected_length: 3 });
    expect(Object.keys(result.json.huffman.codes)).toEqual([
      "do",
      "you",
      "know",
      "the",
      "way",
      "of",
      "devil",
      "queen",
    ]);
    expect(result.json.huffman.codes.the).toHaveLength(2);
    const bad = await lab(["word2vec", "huffman", "--freqs", "do=18"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'lab: "do=18" is not word:count with a count >= 0 (expected entries such as "do:18,you:4")\n',
    );
  });

  it("train (softmax) writes the model, ONNX and map; same seed, same pairs; similar and analogy read it", async () => {
    const out = join(folder, "model");
    const args = ["word2vec", "train", "--corpus", corpus, "--epochs", "3", "--json"];
    const first = await lab([...args, "--out", out]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`data: ${corpus}`);
    const json = first.json;
    expect(json).toMatchObject({ method: "softmax", vocab_size: 10, dim: 10, window: 2, epochs: 3 });
    expect(json.input_weights_shape).toEqual([10, 10]);
    expect(json.output_weights_shape).toEqual([10, 10]);
    expect(json.top_pairs).toHaveLength(30);
    expect(json.top_pairs[0].a).toBe(json.top_pairs[1].b);
    expect(json.words_per_sec).toBeGreaterThan(0);
    for (const file of ["vectors.bin", "vocab.txt", "metadata.json", "model.onnx", "word-map.svg"]) {
      expect(existsSync(join(out, file))).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(out, "metadata.json"), "utf8"))).toMatchObject({
      method: "softmax",
      dim: 10,
      window: 2,
      seed: 1,
      corpus,
    });
    const second = await lab([...args, "--out", join(folder, "model2")]);
    expect(second.json.top_pairs).toEqual(json.top_pairs);

    const similar = await lab(["word2vec", "similar", "--model", out, "--word", "red", "--n", "3", "--json"]);
    expect(similar.code).toBe(0);
    expect(similar.json.word).toBe("red");
    expect(similar.json.similar).toHaveLength(3);
    // Planted structure: the nearest words to a color are colors.
    expect(["blue", "green", "pink"]).toContain(similar.json.similar[0].word);

    const analogy = await lab([
      "word2vec",
      "analogy",
      "--model",
      out,
      "--a",
      "red",
      "--b",
      "fish",
      "--c",
      "blue",
      "--json",
    ]);
    expect(analogy.code).toBe(0);
    expect(analogy.json.answers.map((entry: { word: string }) => entry.word)).not.toContain("blue");

    const unknown = await lab(["word2vec", "similar", "--model", out, "--word", "gren"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('lab: "gren" is not in the vocabulary; did you mean "green", "red"?\n');
  });

  it("train --method ns runs the engine on the same file", async () => {
    const result = await lab([
      "word2vec",
      "train",
      "--corpus",
      corpus,
      "--method",
      "ns",
      "--dim",
      "8",
      "--epochs",
      "2",
      "--out",
      join(folder, "ns"),
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ method: "ns", vocab_size: 10, dim: 8, pairs: null });
    expect(result.json.output_weights_shape).toEqual([8, 10]);
  });

  it("bad input: missing files, folders that are not models, bad options", async () => {
    const missing = await lab([
      "word2vec",
      "train",
      "--corpus",
      join(folder, "nope.txt"),
      "--out",
      join(folder, "x"),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^lab: cannot read ".*nope\.txt": no such file\n$/);
    expect(existsSync(join(folder, "x"))).toBe(false);
    const notModel = await lab(["word2vec", "similar", "--model", folder, "--word", "red"]);
    expect(notModel.stderr).toMatch(
      /holds no metadata\.json; expected a folder written by `lab word2vec train --out`/,
    );
    // A wrong --out fails before any training, and the folder's own files stay.
    const occupied = join(folder, "occupied");
    mkdirSync(occupied);
    writeFileSync(join(occupied, "notes.txt"), "mine");
    const refused = await lab(["word2vec", "train", "--corpus", corpus, "--out", occupied]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^lab: ".*occupied" already holds other files and no word2vec model; choose an empty or new folder\n$/,
    );
    expect(readdirSync(occupied)).toEqual(["notes.txt"]);
    writeFileSync(join(folder, "a-file"), "");
    const notFolder = await lab(["word2vec", "train", "--corpus", corpus, "--out", join(folder, "a-file")]);
    expect(notFolder.stderr).toMatch(/^lab: cannot save a model to ".*a-file": it is a file\n$/);
    const badMethod = await lab(["word2vec", "train", "--method", "glove"]);
    expect(badMethod.code).toBe(2);
    expect(badMethod.stderr).toMatch(/--method must be one of softmax, hs, ns; got "glove"/);
    const empty = join(folder, "empty.txt");
    writeFileSync(empty, "... !!! \n");
    const nothing = await lab(["word2vec", "train", "--corpus", empty, "--out", join(folder, "y")]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/^lab: (no word occurs|the corpus needs at least two)/m);
  });

  it("reproduce writes the report on a given corpus", async () => {
    const out = join(folder, "report");
    const result = await lab([
      "word2vec",
      "reproduce",
      "--corpus",
      corpus,
      "--epochs",
      "2",
      "--out",
      out,
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(result.json.huffman.expected_length).toBeCloseTo(200 / 73, 12);
    expect(result.json.balanced).toEqual({ depth: 3, expected_length: 3 });
    expect(result.json.input_weights_shape).toEqual([10, 10]);
    expect(result.json.top_pairs).toHaveLength(10);
    const markdown = readFileSync(join(out, "report.md"), "utf8");
    expect(markdown).toContain(`Corpus: ${corpus}.`);
    expect(existsSync(join(out, "word-map.svg"))).toBe(true);
  });
});
