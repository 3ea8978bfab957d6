import { describe, expect, it } from "vitest";
import { plantedCorpus } from "./corpus.js";
import { trainWord2Vec } from "./word2vec.js";

const corpus = plantedCorpus({ sentences: 800, seed: 3 });

describe("trainWord2Vec", () => {
  it("softmax: the set's network on sentences, with the set's defaults (D = 10, s = 2)", async () => {
    const result = await trainWord2Vec(corpus.sentences, { epochs: 2, seed: 4 });
    const V = result.vocabulary.words.length;
    expect(result).toMatchObject({ method: "softmax", dim: 10, window: 2, epochs: 2, engine: "onnxruntime" });
    expect(result.inputWeightsShape).toEqual([V, 10]);
    expect(result.outputWeightsShape).toEqual([10, V]);
    expect(result.outputWeights.length).toBe(10 * V);
    expect(result.tokens).toBe(corpus.sentences.flat().length);
    // Windows stop at sentence ends: 2·Σ_d (n − d) pairs per sentence of n words.
    const expectedPairs = corpus.sentences.reduce(
      (sum, s) => sum + 2 * (s.length - 1) + 2 * (s.length - 2),
      0,
    );
    expect(result.pairs).toBe(expectedPairs);
    expect(result.wordsPerSecond).toBeGreaterThan(0);
    expect(result.vectors.words).toEqual(result.vocabulary.words);
  });

  it("a flat token list is one sequence; minCount drops rare words", async () => {
    const tokens = ["a", "b", "a", "c", "a", "b", "rare"];
    const result = await trainWord2Vec(tokens, { epochs: 1, minCount: 2, dim: 3 });
    expect(result.vocabulary.words).toEqual(["a", "b"]);
    expect(result.tokens).toBe(5);
    expect(result.pairs).toBe(2 * 4 + 2 * 3);
  });

  it("hs and ns go to the word2vec engine; hs has V − 1 output rows", async () => {
    const hs = await trainWord2Vec(corpus.sentences, { method: "hs", epochs: 1, dim: 8 });
    const V = hs.vocabulary.words.length;
    expect(hs.inputWeightsShape).toEqual([V, 8]);
    expect(hs.outputWeightsShape).toEqual([8, V - 1]);
    expect(hs.pairs).toBeNull();
    const ns = await trainWord2Vec(corpus.sentences, { method: "ns", epochs: 1, dim: 8 });
    expect(ns.outputWeightsShape).toEqual([8, V]);
    expect(ns.epochLosses.length).toBe(1);
    expect(["wasm", "typescript"]).toContain(ns.engine);
  });

  it("explains bad input", async () => {
    await expect(trainWord2Vec(["a"], {})).rejects.toThrow(/at least two in-vocabulary words/);
    await expect(trainWord2Vec(["a", "b"], { minCount: 5 })).rejects.toThrow(
      /no word occurs at least 5 times/,
    );
    await expect(trainWord2Vec(["a", "b"], { method: "glove" as "ns" })).rejects.toThrow(
      /method must be "softmax", "hs" or "ns"/,
    );
    await expect(trainWord2Vec(["a", ["b"]] as unknown as string[])).rejects.toThrow(
      /a list of tokens or a list of sentences/,
    );
  });
});
