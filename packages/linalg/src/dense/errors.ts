import { LabError } from "@lab/core";

/** A square system with an exactly zero pivot after partial pivoting: no unique solution exists. */
export class SingularMatrixError extends LabError {
  override readonly name = "SingularMatrixError";
}

/**
 * Cholesky met a pivot that is not positive: the matrix is not symmetric positive definite (or is so
 * close to semidefinite that rounding made it indefinite). `pivotIndex` is 0-based.
 */
export class NotPositiveDefiniteError extends LabError {
  override readonly name = "NotPositiveDefiniteError";
  constructor(
    readonly pivotIndex: number,
    readonly pivotValue: number,
    readonly size: number,
  ) {
    super(
      `matrix is not positive definite: Cholesky pivot ${pivotIndex} (leading ${pivotIndex + 1}×${pivotIndex + 1} ` +
        `minor of the ${size}×${size} matrix) is ${pivotValue}; it must be > 0. For a semidefinite matrix such as ` +
        "XᵀX of rank-deficient X, add a ridge λI or use the SVD-based pseudoinverse",
    );
  }
}

/** An iterative decomposition exhausted its iteration budget (NaN or Inf in the input is the usual cause). */
export class ConvergenceError extends LabError {
  override readonly name = "ConvergenceError";
}
