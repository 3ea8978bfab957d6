import { type LiteralLocation, LiteralSyntaxError, literalErrorToDataFormatError } from "./python-literal.js";

/**
 * Parses a cell holding a list of numbers, `[0.32, -1.5e-05, ...]`, into a Float32Array. Commas,
 * whitespace (numpy prints `[ 0.1  0.2\n 0.3]`) or both separate the numbers; a trailing comma
 * is fine; `nan`, `inf` and `-inf` are accepted. Each value is rounded to float32 exactly as
 * `Math.fround(Number(token))` would round it.
 *
 * Built for the embeddings column of the seed 003 data: tens of thousands of cells of 512 numbers.
 * It scans character codes once and builds each number arithmetically, without substrings or
 * regular expressions, except in the rare cases where that arithmetic cannot be proven to round
 * correctly (see readNumber).
 *
 * @throws DataFormatError positioned in the file when `location` says where the cell is.
 */
export function parseFloatList(text: string, location: LiteralLocation = {}): Float32Array {
  try {
    return parseFloatListText(text);
  } catch (error) {
    throw literalErrorToDataFormatError(error, text, location);
  }
}

// Numbers are collected here and copied out once per list, so a cell costs one allocation.
let scratch = new Float32Array(1024);

/** parseFloatList without the position translation; throws LiteralSyntaxError. */
export function parseFloatListText(text: string): Float32Array {
  const length = text.length;
  let p = skipSpace(text, 0);
  const open = p;
  if (text.charCodeAt(p) !== OPEN_BRACKET) {
    throw new LiteralSyntaxError(
      p >= length ? "expected a list of numbers, found nothing" : 'expected "[" to start a list of numbers',
      p,
    );
  }
  p++;
  let count = 0;
  // A comma must follow a number: "[,1]" and "[1,,2]" are errors, "[1, 2,]" is not.
  let afterNumber = false;
  for (;;) {
    p = skipSpace(text, p);
    if (p >= length) throw new LiteralSyntaxError("list is never closed", open);
    const code = text.charCodeAt(p);
    if (code === CLOSE_BRACKET) {
      p++;
      break;
    }
    if (code === COMMA) {
      if (!afterNumber) throw new LiteralSyntaxError('expected a number before ","', p);
      afterNumber = false;
      p++;
      continue;
    }
    const value = readNumber(text, p);
    if (numberEnd < 0) throw new LiteralSyntaxError(`expected a number, found ${describeToken(text, p)}`, p);
    const next = text.charCodeAt(numberEnd);
    if (numberEnd < length && next !== COMMA && next !== CLOSE_BRACKET && !isSpace(next)) {
      throw new LiteralSyntaxError(`invalid number ${describeToken(text, p)}`, p);
    }
    if (count === scratch.length) {
      const grown = new Float32Array(scratch.length * 2);
      grown.set(scratch);
      scratch = grown;
    }
    scratch[count++] = value;
    afterNumber = true;
    p = numberEnd;
  }
  p = skipSpace(text, p);
  if (p < length) throw new LiteralSyntaxError("unexpected text after the end of the list", p);
  return scratch.slice(0, count);
}

const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const LOWER_E = 101;

function isSpace(code: number): boolean {
  return code === SPACE || code === TAB || code === LINE_FEED || code === CARRIAGE_RETURN;
}

function skipSpace(text: string, from: number): number {
  let p = from;
  while (isSpace(text.charCodeAt(p))) p++;
  return p;
}

function describeToken(text: string, start: number): string {
  let end = start;
  while (end < text.length && end - start < 24) {
    const code = text.charCodeAt(end);
    if (code === COMMA || code === CLOSE_BRACKET || isSpace(code)) break;
    end++;
  }
  return JSON.stringify(text.slice(start, Math.max(end, start + 1)));
}

// Powers of ten as the correctly rounded doubles the parser of "1e<k>" gives; 10^0..10^22 are exact.
const POWERS_OF_TEN = Float64Array.from({ length: 309 }, (_, k) => Number(`1e${k}`));
const EXACT_POWER_LIMIT = 22;

// Rounding check: the arithmetic below is within a few units in the last place of the correctly
// rounded double (one rounding per step, at most about six steps). Only a value that close to a
// point halfway between two float32 numbers can round differently from Math.fround(Number(token));
// such values are reparsed with Number. The margin, 2^-47 relative, is 32 times the worst case.
const ROUNDING_MARGIN = 2 ** -47;
const float32View = new Float32Array(1);
const float32Bits = new Uint32Array(float32View.buffer);

/** Offset just after the number readNumber last read, or -1 when there was no number. */
let numberEnd = -1;

/**
 * Reads the number starting at `start` and returns a double whose float32 rounding is the float32
 * rounding of the exact decimal value; sets numberEnd.
 */
function readNumber(text: string, start: number): number {
  let p = start;
  let code = text.charCodeAt(p);
  let negative = false;
  if (code === MINUS || code === PLUS) {
    negative = code === MINUS;
    code = text.charCodeAt(++p);
  }
  const afterSign = p;
  let mantissa = 0;
  let significantDigits = 0;
  let exponent = 0;
  let sawDigit = false;
  while (code >= ZERO && code <= NINE) {
    mantissa = mantissa * 10 + (code - ZERO);
    if (mantissa !== 0) significantDigits++;
    sawDigit = true;
    code = text.charCodeAt(++p);
  }
  if (code === DOT) {
    code = text.charCodeAt(++p);
    while (code >= ZERO && code <= NINE) {
      mantissa = mantissa * 10 + (code - ZERO);
      if (mantissa !== 0) significantDigits++;
      exponent--;
      sawDigit = true;
      code = text.charCodeAt(++p);
    }
  }
  if (!sawDigit) return readSpecialName(text, afterSign, negative);
  if ((code | 0x20) === LOWER_E) {
    let q = p + 1;
    let exponentSign = 1;
    let exponentCode = text.charCodeAt(q);
    if (exponentCode === MINUS || exponentCode === PLUS) {
      exponentSign = exponentCode === MINUS ? -1 : 1;
      exponentCode = text.charCodeAt(++q);
    }
    // Without digits the "e" is not part of the number; the caller then reports an invalid number.
    if (exponentCode >= ZERO && exponentCode <= NINE) {
      let written = 0;
      while (exponentCode >= ZERO && exponentCode <= NINE) {
        // Saturate: any exponent this large already means zero or infinity.
        if (written < 100_000) written = written * 10 + (exponentCode - ZERO);
        exponentCode = text.charCodeAt(++q);
      }
      exponent += exponentSign * written;
      p = q;
    }
  }
  numberEnd = p;
  if (mantissa === 0) return negative ? -0 : 0;
  // Past 19 digits the mantissa has rounded too often, and beyond the table the power is not a
  // single rounding: let Number do it.
  if (significantDigits > 19 || exponent > 308 || exponent < -308) return Number(text.slice(start, p));
  let magnitude: number;
  if (exponent >= 0) magnitude = mantissa * POWERS_OF_TEN[exponent];
  else magnitude = mantissa / POWERS_OF_TEN[-exponent];
  const exact = significantDigits <= 15 && exponent <= EXACT_POWER_LIMIT && exponent >= -EXACT_POWER_LIMIT;
  if (!exact && isNearFloat32Midpoint(magnitude)) return Number(text.slice(start, p));
  return negative ? -magnitude : magnitude;
}

/**
 * Whether `magnitude` (positive) is so close to a point halfway between two float32 values, or to
 * the float32 overflow threshold, that a small error could change its float32 rounding.
 */
function isNearFloat32Midpoint(magnitude: number): boolean {
  float32View[0] = magnitude;
  const rounded = float32View[0];
  if (rounded === Number.POSITIVE_INFINITY) return true;
  if (rounded === magnitude) return false;
  const bits = float32Bits[0];
  float32Bits[0] = magnitude > rounded ? bits + 1 : bits - 1;
  const neighbour = float32View[0];
  if (neighbour === Number.POSITIVE_INFINITY) return true;
  // Both are float32 values, so their sum and half are exact doubles.
  const midpoint = (rounded + neighbour) / 2;
  return Math.abs(magnitude - midpoint) <= magnitude * ROUNDING_MARGIN;
}

/** `nan`, `inf` and `infinity` in any case, as Python's float() accepts them. */
function readSpecialName(text: string, afterSign: number, negative: boolean): number {
  const word = text.slice(afterSign, afterSign + 8).toLowerCase();
  let length = 0;
  let value = Number.NaN;
  if (word.startsWith("infinity")) {
    length = 8;
    value = Number.POSITIVE_INFINITY;
  } else if (word.startsWith("inf")) {
    length = 3;
    value = Number.POSITIVE_INFINITY;
  } else if (word.startsWith("nan")) {
    length = 3;
  } else {
    numberEnd = -1;
    return Number.NaN;
  }
  // A longer word such as "info" ends up here as "inf"; the caller rejects what follows it.
  numberEnd = afterSign + length;
  return negative ? -value : value;
}
