import { Matrix } from "../matrix.js";

/** A copy of the first `count` columns. */
export function leadingColumns(matrix: Matrix, count: number): Matrix {
  const result = new Matrix(matrix.rows, count);
  for (let i = 0; i < matrix.rows; i++) {
    result.data.set(matrix.data.subarray(i * matrix.cols, i * matrix.cols + count), i * count);
  }
  return result;
}
