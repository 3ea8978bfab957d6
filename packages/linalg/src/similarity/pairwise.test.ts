import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { cosine, euclidean, jaccard, jaccardSortedSets, toSparseVector } from "./pairwise.js";

describe("cosine", () => {
  it("matches hand-computed values", () => {
    expect(cosine([1, 0, 1], [1, 1, 0])).toBeCloseTo(0.5, 15);
    expect(cosine([3, 4], [6, 8])).toBeCloseTo(1, 15);
    expect(cosine([1, 2], [-1, -2])).toBeCloseTo(-1, 15);
    expect(cosine([1, 0], [0, 5])).toBe(0);
    // 2/(√2·√3)
    expect(cosine([1, 1, 0], [1, 1, 1])).toBeCloseTo(2 / Math.sqrt(6), 15);
  });

  it("is 0 when either vector is all zeros", () => {
    expect(cosine([0, 0, 0], [1, 2, 3])).toBe(0);
    expect(cosine([0, 0], [0, 0])).toBe(0);
    expect(cosine({ indices: [], values: [] }, { indices: [1], values: [2] })).toBe(0);
  });

  it("gives the same bits for sparse, dense and mixed inputs", () => {
    const a = [0, 0.3, 0, -1.7, 2.2, 0, 0.01];
    const b = [1.1, 0.4, 0, 0.9, 0, 0, -3];
    const expected = cosine(a, b);
    expect(cosine(toSparseVector(a), toSparseVector(b))).toBe(expected);
    expect(cosine(a, toSparseVector(b))).toBe(expected);
    expect(cosine(toSparseVector(a), b)).toBe(expected);
  });
});

describe("jaccard", () => {
  it("compares the sets of nonzero positions", () => {
    expect(jaccard([1, 0, 1, 1], [1, 1, 0, 1])).toBe(2 / 4);
    // Magnitudes do not matter, only membership.
    expect(jaccard([5, 0, -2, 1], [0.1, 1, 0, 9])).toBe(2 / 4);
    expect(jaccard([1, 1], [1, 1])).toBe(1);
    expect(jaccard([1, 0], [0, 1])).toBe(0);
  });

  it("scores two empty sets 0, unlike scipy's 1", () => {
    expect(jaccard([0, 0, 0], [0, 0, 0])).toBe(0);
    expect(jaccardSortedSets([], [])).toBe(0);
  });

  it("ignores stored zeros in sparse vectors", () => {
    const a = { indices: [0, 2, 5], values: [1, 0, 1] };
    const b = { indices: [0, 2, 4], values: [1, 1, 1] };
    expect(jaccard(a, b)).toBe(1 / 4);
    expect(jaccard(a, b)).toBe(jaccard([1, 0, 0, 0, 0, 1], [1, 0, 1, 0, 1, 0]));
  });

  it("works on sorted index sets", () => {
    expect(jaccardSortedSets([1, 3, 5], [3, 5, 7, 9])).toBe(2 / 5);
    expect(jaccardSortedSets([2], [2])).toBe(1);
    expect(jaccardSortedSets([0, 1], [])).toBe(0);
    expect(() => jaccardSortedSets([3, 1], [1])).toThrow("set a must be sorted with no repeats");
    expect(() => jaccardSortedSets([1], [2, 2])).toThrow("set b must be sorted with no repeats");
  });
});

describe("euclidean", () => {
  it("matches hand-computed values", () => {
    expect(euclidean([0, 0], [3, 4])).toBe(5);
    expect(euclidean([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(euclidean([1, 1, 1, 1], [0, 0, 0, 0])).toBe(2);
  });

  it("gives the same bits for sparse and dense inputs and keeps tiny distances", () => {
    const a = [0, 1e8, 0, 0.25, 1];
    const b = [2, 1e8 + 2 ** -24, 0, 0, 1];
    const expected = euclidean(a, b);
    expect(euclidean(toSparseVector(a), toSparseVector(b))).toBe(expected);
    // 2^-24 is a multiple of 1e8's ulp, so the difference is exact; the expansion
    // ‖a‖² + ‖b‖² − 2a·b would lose its square (3.6e-15) against 1e16.
    expect(euclidean([1e8], [1e8 + 2 ** -24])).toBe(2 ** -24);
  });
});

describe("argument checks", () => {
  it("rejects vectors of different lengths and malformed sparse vectors", () => {
    expect(() => cosine([1, 2], [1, 2, 3])).toThrow("vectors differ in length: 2 and 3");
    expect(() => euclidean({ indices: [2, 1], values: [1, 1] }, { indices: [], values: [] })).toThrow(
      InvalidArgumentError,
    );
    expect(() => jaccard({ indices: [0, 1], values: [1] }, { indices: [], values: [] })).toThrow(
      "has 2 indices but 1 values",
    );
  });
});
