/**
 * The exponent e such that 2^e·max|entry| lies in [0.5, 1), so squares and sums of squares in the
 * factorisation can neither overflow nor lose tiny inputs to underflow; scaling by a power of two is
 * exact. 0 for an all-zero matrix.
 */
export function normalizingExponent(data: Float64Array): number {
  let largest = 0;
  for (let index = 0; index < data.length; index++) largest = Math.max(largest, Math.abs(data[index]));
  return largest === 0 ? 0 : -(Math.floor(Math.log2(largest)) + 1);
}

/** Multiplies every entry by 2^exponent, in two halves because 2^exponent alone may overflow. */
export function scaleByPowerOfTwo(data: Float64Array, exponent: number): void {
  if (exponent === 0) return;
  const first = 2 ** Math.trunc(exponent / 2);
  const second = 2 ** (exponent - Math.trunc(exponent / 2));
  for (let index = 0; index < data.length; index++) data[index] = data[index] * first * second;
}

/** value·2^exponent, in two halves like `scaleByPowerOfTwo`. */
export function multiplyByPowerOfTwo(value: number, exponent: number): number {
  const half = Math.trunc(exponent / 2);
  return value * 2 ** half * 2 ** (exponent - half);
}
