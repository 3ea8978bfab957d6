import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import type { LinearOperator } from "../sparse/linear-operator.js";
import { matmul, matmulTransposeA } from "./matmul.js";
import { randomizedSvd } from "./randomized-svd.js";
import { svd } from "./svd.js";
import {
  frobenius,
  maxAbsDifference,
  orthonormalityError,
  randomLowRank,
  randomMatrix,
  reconstructSvd,
} from "./test-support.js";

/** A rows×cols matrix with prescribed singular values (random orthonormal factors). */
function withSpectrum(rows: number, cols: number, values: number[], seed: number): Matrix {
  const left = svd(randomMatrix(rows, values.length, seed)).u;
  const right = svd(randomMatrix(cols, values.length, seed + 1)).u;
  return reconstructSvd(left, Float64Array.from(values), right);
}

describe("randomizedSvd", () => {
  it("recovers an exactly low-rank matrix", () => {
    const x = randomLowRank(120, 80, 6, 1);
    const exact = svd(x).s;
    const { u, s, v } = randomizedSvd(x, 6, { seed: 7 });
    for (let j = 0; j < 6; j++) expect(Math.abs(s[j] - exact[j]) / exact[0]).toBeLessThan(1e-12);
    expect(orthonormalityError(u)).toBeLessThan(1e-13);
    expect(orthonormalityError(v)).toBeLessThan(1e-13);
    expect(frobenius(subtract(reconstructSvd(u, s, v), x)) / frobenius(x)).toBeLessThan(1e-12);
  });

  it("is close to the exact truncated SVD when the spectrum decays", () => {
    const values = Array.from({ length: 40 }, (_, i) => 0.7 ** i);
    const x = withSpectrum(150, 100, values, 2);
    const { u, s, v } = randomizedSvd(x, 5, { seed: 3 });
    for (let j = 0; j < 5; j++) expect(s[j]).toBeCloseTo(values[j]!, 8);
    const exact = svd(x);
    // Same sign convention as svd, so the vectors agree directly.
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 100; i++) expect(v.get(i, j)).toBeCloseTo(exact.v.get(i, j), 6);
      for (let i = 0; i < 150; i++) expect(u.get(i, j)).toBeCloseTo(exact.u.get(i, j), 6);
    }
  });

  it("needs its power iterations on a slowly decaying spectrum", () => {
    const values = Array.from({ length: 60 }, (_, i) => 1 / (1 + i) ** 0.5);
    const x = withSpectrum(200, 120, values, 4);
    const error = (iterations: number) => {
      const { s } = randomizedSvd(x, 5, { seed: 5, oversampling: 5, powerIterations: iterations });
      return Math.max(...Array.from(s, (value, j) => Math.abs(value - values[j]!)));
    };
    const without = error(0);
    const withFour = error(4);
    expect(withFour).toBeLessThan(without / 5);
    expect(withFour).toBeLessThan(0.02);
  });

  it("works through the linear-operator interface, touching A only by products", () => {
    const x = randomLowRank(90, 70, 4, 6);
    let products = 0;
    const operator: LinearOperator = {
      rows: 90,
      cols: 70,
      multiply: (block) => {
        products++;
        return matmul(x, block);
      },
      multiplyTranspose: (block) => {
        products++;
        return matmulTransposeA(x, block);
      },
    };
    const viaOperator = randomizedSvd(operator, 4, { seed: 8, powerIterations: 2 });
    const viaMatrix = randomizedSvd(x, 4, { seed: 8, powerIterations: 2 });
    // One sample, two products per power iteration, one projection.
    expect(products).toBe(1 + 2 * 2 + 1);
    expect(maxAbsDifference(viaOperator.u, viaMatrix.u)).toBe(0);
    expect(Array.from(viaOperator.s)).toEqual(Array.from(viaMatrix.s));
  });

  it("is deterministic for a seed", () => {
    const x = randomMatrix(40, 30, 9);
    expect(randomizedSvd(x, 3, { seed: 1 }).s).toEqual(randomizedSvd(x, 3, { seed: 1 }).s);
  });

  it("validates rank, options and operator output shapes", () => {
    const x = randomMatrix(10, 8, 10);
    expect(() => randomizedSvd(x, 9)).toThrow("rank must be an integer in [1, 8] for 10×8, got 9");
    expect(() => randomizedSvd(x, 2, { oversampling: -1 })).toThrow("oversampling");
    expect(() => randomizedSvd(x, 2, { powerIterations: 1.5 })).toThrow("powerIterations");
    const broken: LinearOperator = {
      rows: 10,
      cols: 8,
      multiply: () => new Matrix(3, 3),
      multiplyTranspose: () => new Matrix(3, 3),
    };
    expect(() => randomizedSvd(broken, 2)).toThrow("operator.multiply returned 3×3, expected 10×8");
  });
});

function subtract(a: Matrix, b: Matrix): Matrix {
  return new Matrix(
    a.rows,
    a.cols,
    a.data.map((value, index) => value - b.data[index]),
  );
}
