/**
 * `value` with `digits` decimals, rounded like Python's format(value, ".{digits}f"): to the nearest
 * decimal of the exact binary value, ties to even. Number.prototype.toFixed rounds exact ties (0.125,
 * 0.625: common in small reports) away from zero, so scikit-learn's 0.12 would come out as 0.13.
 */
export function formatFixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  if (!Number.isFinite(value) || value === 0 || Math.abs(value) >= 1e21) return text;
  const { mantissa, exponent } = decompose(Math.abs(value));
  if (exponent >= 0) return text;
  // |value| * 10^digits = mantissa * 10^digits / 2^-exponent; a tie leaves exactly half the divisor over.
  const scaled = mantissa * 10n ** BigInt(digits);
  const divisor = 1n << BigInt(-exponent);
  if (scaled % divisor !== divisor / 2n) return text;
  const lower = scaled / divisor;
  const even = lower % 2n === 0n ? lower : lower + 1n;
  const unsigned = even.toString().padStart(digits + 1, "0");
  const body = digits === 0 ? unsigned : `${unsigned.slice(0, -digits)}.${unsigned.slice(-digits)}`;
  return value < 0 ? `-${body}` : body;
}

/** A positive finite double as mantissa * 2^exponent with an integer mantissa. */
function decompose(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biasedExponent = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  return biasedExponent === 0
    ? { mantissa: fraction, exponent: -1074 }
    : { mantissa: fraction | (1n << 52n), exponent: biasedExponent - 1075 };
}
