import { InvalidArgumentError } from "../errors.js";
import type { PyValue } from "./python-literal.js";

// Deeper values are almost certainly cyclic; Python's repr would recurse just as far.
const MAX_NESTING = 1000;

/**
 * Python's repr of a value, as pandas writes it into a CSV cell: `None`, `True`, `[1, 'a']`,
 * `{'k': 2.5}`. Arrays are written as lists. Whole numbers are written as ints (`3`), others as
 * Python writes floats (`0.1`, `1e-05`, `inf`, `nan`). Strings use single quotes unless the string
 * holds a single quote and no double quote, and escape what Python escapes.
 *
 * @throws InvalidArgumentError for values that are not PyValues (undefined, functions, class
 * instances) or that nest deeper than 1000 levels (cycles).
 */
export function formatPythonLiteral(value: PyValue): string {
  return formatValue(value, 0);
}

function formatValue(value: PyValue, depth: number): string {
  if (depth > MAX_NESTING) {
    throw new InvalidArgumentError(
      `formatPythonLiteral: value nests deeper than ${MAX_NESTING} levels (is it cyclic?)`,
    );
  }
  if (value === null) return "None";
  switch (typeof value) {
    case "boolean":
      return value ? "True" : "False";
    case "number":
      return formatPythonNumber(value);
    case "string":
      return formatPythonString(value);
    case "object":
      break;
    default:
      throw new InvalidArgumentError(
        `formatPythonLiteral: cannot write a ${typeof value} as a Python literal`,
      );
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ", ";
      out += formatValue(value[i], depth + 1);
    }
    return `${out}]`;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (value as object).constructor?.name ?? "object";
    throw new InvalidArgumentError(`formatPythonLiteral: cannot write a ${name} as a Python literal`);
  }
  let out = "{";
  let first = true;
  for (const key of Object.keys(value)) {
    if (!first) out += ", ";
    first = false;
    out += `${formatPythonString(key)}: ${formatValue(value[key], depth + 1)}`;
  }
  return `${out}}`;
}

/**
 * Whole numbers that JavaScript holds exactly are written as Python ints; everything else as
 * Python's float repr: the shortest digits that round-trip (which JavaScript also computes), in
 * positional notation for exponents -4..15 and scientific notation otherwise, with at least two
 * exponent digits.
 */
export function formatPythonNumber(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Number.POSITIVE_INFINITY) return "inf";
  if (value === Number.NEGATIVE_INFINITY) return "-inf";
  // Python has no negative zero int; toExponential would drop the sign of the float.
  if (Object.is(value, -0)) return "-0.0";
  if (Number.isSafeInteger(value)) return String(value);
  // toExponential() without an argument gives the shortest round-tripping digits: "d.ddde±x".
  const [mantissa, exponentText] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
    const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    const fraction = digits.slice(exponent + 1);
    return `${sign}${integerPart}.${fraction === "" ? "0" : fraction}`;
  }
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
  const exponentSign = exponent < 0 ? "-" : "+";
  return `${sign}${digits[0]}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

// What Python's str.isprintable() rejects outside ASCII: control, format, surrogate, private-use
// and unassigned code points, and separators other than the ASCII space.
const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

/** Python's repr of a str. */
export function formatPythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Printable ASCII other than the quote and the backslash is by far the common case: copy runs.
    if (code >= 0x20 && code < 0x7f && code !== 0x5c && code !== quote.charCodeAt(0)) continue;
    let replacement: string | undefined;
    if (code === 0x5c) replacement = "\\\\";
    else if (code === quote.charCodeAt(0)) replacement = `\\${quote}`;
    else if (code === 0x09) replacement = "\\t";
    else if (code === 0x0a) replacement = "\\n";
    else if (code === 0x0d) replacement = "\\r";
    else if (code < 0x20 || code === 0x7f) replacement = `\\x${hex(code, 2)}`;
    else {
      const codePoint = text.codePointAt(i) ?? code;
      const width = codePoint > 0xffff ? 2 : 1;
      if (NOT_PRINTABLE.test(String.fromCodePoint(codePoint))) {
        replacement =
          codePoint <= 0xff
            ? `\\x${hex(codePoint, 2)}`
            : codePoint <= 0xffff
              ? `\\u${hex(codePoint, 4)}`
              : `\\U${hex(codePoint, 8)}`;
      } else {
        i += width - 1;
        continue;
      }
      out += text.slice(runStart, i) + replacement;
      i += width - 1;
      runStart = i + 1;
      continue;
    }
    out += text.slice(runStart, i) + replacement;
    runStart = i + 1;
  }
  return out + text.slice(runStart) + quote;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, "0");
}
