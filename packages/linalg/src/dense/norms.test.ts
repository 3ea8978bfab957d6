import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { matmul } from "./matmul.js";
import { frobeniusNorm, trace } from "./norms.js";
import { randomMatrix } from "./test-support.js";

describe("frobeniusNorm", () => {
  it("is the root of the sum of squares", () => {
    expect(
      frobeniusNorm(
        Matrix.fromRows([
          [3, 0],
          [0, -4],
        ]),
      ),
    ).toBe(5);
    expect(frobeniusNorm(new Matrix(3, 2))).toBe(0);
    expect(frobeniusNorm(new Matrix(0, 0))).toBe(0);
  });

  it("neither overflows nor underflows for extreme magnitudes", () => {
    const huge = Matrix.fromRows([[3e200, 4e200]]);
    const tiny = Matrix.fromRows([[3e-200, 4e-200]]);
    expect(frobeniusNorm(huge) / 5e200).toBeCloseTo(1, 14);
    expect(frobeniusNorm(tiny) / 5e-200).toBeCloseTo(1, 14);
  });
});

describe("trace", () => {
  it("sums the diagonal of a square matrix and rejects others", () => {
    expect(
      trace(
        Matrix.fromRows([
          [1, 9],
          [9, 2],
        ]),
      ),
    ).toBe(3);
    expect(() => trace(new Matrix(2, 3))).toThrow("trace needs a square matrix, got 2×3");
  });

  // Set 5, problem C: the trace is invariant under cyclic permutations, also for non-square factors
  // as long as the products are square.
  it.each([
    [6, 6, 6],
    [4, 7, 3],
    [9, 2, 5],
  ])("Tr(ABC) = Tr(BCA) = Tr(CAB) for A %i×%i, B …×%i", (m, n, p) => {
    const a = randomMatrix(m, n, 11);
    const b = randomMatrix(n, p, 12);
    const c = randomMatrix(p, m, 13);
    const abc = trace(matmul(matmul(a, b), c));
    const bca = trace(matmul(matmul(b, c), a));
    const cab = trace(matmul(matmul(c, a), b));
    expect(Math.abs(abc - bca)).toBeLessThan(1e-12 * Math.max(1, Math.abs(abc)));
    expect(Math.abs(abc - cab)).toBeLessThan(1e-12 * Math.max(1, Math.abs(abc)));
    // Non-cyclic orders differ in general, so the check above is not vacuous.
    if (m === n && n === p) expect(Math.abs(abc - trace(matmul(matmul(b, a), c)))).toBeGreaterThan(1e-6);
  });
});
