function roundTrips(target: number, digits: number): boolean {
  return Math.fround(Number(target.toPrecision(digits))) === target;
}

/**
 * The shortest decimal that reads back as exactly the same float32 (as numpy's repr of a float32
 * prints it): at most 9 significant digits always suffice, and if p digits round-trip, p + 1 do too,
 * so the shortest is the smallest p that round-trips.
 */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const target = Math.fround(value);
  // Most trained float32 values need 8 digits, many 7, few 9: walk down from 8 while the shorter
  // form still reads back the same (about 2.3 tries per value).
  let low: number;
  if (!roundTrips(target, 8)) low = 9;
  else {
    low = 8;
    while (low > 1 && roundTrips(target, low - 1)) low--;
  }
  const shortest = Number(target.toPrecision(low));
  // Exponent form outside [1e-5, 1e16), as numpy's repr, rather than JS's 21-digit integers.
  const magnitude = Math.abs(shortest);
  return magnitude >= 1e16 || magnitude < 1e-5 ? shortest.toExponential() : String(shortest);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses one number of a text vector file: decimals with optional exponent, and nan/inf the way
 * numpy and C's printf write them. Returns null for anything else (hex, empty, words).
 */
export function parseFloatToken(token: string): number | null {
  if (DECIMAL.test(token)) return Number(token);
  switch (token.toLowerCase()) {
    case "nan":
    case "-nan":
      return Number.NaN;
    case "inf":
    case "+inf":
    case "infinity":
      return Number.POSITIVE_INFINITY;
    case "-inf":
    case "-infinity":
      return Number.NEGATIVE_INFINITY;
    default:
      return null;
  }
}
