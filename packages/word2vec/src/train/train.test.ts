import { InvalidArgumentError, type ProgressEvent } from "@lab/core";
import { describe, expect, it } from "vitest";
import { buildVocabulary, encodeTokens } from "../vocab.js";
import type { TrainingStats } from "./options.js";
import { classSeparation, GRAMMAR_CLASSES, grammarSentences, skewedCorpus } from "./test-support.js";
import { trainWord2Vec } from "./train.js";

function grammarData(sentences: number, seed: number) {
  const text = grammarSentences(sentences, seed);
  const vocabulary = buildVocabulary(text.flat());
  const ids = encodeTokens(text.flat(), vocabulary);
  const sentenceEnds = Int32Array.from(text, (_, s) => (s + 1) * text[0]!.length);
  return { vocabulary, data: { ids, sentenceEnds, counts: vocabulary.counts } };
}

describe("trainWord2Vec", () => {
  it("is reproducible for a seed on one thread and equal to the TypeScript engine", async () => {
    const data = skewedCorpus(50, 4000, 21);
    const options = { dim: 12, window: 4, epochs: 2, seed: 9, sample: 0.01 } as const;
    const first = await trainWord2Vec(data, options);
    const again = await trainWord2Vec(data, options);
    const typescript = await trainWord2Vec(data, { ...options, engine: "typescript" });
    const otherSeed = await trainWord2Vec(data, { ...options, seed: 10 });
    expect(first.engine).toBe("wasm");
    expect(typescript.engine).toBe("typescript");
    expect(again.inputVectors).toEqual(first.inputVectors);
    expect(typescript.inputVectors).toEqual(first.inputVectors);
    expect(typescript.outputVectors).toEqual(first.outputVectors);
    expect(typescript.effectiveWords).toBe(first.effectiveWords);
    expect(typescript.epochLoss).toEqual(first.epochLoss);
    expect(otherSeed.inputVectors).not.toEqual(first.inputVectors);
  });

  it("returns V x dim input vectors, V or V - 1 output rows, and word counts", async () => {
    const data = skewedCorpus(30, 2000, 4);
    const ns = await trainWord2Vec(data, { dim: 6, epochs: 3, sample: 0 });
    expect(ns.inputVectors.length).toBe(30 * 6);
    expect(ns.outputRows).toBe(30);
    expect(ns.outputVectors.length).toBe(30 * 6);
    // Without subsampling every corpus word is trained in every epoch.
    expect(ns.rawWords).toBe(3 * 2000);
    expect(ns.effectiveWords).toBe(3 * 2000);
    expect(ns.epochLoss).toHaveLength(3);
    expect(ns.epochLoss[2]).toBeLessThan(ns.epochLoss[0]!);
    expect(ns.wordsPerSecond).toBeGreaterThan(0);
    const hs = await trainWord2Vec(data, { dim: 6, epochs: 1, method: "hs", model: "cbow" });
    expect(hs.outputRows).toBe(29);
    expect(hs.outputVectors.length).toBe(29 * 6);
    expect(hs.effectiveWords).toBeLessThan(2000);
    expect(hs.inputVectors.every(Number.isFinite)).toBe(true);
  });

  it("initialises input vectors in [-0.5, 0.5) / dim and output vectors at zero", async () => {
    // alpha = minAlpha -> tiny steps; one word so nothing but initial values matter much.
    const data = skewedCorpus(20, 50, 2);
    const result = await trainWord2Vec(data, { dim: 10, epochs: 1, alpha: 1e-12, minAlpha: 1e-12 });
    expect(result.inputVectors.every((v) => v >= -0.05 && v < 0.05)).toBe(true);
    expect(result.inputVectors.some((v) => Math.abs(v) > 0.03)).toBe(true);
    expect(result.outputVectors.every((v) => Math.abs(v) < 1e-9)).toBe(true);
  });

  it("reports progress events and stats", async () => {
    const data = skewedCorpus(40, 30_000, 8);
    const events: ProgressEvent[] = [];
    const stats: TrainingStats[] = [];
    const result = await trainWord2Vec(data, {
      dim: 8,
      epochs: 2,
      onProgress: (event) => events.push(event),
      onStats: (s) => stats.push(s),
      statsIntervalMs: 1,
    });
    expect(events[0]!.phase).toBe("start");
    expect(events.at(-1)!.phase).toBe("end");
    expect(events.at(-1)!.total).toBe(60_000);
    expect(events.at(-1)!.message).toMatch(/words\/s, loss \d/);
    const last = stats.at(-1)!;
    expect(last.rawWords).toBe(60_000);
    expect(last.effectiveWords).toBe(result.effectiveWords);
    expect(last.loss).toBeCloseTo(result.loss, 12);
    expect(last.alpha).toBeCloseTo(0.0001, 12);
  });

  it("runs with more threads than sentences (idle threads do nothing)", async () => {
    const ids = Int32Array.from({ length: 40 }, (_, i) => i % 8);
    const result = await trainWord2Vec(
      { ids, sentenceEnds: Int32Array.of(20, 40), counts: new Float64Array(8).fill(5) },
      { dim: 4, threads: 3, epochs: 2, sample: 0 },
    );
    expect(result.threads).toBe(3);
    expect(result.rawWords).toBe(80);
    expect(result.effectiveWords).toBe(80);
    expect(result.epochLoss.every(Number.isFinite)).toBe(true);
  });

  it("rejects bad options and data with one clear error", async () => {
    const data = skewedCorpus(10, 100, 1);
    await expect(trainWord2Vec(data, { dim: 0 })).rejects.toThrow(/dim must be an integer/);
    await expect(trainWord2Vec(data, { method: "softmax" as "ns" })).rejects.toThrow(InvalidArgumentError);
    await expect(trainWord2Vec(data, { minAlpha: 1 })).rejects.toThrow(/minAlpha/);
    await expect(trainWord2Vec(data, { engine: "typescript", threads: 2 })).rejects.toThrow(/one thread/);
    await expect(trainWord2Vec({ ...data, counts: data.counts.slice(0, 5) })).rejects.toThrow(
      /outside the vocabulary/,
    );
    await expect(trainWord2Vec({ ...data, counts: [...data.counts.slice(0, 9), -1] })).rejects.toThrow(
      /count of word 9/,
    );
  });

  describe("learns the planted grammar: words of one class end nearer each other", () => {
    const { vocabulary, data } = grammarData(3000, 17);
    for (const [model, method] of [
      ["skipgram", "ns"],
      ["skipgram", "hs"],
      ["cbow", "ns"],
      ["cbow", "hs"],
    ] as const) {
      it(`${model}, ${method}`, async () => {
        const result = await trainWord2Vec(data, { model, method, dim: 16, window: 2, epochs: 5, sample: 0 });
        const { within, across } = classSeparation(
          result.inputVectors,
          16,
          vocabulary.index,
          GRAMMAR_CLASSES,
        );
        expect(within - across).toBeGreaterThan(0.5);
      });
    }
  });

  it("trains to comparable quality on two threads (Hogwild)", async () => {
    const { vocabulary, data } = grammarData(3000, 23);
    const options = { dim: 16, window: 2, epochs: 5, sample: 0 } as const;
    const one = await trainWord2Vec(data, { ...options, threads: 1 });
    const two = await trainWord2Vec(data, { ...options, threads: 2 });
    expect(two.threads).toBe(2);
    expect(two.rawWords).toBe(one.rawWords);
    expect(two.effectiveWords).toBe(one.effectiveWords);
    const a = classSeparation(one.inputVectors, 16, vocabulary.index, GRAMMAR_CLASSES);
    const b = classSeparation(two.inputVectors, 16, vocabulary.index, GRAMMAR_CLASSES);
    expect(b.within - b.across).toBeGreaterThan(0.5);
    expect(Math.abs(b.within - b.across - (a.within - a.across))).toBeLessThan(0.15);
    expect(Math.abs(two.epochLoss.at(-1)! - one.epochLoss.at(-1)!)).toBeLessThan(
      0.05 * one.epochLoss.at(-1)!,
    );
  });
});
