import { InvalidArgumentError } from "@lab/core";
import type { Matrix } from "../matrix.js";

export function assertSameShape(a: Matrix, b: Matrix, operation: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new InvalidArgumentError(
      `${operation} needs matrices of the same shape, got ${a.rows}×${a.cols} and ${b.rows}×${b.cols}`,
    );
  }
}

export function assertSquare(a: Matrix, operation: string): void {
  if (a.rows !== a.cols) {
    throw new InvalidArgumentError(`${operation} needs a square matrix, got ${a.rows}×${a.cols}`);
  }
}

/** Decompositions would loop forever or return garbage on NaN/Inf, so they refuse them up front. */
export function assertFinite(a: Matrix, operation: string): void {
  const data = a.data;
  for (let index = 0; index < data.length; index++) {
    if (!Number.isFinite(data[index])) {
      const row = Math.floor(index / a.cols);
      throw new InvalidArgumentError(
        `${operation} needs finite values; entry (${row}, ${index - row * a.cols}) is ${data[index]}`,
      );
    }
  }
}

/** Entries this far apart (relative to the largest entry) count as a non-symmetric input. */
const SYMMETRY_TOLERANCE = 1e-10;

/**
 * Symmetric algorithms read one triangle only; a non-symmetric input would give a silently wrong
 * answer, so it is refused. Rounding-level asymmetry (e.g. from forming XᵀX) is accepted.
 */
export function assertSymmetric(a: Matrix, operation: string): void {
  assertSquare(a, operation);
  const n = a.rows;
  const data = a.data;
  let largest = 0;
  for (let index = 0; index < data.length; index++) largest = Math.max(largest, Math.abs(data[index]));
  const tolerance = SYMMETRY_TOLERANCE * largest;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const upper = data[j * n + i];
      const lower = data[i * n + j];
      if (Math.abs(upper - lower) > tolerance) {
        throw new InvalidArgumentError(
          `${operation} needs a symmetric matrix; entries (${i}, ${j}) = ${lower} and (${j}, ${i}) = ${upper} differ`,
        );
      }
    }
  }
}
