import { LabError, Rng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { denseKernelsAvailable, KernelWorkspace } from "./workspace.js";

function workspace(doubles: number): KernelWorkspace {
  const created = KernelWorkspace.create(doubles);
  if (created === null) throw new Error("WebAssembly SIMD is unavailable in this runtime");
  return created;
}

function filled(array: Float64Array, seed: number): Float64Array {
  new Rng(seed).fillNormal(array);
  return array;
}

describe("KernelWorkspace", () => {
  it("is available on the Node versions the package supports", () => {
    expect(denseKernelsAvailable()).toBe(true);
  });

  it("hands out zeroed, 16-byte aligned, non-overlapping arrays and reuses released space", () => {
    const kernels = workspace(100);
    const first = kernels.alloc(3);
    const second = kernels.alloc(5, 1);
    expect(first.byteOffset % 16).toBe(0);
    expect(second.byteOffset % 16).toBe(0);
    expect(second.byteOffset).toBeGreaterThanOrEqual(first.byteOffset + 3 * 8);
    expect(kernels.owns(first)).toBe(true);
    expect(kernels.owns(new Float64Array(3))).toBe(false);
    const mark = kernels.mark();
    kernels.alloc(4).fill(9);
    kernels.release(mark);
    expect(Array.from(kernels.alloc(4))).toEqual([0, 0, 0, 0]);
  });

  it("reports an allocation beyond its capacity as an internal error", () => {
    // Capacity is whole 64 KiB pages: 8192 doubles for a request of 10.
    const kernels = workspace(10);
    kernels.alloc(8000);
    expect(() => kernels.alloc(1000)).toThrow(LabError);
  });
});

/** c += op(a)·b by the textbook triple loop, in the kernel's strided layout. */
function naiveGemm(
  m: number,
  n: number,
  depth: number,
  a: Float64Array,
  aOffset: number,
  aRow: number,
  aDepth: number,
  b: Float64Array,
  bOffset: number,
  bStride: number,
  c: Float64Array,
  cOffset: number,
  cStride: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < depth; p++)
        sum += a[aOffset + i * aRow + p * aDepth] * b[bOffset + p * bStride + j];
      c[cOffset + i * cStride + j] += sum;
    }
  }
}

describe("gemm kernel", () => {
  // Row and column counts around the 4×4 tile and the 2-wide and 1-wide edges; depths around the
  // 256-deep blocking; offsets and padded strides so tiles start at unaligned addresses.
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 7, 3],
    [5, 1, 9],
    [4, 4, 4],
    [7, 5, 11],
    [9, 10, 1],
    [13, 6, 257],
    [33, 19, 300],
    [3, 2, 0],
  ];
  for (const [m, n, depth] of shapes) {
    for (const transposed of [false, true]) {
      it(`C += ${transposed ? "Aᵀ" : "A"}·B for ${m}×${depth} times ${depth}×${n}`, () => {
        const kernels = workspace(4 * (m + 3) * (depth + 3) + 4 * (n + 3) * (depth + 3) + 16);
        const aRowsStored = transposed ? depth : m;
        const aColsStored = (transposed ? m : depth) + 2;
        const a = filled(kernels.alloc(aRowsStored * aColsStored + 1), 1);
        const aRow = transposed ? 1 : aColsStored;
        const aDepth = transposed ? aColsStored : 1;
        const bStride = n + 3;
        const b = filled(kernels.alloc(depth * bStride + 1), 2);
        const cStride = n + 1;
        const c = filled(kernels.alloc(m * cStride + 1), 3);
        const expected = c.slice();
        naiveGemm(m, n, depth, a, 1, aRow, aDepth, b, 1, bStride, expected, 1, cStride);
        kernels.gemm(m, n, depth, a, 1, aRow, aDepth, b, 1, bStride, c, 1, cStride);
        let worst = 0;
        for (let index = 0; index < c.length; index++) {
          worst = Math.max(worst, Math.abs(c[index] - expected[index]));
        }
        // Sums of `depth` N(0,1) products differ only in rounding order.
        expect(worst).toBeLessThan(1e-13 * Math.max(1, depth));
        // Entries outside the m×n window (stride padding, the first element) are untouched.
        for (let i = 0; i < m; i++) {
          for (let j = n; j < cStride; j++) {
            const index = 1 + i * cStride + j;
            if (index < c.length) expect(c[index]).toBe(expected[index]);
          }
        }
        expect(c[0]).toBe(expected[0]);
      });
    }
  }
});

describe("KernelWorkspace.acquire", () => {
  it("reuses the retained workspace once finished, grown to the new size, and never while busy", () => {
    const first = KernelWorkspace.acquire(1000);
    if (first === null) throw new Error("WebAssembly SIMD is unavailable in this runtime");
    const old = first.alloc(10);
    old.fill(5);
    // Busy: a nested acquire gets a workspace of its own.
    const nested = KernelWorkspace.acquire(1000);
    expect(nested).not.toBe(first);
    nested?.finish();
    first.finish();
    // Free again: handed out anew, grown past its first 64 KiB page, with zeroed `alloc`s.
    const again = KernelWorkspace.acquire(200_000);
    expect(again).toBe(first);
    const fresh = again!.alloc(10);
    expect(Array.from(fresh)).toEqual(new Array(10).fill(0));
    const large = again!.alloc(199_000);
    expect(large.length).toBe(199_000);
    again!.finish();
  });
});
