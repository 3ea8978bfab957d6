import { Rng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { bidiagonalDivideAndConquer } from "./bidiagonal-dc.js";
import { bidiagonalQr } from "./bidiagonal-qr.js";

/** max |B − U·[Σ 0]·Wᵀ| / max(1, max|B|) for B = n×(n+extra) with diagonal d and superdiagonal e. */
function reconstructionError(
  d: Float64Array,
  e: Float64Array,
  extra: 0 | 1,
): { error: number; orthogonality: number } {
  const n = d.length;
  const columns = n + extra;
  const { values, left, right } = bidiagonalDivideAndConquer(d, e, extra);
  let largest = 1;
  for (const value of d) largest = Math.max(largest, Math.abs(value));
  for (const value of e) largest = Math.max(largest, Math.abs(value));
  let error = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < columns; j++) {
      let sum = 0;
      for (let t = 0; t < n; t++) sum += left[i * n + t] * values[t] * right[j * columns + t];
      const expected = i === j ? d[i] : j === i + 1 ? e[i] : 0;
      error = Math.max(error, Math.abs(sum - expected));
    }
  }
  let orthogonality = 0;
  for (const [matrix, size] of [
    [left, n],
    [right, columns],
  ] as const) {
    for (let p = 0; p < size; p++) {
      for (let q = 0; q < size; q++) {
        let dot = 0;
        for (let i = 0; i < size; i++) dot += matrix[i * size + p] * matrix[i * size + q];
        orthogonality = Math.max(orthogonality, Math.abs(dot - (p === q ? 1 : 0)));
      }
    }
  }
  for (const value of values) expect(value).toBeGreaterThanOrEqual(0);
  return { error: error / largest, orthogonality };
}

function randomBidiagonal(n: number, extra: 0 | 1, seed: number): [Float64Array, Float64Array] {
  const rng = new Rng(seed);
  const d = new Float64Array(n);
  const e = new Float64Array(n - 1 + extra);
  rng.fillNormal(d);
  rng.fillNormal(e);
  return [d, e];
}

describe("bidiagonalDivideAndConquer", () => {
  // Sizes straddle the 32-row leaf, so merges of every shape (square and with the extra column) run.
  it.each([
    [5, 0],
    [32, 0],
    [33, 0],
    [33, 1],
    [64, 1],
    [65, 0],
    [150, 0],
    [301, 1],
  ] as const)("decomposes a random %i-row bidiagonal (extra column: %i)", (n, extra) => {
    const [d, e] = randomBidiagonal(n, extra, n * 10 + extra);
    const { error, orthogonality } = reconstructionError(d, e, extra);
    expect(error).toBeLessThan(1e-13);
    expect(orthogonality).toBeLessThan(1e-13);
  });

  it("agrees with QR iteration on the singular values", () => {
    const [d, e] = randomBidiagonal(120, 0, 3);
    const expected = d.slice();
    bidiagonalQr(expected, e.slice(), null, null);
    const ours = Array.from(bidiagonalDivideAndConquer(d, e, 0).values).sort((a, b) => b - a);
    const reference = Array.from(expected, Math.abs).sort((a, b) => b - a);
    for (let j = 0; j < 120; j++)
      expect(Math.abs(ours[j]! - reference[j]!)).toBeLessThan(1e-13 * reference[0]!);
  });

  it("deflates heavily without losing orthogonality: identical values, zeros and tiny couplings", () => {
    const n = 140;
    const cases: [string, Float64Array, Float64Array][] = [
      ["all ones, no coupling", new Float64Array(n).fill(1), new Float64Array(n - 1)],
      ["all ones, coupled", new Float64Array(n).fill(1), new Float64Array(n - 1).fill(1)],
      ["zero matrix", new Float64Array(n), new Float64Array(n - 1)],
      ["zero diagonal", new Float64Array(n), Float64Array.from({ length: n - 1 }, (_, i) => 1 + (i % 3))],
      ["zero superdiagonal", Float64Array.from({ length: n }, (_, i) => i % 7), new Float64Array(n - 1)],
      [
        "clustered values",
        Float64Array.from({ length: n }, (_, i) => 1 + 1e-14 * i),
        Float64Array.from({ length: n - 1 }, () => 1e-15),
      ],
      [
        "graded over 30 orders of magnitude",
        Float64Array.from({ length: n }, (_, i) => 10 ** (-30 * (i / n))),
        Float64Array.from({ length: n - 1 }, (_, i) => 10 ** (-30 * (i / n)) / 3),
      ],
    ];
    for (const [name, d, e] of cases) {
      const { error, orthogonality } = reconstructionError(d, e, 0);
      expect(error, name).toBeLessThan(1e-13);
      expect(orthogonality, name).toBeLessThan(1e-13);
    }
  });

  it("gives the null vector of a bidiagonal with an extra column", () => {
    const [d, e] = randomBidiagonal(70, 1, 9);
    const { right } = bidiagonalDivideAndConquer(d, e, 1);
    // B·w = 0 for the last column w of W.
    for (let i = 0; i < 70; i++) {
      const value = d[i] * right[i * 71 + 70] + e[i] * right[(i + 1) * 71 + 70];
      expect(Math.abs(value)).toBeLessThan(1e-13);
    }
  });
});
