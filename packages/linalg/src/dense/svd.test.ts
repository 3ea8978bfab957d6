import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { conditionNumber, spectralNorm } from "./condition.js";
import { singularValues, svd } from "./svd.js";
import {
  frobenius,
  hilbert,
  maxAbsDifference,
  naiveProduct,
  orthonormalityError,
  randomLowRank,
  randomMatrix,
  reconstructSvd,
  vandermonde,
} from "./test-support.js";

const cases: [string, Matrix][] = [
  ["random square", randomMatrix(30, 30, 1)],
  ["tall", randomMatrix(70, 12, 2)],
  ["very tall (QR first)", randomMatrix(200, 9, 3)],
  ["wide", randomMatrix(8, 45, 4)],
  ["1×n", randomMatrix(1, 9, 5)],
  ["n×1", randomMatrix(9, 1, 6)],
  ["1×1", Matrix.fromRows([[-2.5]])],
  ["zero", new Matrix(6, 4)],
  ["rank-deficient square", randomLowRank(25, 25, 7, 7)],
  ["rank-deficient tall", randomLowRank(60, 20, 4, 8)],
  ["rank-deficient wide", randomLowRank(15, 40, 5, 9)],
  ["rank one", randomLowRank(10, 7, 1, 10)],
  ["Hilbert 12", hilbert(12)],
  ["Vandermonde 20×8", vandermonde(20, 8)],
  ["repeated singular values", Matrix.identity(5)],
  ["graded diagonal", Matrix.diagonal([1, 1e-3, 1e-6, 1e-9, 1e-12])],
  ["tiny entries", scaled(randomMatrix(6, 5, 11), 1e-200)],
  ["huge entries", scaled(randomMatrix(6, 5, 12), 1e200)],
  // From 48 columns on, the bidiagonal is solved by divide and conquer instead of QR iteration.
  ["large square (divide and conquer)", randomMatrix(120, 120, 13)],
  ["large tall", randomMatrix(150, 60, 14)],
  ["large wide", randomMatrix(60, 130, 15)],
  ["large rank-deficient", randomLowRank(100, 90, 10, 16)],
  ["large identity (every pole deflates)", Matrix.identity(64)],
  ["large zero", new Matrix(60, 50)],
  ["large Hilbert", hilbert(60)],
];

function scaled(a: Matrix, factor: number): Matrix {
  const result = a.clone();
  for (let i = 0; i < result.data.length; i++) result.data[i] *= factor;
  return result;
}

describe("svd", () => {
  it.each(cases)("UΣVᵀ reconstructs to 1e-10·‖X‖ with orthonormal factors (%s)", (_name, x) => {
    const norm = frobenius(x);
    for (const full of [false, true]) {
      const { u, s, v } = svd(x, { full });
      const k = Math.min(x.rows, x.cols);
      expect(u.shape).toEqual([x.rows, full ? x.rows : k]);
      expect(v.shape).toEqual([x.cols, full ? x.cols : k]);
      expect(s).toHaveLength(k);
      expect(frobenius(subtractMatrices(reconstructSvd(u, s, v), x))).toBeLessThanOrEqual(1e-10 * norm);
      expect(orthonormalityError(u)).toBeLessThan(1e-12);
      expect(orthonormalityError(v)).toBeLessThan(1e-12);
      for (let j = 0; j < k; j++) {
        expect(s[j]).toBeGreaterThanOrEqual(0);
        if (j > 0) expect(s[j]).toBeLessThanOrEqual(s[j - 1]);
      }
    }
  });

  it("finds exactly `rank` non-negligible singular values of a rank-deficient matrix", () => {
    const s = svd(randomLowRank(30, 20, 6, 13)).s;
    for (let j = 0; j < 6; j++) expect(s[j]).toBeGreaterThan(1e-3);
    for (let j = 6; j < 20; j++) expect(s[j]).toBeLessThan(1e-12 * s[0]);
  });

  it("matches numpy's singular values of the Hilbert and Vandermonde matrices", () => {
    // numpy 1.24 (Debian python3-numpy, OpenBLAS LAPACK): np.linalg.svd(H, compute_uv=False) with
    // H[i, j] = 1/(i+j+1), 12×12, and np.vander(np.linspace(0, 1, 20), 8, increasing=True).
    const hilbertValues = [
      1.7953720595619977, 3.8027524595503703e-1, 4.4738548752181057e-2, 3.7223122378911592e-3,
      2.3308908902177245e-4, 1.1163357483228818e-5, 4.0823761104182662e-7, 1.1228610667654038e-8,
      2.2519645337231846e-10, 3.111345518032038e-12, 2.649127597755537e-14, 1.0930117336481689e-16,
    ];
    const vandermondeValues = [
      5.9715483715437125, 2.6135282213836364, 7.9383413982875051e-1, 1.9308532740264736e-1,
      3.8249149825256089e-2, 6.054813087659516e-3, 7.2518556856049203e-4, 5.676655445189573e-5,
    ];
    const ours = svd(hilbert(12)).s;
    // Both computations are only backward stable: each value is good to ~ε·σmax absolutely.
    for (let j = 0; j < 12; j++) expect(Math.abs(ours[j] - hilbertValues[j]!)).toBeLessThan(1e-15 * 12);
    for (let j = 0; j < 10; j++) expect(ours[j] / hilbertValues[j]!).toBeCloseTo(1, 4);
    const vander = svd(vandermonde(20, 8)).s;
    for (let j = 0; j < 8; j++) expect(vander[j] / vandermondeValues[j]!).toBeCloseTo(1, 9);
  });

  it("follows the documented sign convention: each column of V has a positive largest entry", () => {
    const x = randomMatrix(12, 9, 14);
    const { u, s, v } = svd(x);
    for (let j = 0; j < 9; j++) {
      let largest = 0;
      for (let i = 0; i < 9; i++) if (Math.abs(v.get(i, j)) > Math.abs(largest)) largest = v.get(i, j);
      expect(largest).toBeGreaterThan(0);
      // X·v_j = σ_j·u_j ties U's signs to V's.
      const xv = naiveProduct(x, Matrix.column(v.column(j)));
      for (let i = 0; i < 12; i++) expect(xv.data[i]).toBeCloseTo(s[j] * u.get(i, j), 12);
    }
    // Deterministic: the same input gives bit-identical output.
    expect(svd(x).u.data).toEqual(u.data);
  });

  // Set 5, problems E–G, checked numerically on a tall rank-N matrix (D = 9 > N = 4).
  describe("thin versus full SVD of a tall matrix", () => {
    const x = randomMatrix(9, 4, 15);
    const full = svd(x, { full: true });
    const thin = svd(x);

    it("UΣ = U'Σ' (problem E): the extra columns of U meet only zero rows of Σ", () => {
      const uSigma = naiveProduct(full.u, Matrix.diagonal(full.s, 9, 4));
      const thinUSigma = naiveProduct(thin.u, Matrix.diagonal(thin.s, 4, 4));
      expect(maxAbsDifference(uSigma, thinUSigma)).toBeLessThan(1e-13);
    });

    it("U'ᵀU' = I (problem G) while U'U'ᵀ ≠ I: U' is not orthogonal (problem F)", () => {
      const gram = naiveProduct(thin.u.transpose(), thin.u);
      expect(maxAbsDifference(gram, Matrix.identity(4))).toBeLessThan(1e-14);
      const projector = naiveProduct(thin.u, thin.u.transpose());
      expect(maxAbsDifference(projector, Matrix.identity(9))).toBeGreaterThan(0.5);
      // U'U'ᵀ is the projector onto the column space: trace = rank = 4, not 9.
      let trace = 0;
      for (let i = 0; i < 9; i++) trace += projector.get(i, i);
      expect(trace).toBeCloseTo(4, 12);
      // The full U is square and orthogonal both ways.
      expect(maxAbsDifference(naiveProduct(full.u, full.u.transpose()), Matrix.identity(9))).toBeLessThan(
        1e-14,
      );
    });
  });

  it("relates singular values to the eigenvalues of XᵀX (problem A)", () => {
    const x = randomMatrix(10, 6, 16);
    const { s, v } = svd(x);
    const gram = naiveProduct(x.transpose(), x);
    for (let j = 0; j < 6; j++) {
      const gv = naiveProduct(gram, Matrix.column(v.column(j)));
      for (let i = 0; i < 6; i++) expect(gv.data[i]).toBeCloseTo(s[j] * s[j] * v.get(i, j), 11);
    }
  });

  it("singularValues agrees with svd and with known values", () => {
    for (const [, x] of cases) {
      const fromSvd = svd(x).s;
      const direct = singularValues(x);
      for (let j = 0; j < fromSvd.length; j++)
        expect(Math.abs(direct[j] - fromSvd[j])).toBeLessThan(1e-13 * (fromSvd[0] || 1));
    }
    expect(Array.from(singularValues(Matrix.diagonal([3, -7, 0.5])))).toEqual([7, 3, 0.5]);
  });

  it("handles empty matrices", () => {
    expect(svd(new Matrix(0, 3)).s).toHaveLength(0);
    expect(svd(new Matrix(3, 0), { full: true }).u.shape).toEqual([3, 3]);
    expect(singularValues(new Matrix(0, 0))).toHaveLength(0);
  });

  it("rejects NaN and Infinity", () => {
    expect(() => svd(Matrix.fromRows([[1, Number.NaN]]))).toThrow(
      "svd needs finite values; entry (0, 1) is NaN",
    );
    expect(() => singularValues(Matrix.fromRows([[Number.POSITIVE_INFINITY]]))).toThrow("finite");
  });
});

describe("spectralNorm and conditionNumber", () => {
  it("are σmax and σmax/σmin", () => {
    const x = Matrix.diagonal([2, -8, 0.5], 4, 3);
    expect(spectralNorm(x)).toBeCloseTo(8, 14);
    expect(conditionNumber(x)).toBeCloseTo(16, 13);
    expect(conditionNumber(Matrix.identity(4))).toBe(1);
    expect(spectralNorm(new Matrix(0, 0))).toBe(0);
  });

  it("grows like the textbook values for Hilbert matrices", () => {
    // κ₂(H₆) ≈ 1.495e7, κ₂(H₈) ≈ 1.526e10 (np.linalg.cond).
    expect(conditionNumber(hilbert(6)) / 1.495105864e7).toBeCloseTo(1, 6);
    expect(conditionNumber(hilbert(8)) / 1.525757553e10).toBeCloseTo(1, 4);
  });

  it("is Infinity for rank-deficient and zero matrices", () => {
    expect(conditionNumber(randomLowRank(8, 8, 5, 17))).toBe(Number.POSITIVE_INFINITY);
    expect(conditionNumber(new Matrix(3, 3))).toBe(Number.POSITIVE_INFINITY);
    expect(() => conditionNumber(new Matrix(0, 2))).toThrow("non-empty");
  });
});

function subtractMatrices(a: Matrix, b: Matrix): Matrix {
  const result = a.clone();
  for (let i = 0; i < result.data.length; i++) result.data[i] -= b.data[i];
  return result;
}
