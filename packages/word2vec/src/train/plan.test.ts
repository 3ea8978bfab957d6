import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { learningRate, planChunks, sentenceEnds } from "./plan.js";

describe("sentenceEnds", () => {
  const ids = Int32Array.from({ length: 10 }, (_, i) => i % 3);

  it("treats a corpus without ends as one text cut every maxLength words", () => {
    expect(Array.from(sentenceEnds({ ids }, 3, 4))).toEqual([4, 8, 10]);
    expect(Array.from(sentenceEnds({ ids }, 3, 100))).toEqual([10]);
  });

  it("cuts long sentences and drops empty ones", () => {
    const ends = Int32Array.of(0, 2, 2, 9, 10);
    expect(Array.from(sentenceEnds({ ids, sentenceEnds: ends }, 3, 3))).toEqual([2, 5, 8, 9, 10]);
  });

  it("rejects ids outside the vocabulary and malformed ends", () => {
    expect(() => sentenceEnds({ ids }, 2, 10)).toThrow(/position 2 holds word id 2/);
    expect(() => sentenceEnds({ ids, sentenceEnds: Int32Array.of(5, 4, 10) }, 3, 10)).toThrow(
      InvalidArgumentError,
    );
    expect(() => sentenceEnds({ ids, sentenceEnds: Int32Array.of(5) }, 3, 10)).toThrow(/last sentence end/);
    expect(() => sentenceEnds({ ids: new Int32Array(0) }, 3, 10)).toThrow(/corpus is empty/);
  });
});

describe("planChunks", () => {
  const lengths = [3, 7, 1, 12, 5, 5, 9, 2, 4, 8, 6, 1];
  const ends = Int32Array.from(lengths.map((_, k) => lengths.slice(0, k + 1).reduce((a, b) => a + b)));

  for (const threads of [1, 2, 3, 5]) {
    it(`gives ${threads} thread(s) contiguous slices covering every sentence once`, () => {
      const plans = planChunks(ends, threads, 10);
      expect(plans).toHaveLength(threads);
      let next = 0;
      let words = 0;
      for (const plan of plans) {
        for (let c = 0; c < plan.length; c += 3) {
          expect(plan[c]).toBe(next);
          expect(plan[c + 1]).toBeGreaterThan(plan[c]!);
          const start = plan[c]! === 0 ? 0 : ends[plan[c]! - 1]!;
          expect(plan[c + 2]).toBe(ends[plan[c + 1]! - 1]! - start);
          // A chunk grows only while it is under the target size.
          if (plan[c + 1]! - plan[c]! > 1) expect(ends[plan[c + 1]! - 2]! - start).toBeLessThan(10);
          words += plan[c + 2]!;
          next = plan[c + 1]!;
        }
      }
      expect(next).toBe(lengths.length);
      expect(words).toBe(ends.at(-1));
    });
  }

  it("balances the slices by words", () => {
    const even = Int32Array.from({ length: 1000 }, (_, k) => (k + 1) * 10);
    const plans = planChunks(even, 4, 100);
    for (const plan of plans) {
      let words = 0;
      for (let c = 2; c < plan.length; c += 3) words += plan[c]!;
      expect(words).toBe(2500);
    }
  });
});

describe("learningRate", () => {
  it("decays linearly from alpha to minAlpha", () => {
    expect(learningRate(0, 100, 0.025, 0.0001)).toBe(0.025);
    expect(learningRate(50, 100, 0.025, 0.0001)).toBeCloseTo(0.01255, 12);
    expect(learningRate(100, 100, 0.025, 0.0001)).toBeCloseTo(0.0001, 12);
    expect(learningRate(150, 100, 0.025, 0.0001)).toBe(0.0001);
  });
});
