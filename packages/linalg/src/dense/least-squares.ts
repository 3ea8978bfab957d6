import { InvalidArgumentError } from "@lab/core";
import { Matrix } from "../matrix.js";
import { matmul } from "./matmul.js";
import { pseudoinverse } from "./pseudoinverse.js";
import { applyQTranspose, householderQr } from "./qr.js";

/**
 * x minimising ‖A·x − b‖₂. Tall A with clearly full column rank is solved by Householder QR
 * (R·x = Qᵀb: stable, never forms AᵀA). Otherwise (wide A, or some |r_ii| below
 * 10·max(m, n)·ε·max|r_jj|) the minimum-norm solution A⁺·b from the SVD pseudoinverse is returned,
 * as numpy.linalg.lstsq would. `b` is a vector or an m×k matrix of right-hand sides.
 */
export function leastSquares(a: Matrix, b: Matrix): Matrix;
export function leastSquares(a: Matrix, b: ArrayLike<number>): Float64Array;
export function leastSquares(a: Matrix, b: Matrix | ArrayLike<number>): Matrix | Float64Array {
  const rhs = b instanceof Matrix ? b.clone() : new Matrix(b.length, 1, Float64Array.from(b));
  const m = a.rows;
  const n = a.cols;
  if (rhs.rows !== m) {
    throw new InvalidArgumentError(`leastSquares: A is ${m}×${n} but b has ${rhs.rows} rows`);
  }
  const solution = m >= n ? solveByQr(a, rhs) : null;
  const result = solution ?? matmul(pseudoinverse(a), rhs);
  return b instanceof Matrix ? result : result.data;
}

/** The QR least-squares solution, or null when R is too close to singular to trust. */
function solveByQr(a: Matrix, rhs: Matrix): Matrix | null {
  const n = a.cols;
  const width = rhs.cols;
  const compact = householderQr(a);
  const r = compact.factors.data;
  let largest = 0;
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const magnitude = Math.abs(r[i * n + i]);
    largest = Math.max(largest, magnitude);
    smallest = Math.min(smallest, magnitude);
  }
  if (n > 0 && !(smallest > 10 * Math.max(a.rows, n) * Number.EPSILON * largest)) return null;
  applyQTranspose(compact, rhs);
  const solution = new Matrix(n, width);
  const x = solution.data;
  x.set(rhs.data.subarray(0, n * width));
  for (let i = n - 1; i >= 0; i--) {
    const row = i * width;
    for (let p = i + 1; p < n; p++) {
      const coefficient = r[i * n + p];
      const other = p * width;
      for (let j = 0; j < width; j++) x[row + j] -= coefficient * x[other + j];
    }
    const inverse = 1 / r[i * n + i];
    for (let j = 0; j < width; j++) x[row + j] *= inverse;
  }
  return solution;
}
