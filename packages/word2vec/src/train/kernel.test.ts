import { createRng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { createEngineSetup, resolveOptions } from "./options.js";
import { ReferenceEngine } from "./reference.js";
import type { ThreadState } from "./setup.js";
import { skewedCorpus } from "./test-support.js";
import { kernelModule, WasmEngine } from "./wasm-engine.js";

describe("WebAssembly kernel against the TypeScript reference", () => {
  it("compiles on this runtime (Node >= 20 has WebAssembly SIMD and shared memory)", () => {
    expect(kernelModule({ stride: 4, model: "skipgram", method: "ns" })).not.toBeNull();
  });

  const cases = [
    { model: "skipgram", method: "ns", dim: 3 },
    { model: "skipgram", method: "ns", dim: 20 },
    { model: "skipgram", method: "hs", dim: 17 },
    { model: "cbow", method: "ns", dim: 8 },
    { model: "cbow", method: "hs", dim: 5 },
    // Wider than MAX_UNROLLED_STRIDE: the looped kernel.
    { model: "skipgram", method: "ns", dim: 530, words: 150 },
    { model: "cbow", method: "hs", dim: 520, words: 150 },
  ] as const;
  for (const testCase of cases) {
    const { model, method, dim } = testCase;
    const words = "words" in testCase ? testCase.words : 3000;
    it(`gives bit-identical vectors, loss and generator state (${model}, ${method}, dim ${dim})`, () => {
      const data = skewedCorpus(40, words, 11);
      const options = resolveOptions({ model, method, dim, window: 3, negative: 4, sample: 0.01 });
      const { setup, outputRows } = createEngineSetup(data, options);
      const wasm = new WasmEngine(setup, outputRows);
      const reference = new ReferenceEngine(
        setup,
        new Float32Array(wasm.syn0.length),
        new Float32Array(wasm.syn1.length),
      );
      const rng = createRng(5);
      for (let w = 0; w < setup.vocabSize; w++) {
        for (let c = 0; c < dim; c++) {
          const value = (rng.uniform() - 0.5) / dim;
          wasm.syn0[w * setup.stride + c] = value;
          reference.syn0[w * setup.stride + c] = value;
        }
      }
      const a: ThreadState = { rng: 2024, loss: 0, lossTerms: 0 };
      const b: ThreadState = { rng: 2024, loss: 0, lossTerms: 0 };
      const sentences = setup.sentenceEnds.length;
      let keptA = 0;
      let keptB = 0;
      for (let epoch = 0; epoch < 3; epoch++) {
        for (let first = 0; first < sentences; first += 17) {
          const end = Math.min(sentences, first + 17);
          const alpha = 0.05 * (1 - (epoch * sentences + first) / (3 * sentences));
          keptA += wasm.trainChunk(a, first, end, alpha);
          keptB += reference.trainChunk(b, first, end, alpha);
        }
      }
      expect(keptA).toBe(keptB);
      expect(keptA).toBeGreaterThan(0);
      expect(keptA).toBeLessThan(3 * words);
      expect(a).toEqual(b);
      expect(a.lossTerms).toBeGreaterThan(0);
      expect(wasm.syn0).toEqual(reference.syn0);
      expect(wasm.syn1).toEqual(reference.syn1);
      // Training moved the vectors, and the padding lanes stayed zero.
      expect(wasm.syn1.some((value) => value !== 0)).toBe(true);
      for (let w = 0; w < setup.vocabSize; w++) {
        for (let c = dim; c < setup.stride; c++) expect(wasm.syn0[w * setup.stride + c]).toBe(0);
      }
    });
  }
});
