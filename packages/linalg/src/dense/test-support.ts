// Matrix generators and error measures shared by the dense tests (not exported from the package).
import { Rng } from "@lab/core";
import { Matrix } from "../matrix.js";

/** Entries drawn from N(0, 1) with a fixed seed. */
export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const result = new Matrix(rows, cols);
  new Rng(seed).fillNormal(result.data);
  return result;
}

/** A random symmetric positive definite matrix: XᵀX + n·I. */
export function randomSpd(n: number, seed: number): Matrix {
  const x = randomMatrix(n, n, seed);
  const result = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? n : 0;
      for (let p = 0; p < n; p++) sum += x.data[p * n + i] * x.data[p * n + j];
      result.data[i * n + j] = sum;
    }
  }
  return result;
}

/** A random rows×cols matrix of exact rank `rank` (product of two Gaussian factors). */
export function randomLowRank(rows: number, cols: number, rank: number, seed: number): Matrix {
  return naiveProduct(randomMatrix(rows, rank, seed), randomMatrix(rank, cols, seed + 1));
}

/** The n×n Hilbert matrix 1/(i + j + 1): famously ill-conditioned (κ(H₁₂) ≈ 1.6e16). */
export function hilbert(n: number): Matrix {
  const result = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) result.data[i * n + j] = 1 / (i + j + 1);
  return result;
}

/** Rows [1, t, t², …, t^(degree−1)] for `points` equally spaced t in [0, 1] (numpy.vander, increasing). */
export function vandermonde(points: number, columns: number): Matrix {
  const result = new Matrix(points, columns);
  for (let i = 0; i < points; i++) {
    const t = points === 1 ? 0 : i / (points - 1);
    for (let j = 0; j < columns; j++) result.data[i * columns + j] = t ** j;
  }
  return result;
}

/** Textbook triple loop: the reference the optimised kernels are checked against. */
export function naiveProduct(a: Matrix, b: Matrix): Matrix {
  const result = new Matrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let sum = 0;
      for (let p = 0; p < a.cols; p++) sum += a.data[i * a.cols + p] * b.data[p * b.cols + j];
      result.data[i * b.cols + j] = sum;
    }
  }
  return result;
}

export function maxAbsDifference(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`shape mismatch ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`);
  }
  let largest = 0;
  for (let index = 0; index < a.data.length; index++) {
    largest = Math.max(largest, Math.abs(a.data[index] - b.data[index]));
  }
  return largest;
}

export function maxAbs(a: Matrix): number {
  let largest = 0;
  for (const value of a.data) largest = Math.max(largest, Math.abs(value));
  return largest;
}

/** max |QᵀQ − I|: 0 for exactly orthonormal columns. */
export function orthonormalityError(q: Matrix): number {
  return maxAbsDifference(naiveProduct(q.transpose(), q), Matrix.identity(q.cols));
}

/** U·diag(s)·Vᵀ, with diag(s) padded to U.cols × V.cols (so full SVDs work too). */
export function reconstructSvd(u: Matrix, s: Float64Array, v: Matrix): Matrix {
  return naiveProduct(naiveProduct(u, Matrix.diagonal(s, u.cols, v.cols)), v.transpose());
}

export function frobenius(a: Matrix): number {
  let sum = 0;
  for (const value of a.data) sum += value * value;
  return Math.sqrt(sum);
}
