import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { matmul, matmulTransposeA, matmulTransposeB, matvec, matvecTranspose } from "./matmul.js";
import { maxAbs, maxAbsDifference, naiveProduct, randomMatrix } from "./test-support.js";

// Shapes straddle the kernel's 2-row, 4-deep, 128-deep and 256-wide blocks so every remainder path runs.
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [3, 1, 5],
  [2, 4, 2],
  [5, 9, 3],
  [17, 131, 260],
  [130, 259, 33],
];

describe("matmul", () => {
  it.each(shapes)("matches the triple loop for %i×%i · %i×…", (m, k, n) => {
    const a = randomMatrix(m, k, m * 1000 + k);
    const b = randomMatrix(k, n, k * 1000 + n);
    const expected = naiveProduct(a, b);
    const tolerance = 1e-13 * Math.max(1, maxAbs(expected)) * Math.sqrt(k);
    expect(maxAbsDifference(matmul(a, b), expected)).toBeLessThan(tolerance);
    expect(maxAbsDifference(matmulTransposeA(a.transpose(), b), expected)).toBeLessThan(tolerance);
    expect(maxAbsDifference(matmulTransposeB(a, b.transpose()), expected)).toBeLessThan(tolerance);
  });

  it("computes a small product exactly", () => {
    const a = Matrix.fromRows([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const b = Matrix.fromRows([
      [7, 8, 9],
      [10, 11, 12],
    ]);
    expect(matmul(a, b).toArray()).toEqual([
      [27, 30, 33],
      [61, 68, 75],
      [95, 106, 117],
    ]);
  });

  it("handles empty inner dimensions as a zero product", () => {
    expect(matmul(new Matrix(2, 0), new Matrix(0, 3)).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("rejects incompatible shapes", () => {
    expect(() => matmul(new Matrix(2, 3), new Matrix(2, 3))).toThrow(
      "matmul: 2×3 · 2×3 — inner sizes differ",
    );
    expect(() => matmulTransposeA(new Matrix(2, 3), new Matrix(3, 3))).toThrow("row counts differ");
    expect(() => matmulTransposeB(new Matrix(2, 3), new Matrix(3, 2))).toThrow("column counts differ");
  });
});

describe("matvec", () => {
  it("multiplies by a vector and by the transpose", () => {
    const a = randomMatrix(7, 5, 3);
    const x = Float64Array.from([1, -2, 0.5, 3, -1]);
    const y = Float64Array.from([2, 0, -1, 1, 0.25, -3, 1]);
    const expected = naiveProduct(a, Matrix.column(x));
    const expectedTranspose = naiveProduct(a.transpose(), Matrix.column(y));
    const ax = matvec(a, x);
    const aty = matvecTranspose(a, y);
    for (let i = 0; i < 7; i++) expect(ax[i]).toBeCloseTo(expected.data[i], 13);
    for (let j = 0; j < 5; j++) expect(aty[j]).toBeCloseTo(expectedTranspose.data[j], 13);
  });

  it("rejects vectors of the wrong length", () => {
    expect(() => matvec(new Matrix(2, 3), [1, 2])).toThrow("2×3 matrix times a vector of length 2");
    expect(() => matvecTranspose(new Matrix(2, 3), [1, 2, 3])).toThrow("vector of length 3");
  });
});
