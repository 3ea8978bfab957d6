import { InvalidArgumentError } from "@lab/core";
import type { Matrix } from "../matrix.js";
import { singularValues } from "./svd.js";

/** The spectral (operator 2-) norm: the largest singular value; 0 for an empty matrix. */
export function spectralNorm(a: Matrix): number {
  const values = singularValues(a);
  return values.length === 0 ? 0 : values[0];
}

/**
 * κ(A) = σmax/σmin over the min(m, n) singular values. Infinity when A is numerically rank-deficient:
 * σmin ≤ max(m, n)·ε·σmax (numpy's matrix_rank tolerance), where the computed σmin is rounding noise
 * and the ratio would be a meaningless ~1e16–1e19. That includes the zero matrix.
 */
export function conditionNumber(a: Matrix): number {
  if (a.rows === 0 || a.cols === 0) {
    throw new InvalidArgumentError(`conditionNumber needs a non-empty matrix, got ${a.rows}×${a.cols}`);
  }
  const values = singularValues(a);
  const largest = values[0];
  const smallest = values[values.length - 1];
  if (smallest <= Math.max(a.rows, a.cols) * Number.EPSILON * largest) return Number.POSITIVE_INFINITY;
  return largest / smallest;
}
