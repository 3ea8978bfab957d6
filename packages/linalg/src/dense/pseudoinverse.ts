import { InvalidArgumentError, LabError } from "@lab/core";
import { Matrix } from "../matrix.js";
import { conditionNumber } from "./condition.js";
import { subtract } from "./elementwise.js";
import { solve } from "./lu.js";
import { matmul, matmulTransposeA, matmulTransposeB } from "./matmul.js";
import { frobeniusNorm } from "./norms.js";
import { svd } from "./svd.js";

export interface PseudoinverseOptions {
  /**
   * Singular values at or below rcond·σmax are treated as zero. Default max(m, n)·ε, numpy's default
   * for `pinv` (numpy ≥ 2) and `matrix_rank`.
   */
  readonly rcond?: number;
}

/**
 * The Moore–Penrose pseudoinverse X⁺ = V·Σ⁺·Uᵀ (n×m), where Σ⁺ inverts the singular values above
 * the cutoff and zeroes the rest. Stable for any X, including rank-deficient ones.
 */
export function pseudoinverse(x: Matrix, options: PseudoinverseOptions = {}): Matrix {
  const m = x.rows;
  const n = x.cols;
  const rcond = options.rcond ?? Math.max(m, n) * Number.EPSILON;
  if (!(rcond >= 0 && Number.isFinite(rcond))) {
    throw new InvalidArgumentError(`pseudoinverse rcond must be a finite number >= 0, got ${rcond}`);
  }
  const { u, s, v } = svd(x);
  const k = s.length;
  if (k === 0) return new Matrix(n, m);
  const cutoff = rcond * s[0];
  // V·Σ⁺ column-scaled in place of a diagonal product, then (VΣ⁺)·Uᵀ without transposing U.
  const scaledV = v.clone();
  const data = scaledV.data;
  for (let j = 0; j < k; j++) {
    const factor = s[j] > cutoff ? 1 / s[j] : 0;
    for (let i = 0; i < n; i++) data[i * k + j] *= factor;
  }
  return matmulTransposeB(scaledV, u);
}

/**
 * The pseudoinverse by the normal equations: (XᵀX)⁻¹Xᵀ for tall X (m ≥ n), Xᵀ(XXᵀ)⁻¹ for wide X,
 * with the Gram matrix solved by LU. Algebraically equal to `pseudoinverse` for full-rank X, but the
 * Gram matrix has condition number κ(X)², so about twice as many digits are lost (set 5, problem J).
 * Throws `SingularMatrixError` when the Gram matrix is exactly singular.
 */
export function pseudoinverseNormalEquations(x: Matrix): Matrix {
  if (x.rows >= x.cols) {
    const gram = matmulTransposeA(x, x);
    return solve(gram, x.transpose());
  }
  const gram = matmulTransposeB(x, x);
  // Xᵀ(XXᵀ)⁻¹ = ((XXᵀ)⁻¹X)ᵀ because the Gram matrix is symmetric.
  return solve(gram, x).transpose();
}

/** Both pseudoinverses side by side, with the condition numbers that explain their disagreement. */
export interface PseudoinverseComparison {
  /** κ(X) = σmax/σmin (Infinity when numerically rank-deficient). */
  readonly kappaX: number;
  /** κ of the Gram matrix XᵀX (or XXᵀ for wide X): κ(X)² until it passes 1/ε, then Infinity. */
  readonly kappaXtX: number;
  /**
   * How far X⁺ is from being a left inverse: ‖X⁺·X − I‖_F/√n for tall X (‖X·X⁺ − I‖_F/√m for wide
   * X). Grows like ε·κ(X) for the SVD form. Meaningful for full-rank X, the setting of problems H–J
   * (for rank-deficient X, X⁺X is a projector and the residual is ~1 for any method).
   */
  readonly residualSvd: number;
  /**
   * The same residual for the normal-equations pseudoinverse: Infinity if the solve hit an exactly
   * singular Gram matrix, NaN if it produced non-finite entries.
   */
  readonly residualNormalEquations: number;
  /** max |X⁺_svd − X⁺_normal| over all entries; Infinity if the normal equations failed. */
  readonly maxDifference: number;
  /** ‖X⁺_svd − X⁺_normal‖_F / ‖X⁺_svd‖_F. */
  readonly relativeDifference: number;
  /** Why the normal-equations solve failed, or null. */
  readonly normalEquationsFailure: string | null;
}

/**
 * Computes X⁺ both ways and reports how far each is from inverting X, and how far apart they are.
 * On well-conditioned X both residuals are ~1e-15; as κ(X) grows the SVD residual grows like ε·κ(X)
 * and the normal-equations one like ε·κ(X)², reaching O(1) once κ(X) passes ~1e8 (problem J).
 *
 * The Penrose residual ‖X·X⁺·X − X‖ is not used: evaluating it in floating point costs ~ε·κ(X) for
 * any X⁺, so it hides the difference between the two methods.
 */
export function comparePseudoinverses(x: Matrix): PseudoinverseComparison {
  const kappaX = conditionNumber(x);
  const gram = x.rows >= x.cols ? matmulTransposeA(x, x) : matmulTransposeB(x, x);
  const kappaXtX = conditionNumber(gram);
  const viaSvd = pseudoinverse(x);
  const residualSvd = inverseResidual(x, viaSvd);
  let viaNormal: Matrix;
  try {
    viaNormal = pseudoinverseNormalEquations(x);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    return {
      kappaX,
      kappaXtX,
      residualSvd,
      residualNormalEquations: Number.POSITIVE_INFINITY,
      maxDifference: Number.POSITIVE_INFINITY,
      relativeDifference: Number.POSITIVE_INFINITY,
      normalEquationsFailure: error.message,
    };
  }
  const difference = subtract(viaSvd, viaNormal);
  let maxDifference = 0;
  for (const value of difference.data) maxDifference = Math.max(maxDifference, Math.abs(value));
  const svdNorm = frobeniusNorm(viaSvd);
  return {
    kappaX,
    kappaXtX,
    residualSvd,
    residualNormalEquations: inverseResidual(x, viaNormal),
    maxDifference,
    relativeDifference: svdNorm === 0 ? frobeniusNorm(difference) : frobeniusNorm(difference) / svdNorm,
    normalEquationsFailure: null,
  };
}

/** ‖P·X − I‖_F/√n for tall X, ‖X·P − I‖_F/√m for wide X: the RMS deviation from the identity. */
function inverseResidual(x: Matrix, p: Matrix): number {
  const product = x.rows >= x.cols ? matmul(p, x) : matmul(x, p);
  const size = product.rows;
  if (size === 0) return 0;
  const data = product.data;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const deviation = data[i * size + j] - (i === j ? 1 : 0);
      sum += deviation * deviation;
    }
  }
  return Math.sqrt(sum / size);
}
