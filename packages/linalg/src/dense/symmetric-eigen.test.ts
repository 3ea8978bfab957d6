import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { symmetricEigen } from "./symmetric-eigen.js";
import { hilbert, maxAbs, naiveProduct, orthonormalityError, randomMatrix } from "./test-support.js";

function symmetricRandom(n: number, seed: number): Matrix {
  const x = randomMatrix(n, n, seed);
  const result = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) result.set(i, j, x.get(i, j) + x.get(j, i));
  return result;
}

/** max over eigenpairs of |A·v − λ·v|, relative to max |A|. */
function eigenResidual(a: Matrix, values: Float64Array, vectors: Matrix): number {
  const product = naiveProduct(a, vectors);
  let largest = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.rows; j++) {
      largest = Math.max(largest, Math.abs(product.get(i, j) - values[j] * vectors.get(i, j)));
    }
  }
  return largest / Math.max(maxAbs(a), Number.MIN_VALUE);
}

const cases: [string, Matrix][] = [
  ["1×1", Matrix.fromRows([[-3]])],
  ["2×2", symmetricRandom(2, 1)],
  ["random 9×9", symmetricRandom(9, 2)],
  ["random 80×80", symmetricRandom(80, 3)],
  ["Hilbert 10", hilbert(10)],
  ["identity (all eigenvalues equal)", Matrix.identity(6)],
  ["zero", new Matrix(4, 4)],
  ["rank one", naiveProduct(Matrix.column([1, 2, 3, 4]), Matrix.fromRows([[1, 2, 3, 4]]))],
];

describe("symmetricEigen", () => {
  it.each(cases)("eigenpairs satisfy A·v = λ·v with orthonormal V, sorted descending (%s)", (_name, a) => {
    const { values, vectors } = symmetricEigen(a);
    expect(eigenResidual(a, values, vectors)).toBeLessThan(1e-13);
    expect(orthonormalityError(vectors)).toBeLessThan(1e-13);
    for (let j = 1; j < values.length; j++) expect(values[j]).toBeLessThanOrEqual(values[j - 1]);
  });

  it("finds the known spectrum of the second-difference matrix", () => {
    // tridiag(−1, 2, −1) of size n has eigenvalues 2 − 2·cos(kπ/(n+1)), k = 1…n.
    const n = 25;
    const a = new Matrix(n, n);
    for (let i = 0; i < n; i++) {
      a.set(i, i, 2);
      if (i > 0) {
        a.set(i, i - 1, -1);
        a.set(i - 1, i, -1);
      }
    }
    const expected = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((n - k) * Math.PI) / (n + 1)));
    const { values } = symmetricEigen(a);
    for (let k = 0; k < n; k++) expect(values[k]).toBeCloseTo(expected[k], 13);
  });

  it("gives the eigenvalues of a rank-one matrix vvᵀ as ‖v‖² and zeros", () => {
    const { values, vectors } = symmetricEigen(cases[7]![1]);
    expect(values[0]).toBeCloseTo(30, 13);
    for (let k = 1; k < 4; k++) expect(Math.abs(values[k])).toBeLessThan(1e-13);
    // Leading eigenvector is v/‖v‖ with the positive sign convention.
    for (let i = 0; i < 4; i++) expect(vectors.get(i, 0)).toBeCloseTo((i + 1) / Math.sqrt(30), 14);
  });

  it("makes each eigenvector's largest entry positive", () => {
    const { vectors } = symmetricEigen(symmetricRandom(12, 4));
    for (let j = 0; j < 12; j++) {
      let largest = 0;
      for (let i = 0; i < 12; i++)
        if (Math.abs(vectors.get(i, j)) > Math.abs(largest)) largest = vectors.get(i, j);
      expect(largest).toBeGreaterThan(0);
    }
  });

  it("can skip the eigenvectors", () => {
    const a = symmetricRandom(10, 5);
    const withVectors = symmetricEigen(a);
    const valuesOnly = symmetricEigen(a, { vectors: false });
    expect(valuesOnly.vectors.cols).toBe(0);
    for (let k = 0; k < 10; k++) expect(valuesOnly.values[k]).toBeCloseTo(withVectors.values[k], 12);
  });

  it("rejects non-symmetric and non-finite input", () => {
    expect(() => symmetricEigen(randomMatrix(3, 3, 6))).toThrow("symmetricEigen needs a symmetric matrix");
    expect(() => symmetricEigen(Matrix.fromRows([[Number.NaN]]))).toThrow("finite");
  });
});
