import { describe, expect, it } from "vitest";
import { KernelWorkspace } from "../kernels/workspace.js";
import { bidiagonalDivideAndConquer, divideAndConquerScratch } from "./bidiagonal-dc.js";
import { bidiagonalQr } from "./bidiagonal-qr.js";
import {
  applyLeftReflectors,
  applyRightReflectors,
  bidiagonalize,
  reflectorScratch,
} from "./bidiagonalize.js";
import { randomMatrix } from "./test-support.js";

function workspace(doubles: number): KernelWorkspace {
  const created = KernelWorkspace.create(doubles);
  if (created === null) throw new Error("WebAssembly SIMD is unavailable in this runtime");
  return created;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let index = 0; index < a.length; index++) worst = Math.max(worst, Math.abs(a[index]! - b[index]!));
  return worst;
}

/** A seeded m×n matrix scaled to entries ≲ 1, as the SVD driver hands to bidiagonalize. */
function input(m: number, n: number, seed: number): Float64Array {
  const data = randomMatrix(m, n, seed).data;
  for (let index = 0; index < data.length; index++) data[index] /= 4;
  return data;
}

// Sizes around the kernel's four-row groups and two-wide pairs (odd widths use the padding lane),
// with m − 2 ≡ 0…3 (mod 4) remainder rows, and one past the 32-reflector blocks.
const SHAPES: [number, number][] = [
  [1, 1],
  [2, 2],
  [3, 2],
  [6, 5],
  [7, 7],
  [12, 9],
  [17, 10],
  [40, 33],
  [71, 70],
];

/** Q_L·B·Q_Rᵀ from a bidiagonalisation, through the (TypeScript) reflector application. */
function reconstruct(
  work: Float64Array,
  m: number,
  n: number,
  factors: ReturnType<typeof bidiagonalize>,
): Float64Array {
  const product = new Float64Array(m * n);
  for (let i = 0; i < n; i++) {
    product[i * n + i] = factors.diagonal[i]!;
    if (i + 1 < n) product[i * n + i + 1] = factors.superdiagonal[i]!;
  }
  applyLeftReflectors(work, m, n, factors.leftScales, product, n);
  // (Q_L·B)·Q_Rᵀ = (Q_R·(Q_L·B)ᵀ)ᵀ.
  const transposed = new Float64Array(n * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) transposed[j * m + i] = product[i * n + j]!;
  applyRightReflectors(work, n, factors.rightScales, transposed, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) product[i * n + j] = transposed[j * m + i]!;
  return product;
}

function sortedSingularValues(factors: ReturnType<typeof bidiagonalize>): number[] {
  const d = factors.diagonal.slice();
  bidiagonalQr(d, factors.superdiagonal.slice(), null, null);
  return Array.from(d, Math.abs).sort((a, b) => b - a);
}

describe("bidiagonalize with the WebAssembly kernel", () => {
  it.each(SHAPES)("gives a bidiagonalisation of the input on %i×%i, as the TypeScript sweep", (m, n) => {
    const source = input(m, n, m * 100 + n);
    const expected = bidiagonalize(source.slice(), m, n);
    const kernels = workspace(m * n + 8 * n + 64);
    const work = kernels.alloc(m * n, 1);
    work.set(source);
    // The padding double after the matrix is read and rewritten by the pair loop; it must survive.
    const padding = new Float64Array(work.buffer, work.byteOffset + m * n * 8, 1);
    padding[0] = 0.375;
    const actual = bidiagonalize(work, m, n, kernels);
    expect(padding[0]).toBe(0.375);
    expect(maxDifference(reconstruct(work.slice(), m, n, actual), source)).toBeLessThan(1e-14 * m * n);
    // Individual entries of B can be sensitive to rounding order (1e-11 apart on 40×33), but its
    // singular values are not.
    const singular = sortedSingularValues(actual);
    expect(maxDifference(singular, sortedSingularValues(expected))).toBeLessThan(1e-14 * m);
    expect(singular[0]).toBeGreaterThan(0.1);
  });

  it.each(SHAPES.filter(([m, n]) => n >= 3 && m >= n))(
    "applies the stored reflectors in blocked form the same way on %i×%i",
    (m, n) => {
      const work = input(m, n, m + n);
      const { leftScales, rightScales } = bidiagonalize(work, m, n);
      const leftTarget = randomMatrix(m, n + 3, 7).data;
      const rightTarget = randomMatrix(n, n, 8).data;
      const kernels = workspace(
        m * n + m * (n + 3) + n * n + reflectorScratch(m, n, n + 3) + reflectorScratch(n, n, n),
      );
      const kernelWork = kernels.alloc(m * n);
      kernelWork.set(work);
      const kernelLeft = kernels.alloc(leftTarget.length);
      kernelLeft.set(leftTarget);
      const kernelRight = kernels.alloc(rightTarget.length);
      kernelRight.set(rightTarget);
      applyLeftReflectors(work, m, n, leftScales, leftTarget, n + 3);
      applyRightReflectors(work, n, rightScales, rightTarget, n);
      applyLeftReflectors(kernelWork, m, n, leftScales, kernelLeft, n + 3, kernels);
      applyRightReflectors(kernelWork, n, rightScales, kernelRight, n, kernels);
      expect(maxDifference(kernelLeft, leftTarget)).toBeLessThan(1e-12);
      expect(maxDifference(kernelRight, rightTarget)).toBeLessThan(1e-12);
      // The targets really were transformed (an orthogonal map, far from the identity).
      expect(maxDifference(kernelLeft, randomMatrix(m, n + 3, 7).data)).toBeGreaterThan(0.1);
    },
  );
});

describe("bidiagonalDivideAndConquer with the WebAssembly products", () => {
  it.each([
    [49, 0],
    [97, 1],
    [150, 0],
  ] as const)("matches the TypeScript merges for n = %i (extra %i)", (n, extra) => {
    const source = randomMatrix(2, n, n).data;
    const d = source.subarray(0, n);
    const e = source.subarray(n, 2 * n - 1 + extra);
    const expected = bidiagonalDivideAndConquer(d, e, extra);
    const kernels = workspace(divideAndConquerScratch(n));
    const actual = bidiagonalDivideAndConquer(d, e, extra, kernels);
    expect(maxDifference(actual.values, expected.values)).toBeLessThan(1e-12);
    expect(maxDifference(actual.left, expected.left)).toBeLessThan(1e-11);
    expect(maxDifference(actual.right, expected.right)).toBeLessThan(1e-11);
  });
});
