import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@lab/core";
import { loadPredictor } from "@lab/nn";
import { describe, expect, it } from "vitest";
import { exportLookupOnnx, lookupVocabulary, lookupWithOnnx } from "./onnx-export.js";
import { WordVectors } from "./vectors.js";

describe("ONNX lookup export", () => {
  it("returns exactly the rows of WordVectors for every word", async () => {
    const rng = createRng(4);
    const words = Array.from({ length: 50 }, (_, i) => `w${i}`);
    const values = new Float32Array(50 * 7);
    for (let i = 0; i < values.length; i++) values[i] = rng.normal();
    const vectors = new WordVectors(words, values, 7);
    const path = join(mkdtempSync(join(tmpdir(), "lab-w2v-onnx-")), "lookup.onnx");
    await exportLookupOnnx(path, vectors);
    const predictor = await loadPredictor(path);
    try {
      expect(lookupVocabulary(predictor)).toEqual({ dim: 7, words });
      const query = ["w49", "w0", "w17", "w17"];
      const got = await lookupWithOnnx(predictor, query);
      const expected = new Float32Array(query.length * 7);
      query.forEach((word, r) => {
        expected.set(vectors.vector(word), r * 7);
      });
      expect(Array.from(got)).toEqual(Array.from(expected));
      const all = await lookupWithOnnx(predictor, words);
      expect(Array.from(all)).toEqual(Array.from(values));
      await expect(lookupWithOnnx(predictor, ["nope"])).rejects.toThrow(
        /"nope" is not in the model's vocabulary/,
      );
    } finally {
      await predictor.release();
    }
  });
});
