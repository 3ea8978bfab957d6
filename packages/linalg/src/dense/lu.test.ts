import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { SingularMatrixError } from "./errors.js";
import { determinant, inverse, luDecompose, luSolve, solve } from "./lu.js";
import { maxAbsDifference, naiveProduct, randomMatrix } from "./test-support.js";

describe("LU with partial pivoting", () => {
  it("reproduces P·A = L·U", () => {
    const a = randomMatrix(9, 9, 21);
    const { factors, pivots } = luDecompose(a);
    const n = 9;
    const lower = Matrix.identity(n);
    const upper = new Matrix(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j < i) lower.set(i, j, factors.get(i, j));
        else upper.set(i, j, factors.get(i, j));
        // Partial pivoting keeps every multiplier at most 1 in magnitude.
        if (j < i) expect(Math.abs(factors.get(i, j))).toBeLessThanOrEqual(1);
      }
    }
    const permuted = new Matrix(n, n);
    for (let i = 0; i < n; i++) permuted.row(i).set(a.row(pivots[i]));
    expect(maxAbsDifference(naiveProduct(lower, upper), permuted)).toBeLessThan(1e-13);
  });

  it("needs pivoting where the leading entry is zero", () => {
    const a = Matrix.fromRows([
      [0, 1],
      [1, 0],
    ]);
    expect(Array.from(solve(a, [2, 3]))).toEqual([3, 2]);
    expect(determinant(a)).toBe(-1);
  });

  it("solves systems with small residuals and inverts", () => {
    const n = 50;
    const a = randomMatrix(n, n, 22);
    const b = randomMatrix(n, 3, 23);
    const x = solve(a, b);
    expect(maxAbsDifference(naiveProduct(a, x), b)).toBeLessThan(1e-11);
    const vector = luSolve(luDecompose(a), b.column(0));
    for (let i = 0; i < n; i++) expect(vector[i]).toBeCloseTo(x.get(i, 0), 10);
    expect(maxAbsDifference(naiveProduct(a, inverse(a)), Matrix.identity(n))).toBeLessThan(1e-11);
  });

  it("computes determinants", () => {
    expect(
      determinant(
        Matrix.fromRows([
          [2, 0, 1],
          [1, 3, 2],
          [1, 1, 2],
        ]),
      ),
    ).toBeCloseTo(6, 13);
    expect(
      determinant(
        Matrix.fromRows([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toBe(0);
  });

  it("throws SingularMatrixError when solving with an exactly singular matrix", () => {
    const singular = Matrix.fromRows([
      [1, 2],
      [2, 4],
    ]);
    expect(() => solve(singular, [1, 1])).toThrow(SingularMatrixError);
    expect(() => inverse(singular)).toThrow("matrix is singular: LU pivot 1 of 2 is exactly 0");
    expect(() => solve(Matrix.identity(2), [1, 2, 3])).toThrow("right-hand side has 3 rows");
  });
});
