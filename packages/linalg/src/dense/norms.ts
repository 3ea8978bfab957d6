import type { Matrix } from "../matrix.js";
import { assertSquare } from "./validate.js";

/**
 * √(Σ aᵢⱼ²). Squares of entries beyond ~1e154 overflow and below ~1e-154 underflow, so when the
 * plain sum is not a normal finite number the sum is redone on entries scaled by the largest one.
 */
export function frobeniusNorm(a: Matrix): number {
  return euclideanNorm(a.data, 0, a.data.length, 1);
}

/** The Euclidean norm of `length` values of `data` starting at `offset`, `stride` apart. */
export function euclideanNorm(data: Float64Array, offset: number, length: number, stride: number): number {
  let sum = 0;
  for (let k = 0, index = offset; k < length; k++, index += stride) sum += data[index] * data[index];
  if (sum < Number.MAX_VALUE && sum > 1e-290) return Math.sqrt(sum);
  let largest = 0;
  for (let k = 0, index = offset; k < length; k++, index += stride)
    largest = Math.max(largest, Math.abs(data[index]));
  // Either truly zero, or non-finite input whose norm is NaN/Infinity anyway.
  if (largest === 0 || !Number.isFinite(largest)) return largest === 0 ? 0 : Math.sqrt(sum);
  let scaled = 0;
  for (let k = 0, index = offset; k < length; k++, index += stride) {
    const value = data[index] / largest;
    scaled += value * value;
  }
  return largest * Math.sqrt(scaled);
}

/** Σ aᵢᵢ of a square matrix. */
export function trace(a: Matrix): number {
  assertSquare(a, "trace");
  let sum = 0;
  for (let i = 0; i < a.rows; i++) sum += a.data[i * a.cols + i];
  return sum;
}
