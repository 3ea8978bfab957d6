import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPredictor } from "@lab/nn";
import { describe, expect, it } from "vitest";
import { loadModel, MODEL_FILES, saveModel } from "./model-dir.js";
import { lookupWithOnnx } from "./onnx-export.js";
import { WordVectors } from "./vectors.js";

const folder = mkdtempSync(join(tmpdir(), "lab-w2v-model-"));
const vectors = new WordVectors(["the", "whale", "ship"], Float32Array.of(1, 2, 3, 4, 5, 6), 2);
const model = {
  vectors,
  counts: Float64Array.of(10, 4, 2),
  metadata: { method: "softmax", dim: 2, window: 2, seed: 1, corpus: "test text", epochs: 3 },
};

describe("model directory", () => {
  it("saves vectors, vocabulary, metadata, ONNX and extra files, and loads them back", async () => {
    const dir = join(folder, "m1");
    const files = await saveModel(dir, model, { extraFiles: { "map.svg": "<svg/>" } });
    expect(files.map((file) => file.slice(dir.length + 1))).toEqual([
      "map.svg",
      "metadata.json",
      "model.onnx",
      "vectors.bin",
      "vocab.txt",
    ]);
    expect(readFileSync(join(dir, MODEL_FILES.vocabulary), "utf8")).toBe("the 10\nwhale 4\nship 2\n");
    const loaded = await loadModel(dir);
    expect(loaded.vectors.words).toEqual(["the", "whale", "ship"]);
    expect(Array.from(loaded.vectors.vectors)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(loaded.counts!)).toEqual([10, 4, 2]);
    expect(loaded.metadata).toEqual(model.metadata);
    const predictor = await loadPredictor(join(dir, MODEL_FILES.onnx));
    try {
      expect(Array.from(await lookupWithOnnx(predictor, ["ship"]))).toEqual([5, 6]);
    } finally {
      await predictor.release();
    }
  });

  it("replaces an earlier model as a whole and leaves no temporary folders", async () => {
    const dir = join(folder, "m2");
    await saveModel(dir, model, { extraFiles: { "old.txt": "x" } });
    await saveModel(dir, { ...model, counts: null, metadata: { ...model.metadata, seed: 2 } });
    expect(existsSync(join(dir, "old.txt"))).toBe(false);
    expect(existsSync(join(dir, MODEL_FILES.vocabulary))).toBe(false);
    const loaded = await loadModel(dir);
    expect(loaded.counts).toBeNull();
    expect(loaded.metadata.seed).toBe(2);
    expect(readdirSync(folder).filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("never replaces a folder holding something else", async () => {
    const dir = join(folder, "user-folder");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine");
    await expect(saveModel(dir, model)).rejects.toThrow(/already holds other files and no word2vec model/);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
    await expect(saveModel(dir, model, { extraFiles: { "../x": "" } })).rejects.toThrow(/plain file name/);
  });

  it("explains folders that are not models and files that disagree", async () => {
    await expect(loadModel(join(folder, "absent"))).rejects.toThrow(/holds no metadata\.json/);
    const dir = join(folder, "m3");
    await saveModel(dir, model);
    writeFileSync(join(dir, MODEL_FILES.vocabulary), "the 10\nwhales 4\nship 2\n");
    await expect(loadModel(dir)).rejects.toThrow(
      /vocab\.txt, line 2: word 2 is "whales" but the vectors file has "whale"/,
    );
    writeFileSync(join(dir, MODEL_FILES.vocabulary), "the 10\nwhale x\nship 2\n");
    await expect(loadModel(dir)).rejects.toThrow(/line 2: expected "<word> <count>"/);
    writeFileSync(join(dir, MODEL_FILES.metadata), "{");
    await expect(loadModel(dir)).rejects.toThrow(/metadata\.json: not valid JSON/);
  });
});
