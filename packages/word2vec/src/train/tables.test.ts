import { describe, expect, it } from "vitest";
import {
  EXP_TABLE_SIZE,
  INDEX_SCALE,
  keepThresholds,
  MAX_EXP,
  negativeSampler,
  samplerProbabilities,
  sigmoidTables,
  xorshift32,
} from "./tables.js";

describe("sigmoid tables", () => {
  it("hold sigmoid and its logs at the left edge of each bin, like word2vec.c's expTable", () => {
    const { sigmoid, logSigmoid, logOneMinusSigmoid } = sigmoidTables();
    expect(sigmoid.length).toBe(EXP_TABLE_SIZE + 1);
    expect(sigmoid[0]).toBeCloseTo(1 / (1 + Math.exp(MAX_EXP)), 7);
    expect(sigmoid[EXP_TABLE_SIZE / 2]).toBeCloseTo(0.5, 7);
    for (const i of [0, 137, 500, 999]) {
      const x = ((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP;
      // word2vec.c: e = exp(x); e / (e + 1).
      expect(sigmoid[i]).toBeCloseTo(Math.exp(x) / (Math.exp(x) + 1), 7);
      expect(logSigmoid[i]).toBeCloseTo(Math.log(1 / (1 + Math.exp(-x))), 5);
      expect(logOneMinusSigmoid[i]).toBeCloseTo(Math.log(1 - 1 / (1 + Math.exp(-x))), 5);
    }
    // The bin of f is trunc((f + MAX_EXP) * INDEX_SCALE).
    expect(Math.trunc((0 + MAX_EXP) * INDEX_SCALE)).toBe(500);
  });
});

describe("keepThresholds", () => {
  it("follows word2vec.c's subsampling formula", () => {
    const counts = [5000, 1000, 100, 10, 1];
    const total = counts.reduce((a, b) => a + b);
    const sample = 1e-3;
    const thresholds = keepThresholds(counts, sample);
    for (let w = 0; w < counts.length; w++) {
      const t = sample * total;
      const keep = Math.min(1, (Math.sqrt(counts[w]! / t) + 1) * (t / counts[w]!));
      expect(thresholds[w]! / 2 ** 32).toBeCloseTo(keep, 8);
    }
    // Frequent words are dropped often, rare ones never.
    expect(thresholds[0]! / 2 ** 32).toBeLessThan(0.15);
    expect(thresholds[4]).toBe(0xffffffff);
  });

  it("keeps everything when sample is 0", () => {
    expect(Array.from(keepThresholds([9, 1], 0))).toEqual([0xffffffff, 0xffffffff]);
  });
});

describe("negativeSampler", () => {
  it("draws from the unigram distribution raised to 0.75", () => {
    const counts = [100, 50, 20, 7, 1, 0, 3];
    const sampler = negativeSampler(counts);
    const weights = counts.map((c) => c ** 0.75);
    const total = weights.reduce((a, b) => a + b);
    const p = samplerProbabilities(sampler);
    for (let w = 0; w < counts.length; w++) expect(p[w]).toBeCloseTo(weights[w]! / total, 8);
    expect(p[5]).toBe(0);
  });

  it("matches its distribution when sampled the way the kernels do", () => {
    const counts = [40, 10, 5, 1];
    const sampler = negativeSampler(counts);
    const hits = new Float64Array(counts.length);
    let state = 99;
    const draws = 200_000;
    for (let i = 0; i < draws; i++) {
      state = xorshift32(state);
      const column = state % counts.length;
      state = xorshift32(state);
      hits[state < sampler.keep[column]! ? column : sampler.alias[column]!]++;
    }
    const p = samplerProbabilities(sampler);
    for (let w = 0; w < counts.length; w++) expect(hits[w]! / draws).toBeCloseTo(p[w]!, 2);
  });

  it("rejects a vocabulary without counts", () => {
    expect(() => negativeSampler([0, 0])).toThrow(/count > 0/);
  });
});

describe("xorshift32", () => {
  it("is Marsaglia's 13/17/5 generator", () => {
    expect(xorshift32(1)).toBe(270369);
    let state = 1;
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      state = xorshift32(state);
      expect(state).toBeGreaterThan(0);
      expect(state).toBeLessThan(2 ** 32);
      seen.add(state);
    }
    expect(seen.size).toBe(1000);
  });
});
