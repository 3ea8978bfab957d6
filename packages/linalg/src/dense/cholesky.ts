import { InvalidArgumentError } from "@lab/core";
import { Matrix } from "../matrix.js";
import { NotPositiveDefiniteError } from "./errors.js";
import { assertSquare, assertSymmetric } from "./validate.js";

/**
 * The lower-triangular L with A = L·Lᵀ for a symmetric positive definite A. Throws
 * `NotPositiveDefiniteError` naming the first pivot that is not positive, and `InvalidArgumentError`
 * when A is not symmetric (a silent wrong answer would be worse: only one triangle is read).
 *
 * Row-oriented (Cholesky–Crout): every inner product is between two contiguous row prefixes of L.
 */
export function cholesky(a: Matrix): Matrix {
  assertSquare(a, "cholesky");
  assertSymmetric(a, "cholesky");
  const n = a.rows;
  const source = a.data;
  const lower = new Matrix(n, n);
  const l = lower.data;
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j < i; j++) {
      const rowJ = j * n;
      let sum = source[rowI + j];
      for (let p = 0; p < j; p++) sum -= l[rowI + p] * l[rowJ + p];
      l[rowI + j] = sum / l[rowJ + j];
    }
    let pivot = source[rowI + i];
    for (let p = 0; p < i; p++) pivot -= l[rowI + p] * l[rowI + p];
    if (!(pivot > 0)) throw new NotPositiveDefiniteError(i, pivot, n);
    l[rowI + i] = Math.sqrt(pivot);
  }
  return lower;
}

/**
 * Solves A·x = b given A's Cholesky factor L (from `cholesky`): forward substitution with L, then
 * back substitution with Lᵀ. `b` is a vector (returns a vector) or an n×k matrix of right-hand sides.
 */
export function choleskySolve(lower: Matrix, b: Matrix): Matrix;
export function choleskySolve(lower: Matrix, b: ArrayLike<number>): Float64Array;
export function choleskySolve(lower: Matrix, b: Matrix | ArrayLike<number>): Matrix | Float64Array {
  assertSquare(lower, "choleskySolve");
  const n = lower.rows;
  const rhs = b instanceof Matrix ? b.clone() : new Matrix(b.length, 1, Float64Array.from(b));
  if (rhs.rows !== n) {
    throw new InvalidArgumentError(
      `choleskySolve: factor is ${n}×${n} but the right-hand side has ${rhs.rows} rows`,
    );
  }
  const width = rhs.cols;
  const l = lower.data;
  const x = rhs.data;
  // L·y = b, row by row: y_i = (b_i − Σ_{p<i} L_ip·y_p) / L_ii, each y_p a contiguous row of x.
  for (let i = 0; i < n; i++) {
    const row = i * width;
    for (let p = 0; p < i; p++) {
      const factor = l[i * n + p];
      if (factor === 0) continue;
      const other = p * width;
      for (let j = 0; j < width; j++) x[row + j] -= factor * x[other + j];
    }
    const inverse = 1 / l[i * n + i];
    for (let j = 0; j < width; j++) x[row + j] *= inverse;
  }
  // Lᵀ·x = y from the bottom: once x_i is final it is subtracted from every earlier row.
  for (let i = n - 1; i >= 0; i--) {
    const row = i * width;
    const inverse = 1 / l[i * n + i];
    for (let j = 0; j < width; j++) x[row + j] *= inverse;
    for (let p = 0; p < i; p++) {
      const factor = l[i * n + p];
      if (factor === 0) continue;
      const other = p * width;
      for (let j = 0; j < width; j++) x[other + j] -= factor * x[row + j];
    }
  }
  return b instanceof Matrix ? rhs : rhs.data;
}
