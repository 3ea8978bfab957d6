import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { SingularMatrixError } from "./errors.js";
import { comparePseudoinverses, pseudoinverse, pseudoinverseNormalEquations } from "./pseudoinverse.js";
import {
  hilbert,
  maxAbs,
  maxAbsDifference,
  naiveProduct,
  randomLowRank,
  randomMatrix,
  vandermonde,
} from "./test-support.js";

/** The four Penrose conditions, each as a max-abs residual relative to the sizes involved. */
function penroseResiduals(x: Matrix, p: Matrix): number[] {
  const xp = naiveProduct(x, p);
  const px = naiveProduct(p, x);
  return [
    maxAbsDifference(naiveProduct(xp, x), x) / maxAbs(x),
    maxAbsDifference(naiveProduct(px, p), p) / maxAbs(p),
    maxAbsDifference(xp, xp.transpose()),
    maxAbsDifference(px, px.transpose()),
  ];
}

describe("pseudoinverse (SVD)", () => {
  it.each([
    ["tall", randomMatrix(12, 5, 1)],
    ["wide", randomMatrix(4, 9, 2)],
    ["rank-deficient", randomLowRank(10, 8, 3, 3)],
    ["1×n", randomMatrix(1, 6, 4)],
  ])("satisfies the four Penrose conditions (%s)", (_name, x) => {
    const p = pseudoinverse(x);
    expect(p.shape).toEqual([x.cols, x.rows]);
    for (const residual of penroseResiduals(x, p)) expect(residual).toBeLessThan(1e-12);
  });

  it("is the inverse of an invertible matrix and zero for the zero matrix", () => {
    const a = Matrix.fromRows([
      [4, 7],
      [2, 6],
    ]);
    expect(
      maxAbsDifference(
        pseudoinverse(a),
        Matrix.fromRows([
          [0.6, -0.7],
          [-0.2, 0.4],
        ]),
      ),
    ).toBeLessThan(1e-15);
    expect(pseudoinverse(new Matrix(3, 2)).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("drops singular values below rcond·σmax", () => {
    const x = Matrix.diagonal([1, 1e-3, 1e-9]);
    expect(pseudoinverse(x).get(2, 2)).toBeCloseTo(1e9, 3);
    const truncated = pseudoinverse(x, { rcond: 1e-6 });
    expect(truncated.get(1, 1)).toBeCloseTo(1e3, 9);
    expect(truncated.get(2, 2)).toBe(0);
    expect(() => pseudoinverse(x, { rcond: -1 })).toThrow("rcond must be a finite number >= 0");
  });
});

describe("pseudoinverse by the normal equations", () => {
  it("agrees with the SVD form on well-conditioned tall and wide matrices (problems H, I)", () => {
    for (const x of [randomMatrix(30, 6, 5), randomMatrix(5, 14, 6)]) {
      expect(maxAbsDifference(pseudoinverseNormalEquations(x), pseudoinverse(x))).toBeLessThan(1e-13);
    }
  });

  it("fails loudly when the Gram matrix is exactly singular", () => {
    const x = Matrix.fromRows([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    expect(() => pseudoinverseNormalEquations(x)).toThrow(SingularMatrixError);
    const report = comparePseudoinverses(x);
    expect(report.normalEquationsFailure).toContain("matrix is singular");
    expect(report.residualNormalEquations).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("comparePseudoinverses (problem J)", () => {
  it("reports agreement and small residuals for a well-conditioned matrix", () => {
    const report = comparePseudoinverses(randomMatrix(40, 5, 7));
    expect(report.kappaX).toBeLessThan(10);
    expect(report.kappaXtX).toBeCloseTo(report.kappaX ** 2, 8);
    expect(report.residualSvd).toBeLessThan(1e-14);
    expect(report.residualNormalEquations).toBeLessThan(1e-14);
    expect(report.maxDifference).toBeLessThan(1e-14);
    expect(report.normalEquationsFailure).toBeNull();
  });

  it("shows κ(XᵀX) = κ(X)² and the normal equations diverging as κ grows (Vandermonde)", () => {
    const reports = [4, 6, 8, 10, 12].map((columns) => comparePseudoinverses(vandermonde(30, columns)));
    for (let index = 1; index < reports.length; index++) {
      expect(reports[index]!.kappaX).toBeGreaterThan(10 * reports[index - 1]!.kappaX);
    }
    for (const report of reports.slice(0, 3)) expect(report.kappaXtX / report.kappaX ** 2).toBeCloseTo(1, 2);
    for (const report of reports) {
      // SVD: error ~ ε·κ; normal equations: ~ ε·κ², so the gap widens by orders of magnitude.
      expect(report.residualSvd).toBeLessThan(100 * Number.EPSILON * report.kappaX);
      expect(report.residualNormalEquations).toBeGreaterThan(report.residualSvd);
    }
    const last = reports[reports.length - 1]!;
    expect(last.kappaXtX).toBe(Number.POSITIVE_INFINITY); // κ(X)² ≈ 1.5e16 > 1/ε: numerically singular
    expect(last.residualNormalEquations).toBeGreaterThan(1e-4);
    expect(last.residualSvd).toBeLessThan(1e-7);
    expect(last.relativeDifference).toBeGreaterThan(1e-4);
  });

  it("shows the same on Hilbert matrices, where the normal equations lose every digit by n = 7", () => {
    const report = comparePseudoinverses(hilbert(7));
    expect(report.kappaX).toBeGreaterThan(1e8);
    expect(report.residualSvd).toBeLessThan(1e-7);
    expect(report.residualNormalEquations).toBeGreaterThan(0.1);
  });
});
