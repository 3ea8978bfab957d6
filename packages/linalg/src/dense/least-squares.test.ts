import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { leastSquares } from "./least-squares.js";
import { matmul, matmulTransposeA } from "./matmul.js";
import { maxAbs, maxAbsDifference, naiveProduct, randomMatrix } from "./test-support.js";

describe("leastSquares", () => {
  it("fits a line exactly through collinear points", () => {
    const a = Matrix.fromRows([
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
    const x = leastSquares(a, [1, 3, 5, 7]);
    expect(x[0]).toBeCloseTo(1, 14);
    expect(x[1]).toBeCloseTo(2, 14);
  });

  it("leaves a residual orthogonal to the columns (the normal equations hold)", () => {
    const a = randomMatrix(60, 8, 31);
    const b = randomMatrix(60, 2, 32);
    const x = leastSquares(a, b);
    const residual = naiveProduct(a, x);
    for (let i = 0; i < residual.data.length; i++) residual.data[i] = b.data[i] - residual.data[i];
    // The residual is not small (60 equations, 8 unknowns) but Aᵀr is.
    expect(maxAbs(residual)).toBeGreaterThan(0.1);
    expect(maxAbs(matmulTransposeA(a, residual))).toBeLessThan(1e-12);
  });

  it("returns the minimum-norm solution of a rank-deficient system", () => {
    // A = L·R has rank 3; its row space is spanned by the rows of R.
    const left = randomMatrix(20, 3, 33);
    const right = randomMatrix(3, 6, 34);
    const a = naiveProduct(left, right);
    const target = randomMatrix(20, 1, 35);
    const x = leastSquares(a, target);
    // Still a least-squares solution: Aᵀ(Ax − b) = 0 …
    expect(maxAbsDifference(matmulTransposeA(a, matmul(a, x)), matmulTransposeA(a, target))).toBeLessThan(
      1e-9,
    );
    // … and of minimum norm: it lies in the row space, so Rᵀy = x has an exact solution.
    const rowSpaceBasis = right.transpose();
    const coefficients = leastSquares(rowSpaceBasis, x);
    expect(maxAbsDifference(naiveProduct(rowSpaceBasis, coefficients), x)).toBeLessThan(1e-12);
  });

  it("solves an underdetermined (wide) system exactly", () => {
    const wide = randomMatrix(3, 7, 36);
    const x = leastSquares(wide, [1, 2, 3]);
    expect(x).toHaveLength(7);
    const product = naiveProduct(wide, Matrix.column(x));
    expect(Array.from(product.data).map((value) => Number(value.toFixed(10)))).toEqual([1, 2, 3]);
  });

  it("rejects a right-hand side of the wrong length", () => {
    expect(() => leastSquares(new Matrix(4, 2), [1, 2])).toThrow("A is 4×2 but b has 2 rows");
  });
});
