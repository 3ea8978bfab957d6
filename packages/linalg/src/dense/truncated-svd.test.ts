import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { svd } from "./svd.js";
import { frobenius, maxAbsDifference, randomLowRank, randomMatrix } from "./test-support.js";
import {
  compressionStorage,
  compressionTable,
  largestSavingRank,
  lowRankApproximation,
  truncatedSvd,
} from "./truncated-svd.js";

describe("truncatedSvd and lowRankApproximation", () => {
  it("keeps the leading triplets of the full SVD", () => {
    const x = randomMatrix(20, 12, 1);
    const full = svd(x);
    const top = truncatedSvd(x, 4);
    expect(top.u.shape).toEqual([20, 4]);
    expect(top.v.shape).toEqual([12, 4]);
    expect(Array.from(top.s)).toEqual(Array.from(full.s.slice(0, 4)));
    for (let i = 0; i < 20; i++) for (let j = 0; j < 4; j++) expect(top.u.get(i, j)).toBe(full.u.get(i, j));
  });

  it("reproduces a rank-k matrix exactly at rank k", () => {
    const x = randomLowRank(15, 10, 3, 2);
    expect(maxAbsDifference(lowRankApproximation(truncatedSvd(x, 3)), x)).toBeLessThan(1e-12);
  });

  it("has the Eckart–Young error √(Σ_{i>k} σᵢ²)", () => {
    const x = randomMatrix(25, 18, 3);
    const { s } = svd(x);
    for (const rank of [0, 1, 5, 17, 18]) {
      let tail = 0;
      for (let i = rank; i < s.length; i++) tail += s[i] * s[i];
      const approximation = lowRankApproximation(svd(x), rank);
      const error = new Matrix(
        25,
        18,
        approximation.data.map((value, index) => value - x.data[index]),
      );
      expect(frobenius(error)).toBeCloseTo(Math.sqrt(tail), 11);
    }
  });

  it("rejects ranks outside [1, min(m, n)]", () => {
    expect(() => truncatedSvd(randomMatrix(4, 3, 4), 4)).toThrow("rank must be an integer in [1, 3], got 4");
    expect(() => truncatedSvd(randomMatrix(4, 3, 4), 0)).toThrow("got 0");
  });
});

describe("compression storage (problem D)", () => {
  it("costs k(2N+1) against N² for a square matrix", () => {
    expect(compressionStorage(100, 10)).toEqual({
      rank: 10,
      truncatedValues: 2010,
      fullValues: 10000,
      ratio: 0.201,
      saves: true,
    });
    // Saves exactly when k < N²/(2N+1): for N = 100 that is k ≤ 49.
    expect(largestSavingRank(100)).toBe(49);
    expect(compressionStorage(100, 49).saves).toBe(true);
    expect(compressionStorage(100, 50).saves).toBe(false);
  });

  it("costs k(m+n+1) in general", () => {
    expect(compressionStorage(30, 4, 50).truncatedValues).toBe(4 * 81);
    const rank = largestSavingRank(30, 50);
    expect(compressionStorage(30, rank, 50).saves).toBe(true);
    expect(compressionStorage(30, rank + 1, 50).saves).toBe(false);
    expect(largestSavingRank(1, 1)).toBe(0);
    expect(() => compressionStorage(10, -1)).toThrow("rank must be a non-negative integer");
  });

  it("tabulates storage and the measured error per rank", () => {
    const x = randomLowRank(40, 30, 5, 5);
    const table = compressionTable(x, [1, 3, 5, 10]);
    expect(table.map((row) => row.truncatedValues)).toEqual([71, 213, 355, 710]);
    expect(table[0]!.relativeError).toBeGreaterThan(table[1]!.relativeError);
    expect(table[1]!.relativeError).toBeGreaterThan(table[2]!.relativeError);
    expect(table[2]!.relativeError).toBeLessThan(1e-13);
    expect(table[3]!.relativeError).toBeLessThan(1e-13);
  });
});
