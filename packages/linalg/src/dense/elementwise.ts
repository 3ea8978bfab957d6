import { Matrix } from "../matrix.js";
import { assertSameShape } from "./validate.js";

/** a + b, entry by entry. */
export function add(a: Matrix, b: Matrix): Matrix {
  assertSameShape(a, b, "add");
  const result = new Matrix(a.rows, a.cols);
  const out = result.data;
  const x = a.data;
  const y = b.data;
  for (let index = 0; index < out.length; index++) out[index] = x[index] + y[index];
  return result;
}

/** a − b, entry by entry. */
export function subtract(a: Matrix, b: Matrix): Matrix {
  assertSameShape(a, b, "subtract");
  const result = new Matrix(a.rows, a.cols);
  const out = result.data;
  const x = a.data;
  const y = b.data;
  for (let index = 0; index < out.length; index++) out[index] = x[index] - y[index];
  return result;
}

/** factor · a. */
export function scale(a: Matrix, factor: number): Matrix {
  const result = new Matrix(a.rows, a.cols);
  const out = result.data;
  const x = a.data;
  for (let index = 0; index < out.length; index++) out[index] = factor * x[index];
  return result;
}

/** The Hadamard (entry-wise) product a ∘ b. */
export function hadamard(a: Matrix, b: Matrix): Matrix {
  assertSameShape(a, b, "hadamard");
  const result = new Matrix(a.rows, a.cols);
  const out = result.data;
  const x = a.data;
  const y = b.data;
  for (let index = 0; index < out.length; index++) out[index] = x[index] * y[index];
  return result;
}
