import type { Matrix } from "../matrix.js";

/**
 * A matrix known only through its products with dense blocks of vectors. Iterative methods
 * (randomized SVD, power iteration) accept this so sparse inputs never have to be densified.
 * `CsrMatrix` implements it.
 */
export interface LinearOperator {
  readonly rows: number;
  readonly cols: number;
  /** A·X, where X has `cols` rows; the result has `rows` rows. */
  multiply(x: Matrix): Matrix;
  /** Aᵀ·X, where X has `rows` rows; the result has `cols` rows. */
  multiplyTranspose(x: Matrix): Matrix;
}
