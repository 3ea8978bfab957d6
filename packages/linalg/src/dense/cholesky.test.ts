import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { cholesky, choleskySolve } from "./cholesky.js";
import { NotPositiveDefiniteError } from "./errors.js";
import { hilbert, maxAbsDifference, naiveProduct, randomMatrix, randomSpd } from "./test-support.js";

describe("cholesky", () => {
  it("factors a known matrix", () => {
    const a = Matrix.fromRows([
      [4, 12, -16],
      [12, 37, -43],
      [-16, -43, 98],
    ]);
    expect(cholesky(a).toArray()).toEqual([
      [2, 0, 0],
      [6, 1, 0],
      [-8, 5, 3],
    ]);
  });

  it.each([1, 2, 7, 40])("L·Lᵀ reconstructs a random SPD matrix of size %i", (n) => {
    const a = randomSpd(n, n);
    const l = cholesky(a);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(l.get(i, j)).toBe(0);
    expect(maxAbsDifference(naiveProduct(l, l.transpose()), a)).toBeLessThan(1e-12 * n);
  });

  it("solves for a vector and for several right-hand sides with small residuals", () => {
    const n = 30;
    const a = randomSpd(n, 9);
    const l = cholesky(a);
    const b = randomMatrix(n, 4, 10);
    const x = choleskySolve(l, b);
    expect(maxAbsDifference(naiveProduct(a, x), b)).toBeLessThan(1e-11);
    const vector = choleskySolve(l, b.column(2));
    expect(vector).toBeInstanceOf(Float64Array);
    for (let i = 0; i < n; i++) expect(vector[i]).toBeCloseTo(x.get(i, 2), 12);
  });

  it("still factors the ill-conditioned (but positive definite) Hilbert matrix", () => {
    const h = hilbert(8);
    expect(maxAbsDifference(naiveProduct(cholesky(h), cholesky(h).transpose()), h)).toBeLessThan(1e-15);
  });

  it("names the failing pivot of an indefinite matrix", () => {
    const a = Matrix.fromRows([
      [4, 2, 0],
      [2, 1, 0],
      [0, 0, 3],
    ]);
    let caught: unknown;
    try {
      cholesky(a);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotPositiveDefiniteError);
    const error = caught as NotPositiveDefiniteError;
    expect(error.pivotIndex).toBe(1);
    expect(error.pivotValue).toBe(0);
    expect(error.message).toContain("Cholesky pivot 1 (leading 2×2 minor of the 3×3 matrix) is 0");
    expect(() =>
      cholesky(
        Matrix.fromRows([
          [-1, 0],
          [0, 1],
        ]),
      ),
    ).toThrow("pivot 0");
  });

  it("rejects non-symmetric and non-square input", () => {
    expect(() =>
      cholesky(
        Matrix.fromRows([
          [2, 1],
          [0, 2],
        ]),
      ),
    ).toThrow("cholesky needs a symmetric matrix; entries (1, 0) = 0 and (0, 1) = 1 differ");
    expect(() => cholesky(new Matrix(2, 3))).toThrow("square");
    expect(() => choleskySolve(Matrix.identity(3), [1, 2])).toThrow("right-hand side has 2 rows");
  });
});
