import { DataFormatError } from "../errors.js";
import { formatPythonLiteral } from "./python-format.js";
import { positionInText } from "./text-position.js";

/**
 * A value written as a Python literal, as pandas writes lists and dicts into CSV cells (it calls
 * repr). Tuples and sets become arrays; bytes become strings of the byte values (U+0000-U+00FF).
 */
export type PyValue = null | boolean | number | string | PyValue[] | { [key: string]: PyValue };

/** Where a literal sits in its file, so errors point into the file rather than into the cell. */
export interface LiteralLocation {
  /** File name (or other label) used in error messages. */
  source?: string;
  /** 1-based line of the literal's first character. */
  line?: number;
  /** 1-based column of the literal's first character. */
  column?: number;
}

/**
 * A syntax error at `offset` of the literal text. The tabular readers catch it to compute the
 * position in the file (which needs the cell's raw position); everyone else sees DataFormatError.
 */
export class LiteralSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly offset: number,
  ) {
    super(detail);
  }
}

/**
 * Parses one Python literal: None, True, False, int and float (also `inf`, `nan`, `-inf` as pandas
 * and numpy print them), str and bytes literals with their escapes and r/u/b prefixes, lists,
 * tuples, sets and dicts, nested, with trailing commas wherever Python allows them.
 *
 * Integers beyond 2^53 lose precision (they become JavaScript numbers). Dict keys that are not
 * strings are turned into their Python repr (`{1: 'a'}` gives `{"1": "a"}`).
 *
 * @throws DataFormatError naming the position of the first syntax error; `location` shifts it to
 * where the literal sits in its file.
 */
export function parsePythonLiteral(text: string, location: LiteralLocation = {}): PyValue {
  try {
    return parseLiteralText(text);
  } catch (error) {
    throw literalErrorToDataFormatError(error, text, location);
  }
}

/**
 * Parses a cell holding a list of strings, like `['pytorch', "it's"]`. An empty or whitespace-only
 * cell, or `None`, is a missing value and gives null. A bare value (see parseListCell) is a
 * one-item list.
 *
 * @throws DataFormatError when the cell is another literal or holds something other than strings.
 */
export function parsePythonStringList(cell: string, location: LiteralLocation = {}): string[] | null {
  try {
    const value = parseListCell(cell);
    if (value === null) return null;
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== "string") {
        throw new LiteralSyntaxError(
          `expected a list of strings, item ${i} is ${describeKind(value[i])}`,
          leadingSpace(cell),
        );
      }
    }
    return value as string[];
  } catch (error) {
    throw literalErrorToDataFormatError(error, cell, location);
  }
}

/**
 * A cell of a list column as pandas writes it: a list (or tuple) literal, which becomes an array;
 * an empty cell or `None`, which is null; or a bare value. pandas writes a str in an object column
 * as its text, so a column mixing lists and strings (the Hub's `datasets`, which may be one name)
 * holds cells like `wikipedia` beside `['squad', 'glue']`: a cell that does not start with a
 * bracket, a brace or a quote is such a string and becomes a one-item list. Any other literal (a
 * dict, a quoted string) is an error. Throws LiteralSyntaxError.
 */
export function parseListCell(cell: string): PyValue[] | null {
  // Scanned rather than trimmed: list cells can be large, and trimming copies them.
  let start = 0;
  while (start < cell.length && isLiteralSpace(cell.charCodeAt(start))) start++;
  if (start === cell.length) return null;
  const first = cell.charCodeAt(start);
  const looksLikeLiteral =
    first === Code.OpenBracket ||
    first === Code.OpenParen ||
    first === Code.OpenBrace ||
    first === Code.SingleQuote ||
    first === Code.DoubleQuote ||
    (first === Code.UpperN && cell.trim() === "None");
  if (!looksLikeLiteral) return [cell];
  const value = parseLiteralText(cell);
  if (value === null) return null;
  if (!Array.isArray(value)) {
    throw new LiteralSyntaxError(`expected a list, found ${describeKind(value)}`, start);
  }
  return value;
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

function isLiteralSpace(code: number): boolean {
  return (
    code === Code.Space ||
    code === Code.Tab ||
    code === Code.LineFeed ||
    code === Code.CarriageReturn ||
    code === Code.FormFeed ||
    code === Code.VerticalTab
  );
}

/** "a dict", "a number"...: what a parsed value is, in words, for error messages. */
export function describeKind(value: PyValue): string {
  if (value === null) return "None";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "boolean":
      return "a bool";
    case "number":
      return "a number";
    case "string":
      return "a string";
    default:
      return "a dict";
  }
}

/**
 * Turns a LiteralSyntaxError into a DataFormatError positioned in the file; other errors pass
 * through unchanged.
 */
export function literalErrorToDataFormatError(
  error: unknown,
  text: string,
  location: LiteralLocation,
): unknown {
  if (!(error instanceof LiteralSyntaxError)) return error;
  const position = positionInText(text, error.offset, {
    line: location.line ?? 1,
    column: location.column ?? 1,
  });
  return new DataFormatError(error.detail, location.source, position.line, position.column);
}

/** Parses the whole text as one literal; throws LiteralSyntaxError. */
export function parseLiteralText(text: string): PyValue {
  return new LiteralParser(text).parseWhole();
}

// Python's parser refuses nesting much deeper than this; the limit keeps hostile input from
// overflowing the JavaScript stack.
const MAX_NESTING = 1000;

// Character codes the parser compares against.
const Code = {
  Tab: 9,
  LineFeed: 10,
  VerticalTab: 11,
  FormFeed: 12,
  CarriageReturn: 13,
  Space: 32,
  DoubleQuote: 34,
  SingleQuote: 39,
  OpenParen: 40,
  CloseParen: 41,
  Plus: 43,
  Comma: 44,
  Minus: 45,
  Dot: 46,
  Zero: 48,
  Seven: 55,
  Nine: 57,
  Colon: 58,
  UpperA: 65,
  UpperN: 78,
  UpperZ: 90,
  OpenBracket: 91,
  Backslash: 92,
  CloseBracket: 93,
  Underscore: 95,
  LowerA: 97,
  LowerZ: 122,
  OpenBrace: 123,
  CloseBrace: 125,
} as const;

function isDigit(code: number): boolean {
  return code >= Code.Zero && code <= Code.Nine;
}

function isNameStart(code: number): boolean {
  return (
    (code >= Code.LowerA && code <= Code.LowerZ) ||
    (code >= Code.UpperA && code <= Code.UpperZ) ||
    code === Code.Underscore
  );
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || isDigit(code);
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

interface StringFlags {
  raw: boolean;
  bytes: boolean;
}

class LiteralParser {
  private pos = 0;
  private depth = 0;
  /**
   * Whether the value parseValue just returned was written as a tuple. Tuples and lists are both
   * arrays, but a tuple used as a dict key must become the key "(1, 2)", as Python's str does.
   */
  private lastWasTuple = false;

  constructor(private readonly text: string) {}

  parseWhole(): PyValue {
    this.skipSpace();
    if (this.pos >= this.text.length)
      throw new LiteralSyntaxError("expected a Python literal, found nothing", this.pos);
    const value = this.parseValue();
    this.skipSpace();
    if (this.pos < this.text.length) {
      throw new LiteralSyntaxError(
        `unexpected ${this.describeAt(this.pos)} after the end of the literal`,
        this.pos,
      );
    }
    return value;
  }

  private parseValue(): PyValue {
    this.lastWasTuple = false;
    const code = this.text.charCodeAt(this.pos);
    switch (code) {
      case Code.OpenBracket:
        return this.parseList();
      case Code.OpenParen:
        return this.parseParenthesized();
      case Code.OpenBrace:
        return this.parseBraced();
      case Code.SingleQuote:
      case Code.DoubleQuote:
        return this.parseString({ raw: false, bytes: false });
      case Code.Minus:
      case Code.Plus:
        return this.parseSigned();
    }
    if (isDigit(code) || (code === Code.Dot && isDigit(this.text.charCodeAt(this.pos + 1)))) {
      return this.parseNumber();
    }
    if (isNameStart(code)) return this.parseName();
    throw new LiteralSyntaxError(
      this.pos >= this.text.length
        ? "the literal ends where a value was expected"
        : `unexpected ${this.describeAt(this.pos)}`,
      this.pos,
    );
  }

  private parseSigned(): number {
    const signAt = this.pos;
    const negative = this.text.charCodeAt(this.pos) === Code.Minus;
    this.pos++;
    this.skipSpace();
    const code = this.text.charCodeAt(this.pos);
    let magnitude: number;
    if (isDigit(code) || (code === Code.Dot && isDigit(this.text.charCodeAt(this.pos + 1)))) {
      magnitude = this.parseNumber();
    } else if (isNameStart(code)) {
      const nameAt = this.pos;
      const value = this.parseName();
      if (typeof value !== "number") {
        throw new LiteralSyntaxError(
          `a sign can only precede a number, not ${this.text.slice(nameAt, this.pos)}`,
          signAt,
        );
      }
      magnitude = value;
    } else {
      throw new LiteralSyntaxError("a sign must be followed by a number", signAt);
    }
    return negative ? -magnitude : magnitude;
  }

  private parseNumber(): number {
    const start = this.pos;
    const text = this.text;
    let p = start;
    const second = text.charCodeAt(p + 1) | 0x20;
    if (text.charCodeAt(p) === Code.Zero && (second === 0x78 || second === 0x6f || second === 0x62)) {
      // 0x.., 0o.., 0b..: integers in another base.
      const radix = second === 0x78 ? 16 : second === 0x6f ? 8 : 2;
      p += 2;
      const digitsStart = p;
      while (p < text.length && (hexValue(text.charCodeAt(p)) >= 0 || text.charCodeAt(p) === Code.Underscore))
        p++;
      const digits = text.slice(digitsStart, p);
      this.pos = p;
      this.rejectNameRightAfterNumber(start);
      const clean = this.removeUnderscores(digits, digitsStart, (code) => hexValue(code) >= 0);
      if (clean === "" || [...clean].some((digit) => hexValue(digit.charCodeAt(0)) >= radix)) {
        throw new LiteralSyntaxError(`invalid base-${radix} integer ${text.slice(start, p)}`, start);
      }
      return Number.parseInt(clean, radix);
    }
    while (isDigit(text.charCodeAt(p)) || text.charCodeAt(p) === Code.Underscore) p++;
    if (text.charCodeAt(p) === Code.Dot) {
      p++;
      while (isDigit(text.charCodeAt(p)) || text.charCodeAt(p) === Code.Underscore) p++;
    }
    const exponentMark = text.charCodeAt(p) | 0x20;
    if (exponentMark === 0x65) {
      let q = p + 1;
      const sign = text.charCodeAt(q);
      if (sign === Code.Plus || sign === Code.Minus) q++;
      if (isDigit(text.charCodeAt(q))) {
        while (isDigit(text.charCodeAt(q)) || text.charCodeAt(q) === Code.Underscore) q++;
        p = q;
      }
    }
    this.pos = p;
    this.rejectNameRightAfterNumber(start);
    return Number(this.removeUnderscores(text.slice(start, p), start, isDigit));
  }

  /** Python allows one underscore between two digits ("1_000"); anything else is a syntax error. */
  private removeUnderscores(
    token: string,
    tokenStart: number,
    isDigitOfBase: (code: number) => boolean,
  ): string {
    if (!token.includes("_")) return token;
    for (let i = 0; i < token.length; i++) {
      if (token.charCodeAt(i) !== Code.Underscore) continue;
      if (i === 0 || !isDigitOfBase(token.charCodeAt(i - 1)) || !isDigitOfBase(token.charCodeAt(i + 1))) {
        throw new LiteralSyntaxError("an underscore in a number must sit between two digits", tokenStart + i);
      }
    }
    return token.replaceAll("_", "");
  }

  private rejectNameRightAfterNumber(start: number): void {
    const code = this.text.charCodeAt(this.pos);
    if ((code | 0x20) === 0x6a) throw new LiteralSyntaxError("complex numbers are not supported", start);
    if (isNameChar(code) || code === Code.Dot) {
      throw new LiteralSyntaxError(`invalid number ${this.text.slice(start, this.pos + 1)}`, start);
    }
  }

  private parseName(): PyValue {
    const start = this.pos;
    let p = start;
    while (isNameChar(this.text.charCodeAt(p))) p++;
    const name = this.text.slice(start, p);
    const next = this.text.charCodeAt(p);
    if (next === Code.SingleQuote || next === Code.DoubleQuote) {
      const prefix = name.toLowerCase();
      if (prefix === "r" || prefix === "u" || prefix === "b" || prefix === "br" || prefix === "rb") {
        this.pos = p;
        return this.parseString({ raw: prefix.includes("r"), bytes: prefix.includes("b") }, start);
      }
      if (prefix.includes("f")) throw new LiteralSyntaxError("f-strings are not literals", start);
      throw new LiteralSyntaxError(`unknown string prefix "${name}"`, start);
    }
    this.pos = p;
    switch (name) {
      case "None":
        return null;
      case "True":
        return true;
      case "False":
        return false;
      // Not Python literals, but repr(float('inf')) and numpy print these bare words.
      case "inf":
        return Number.POSITIVE_INFINITY;
      case "nan":
        return Number.NaN;
    }
    throw new LiteralSyntaxError(`"${name}" is not a Python literal`, start);
  }

  private parseString(flags: StringFlags, literalStart = this.pos): string {
    const text = this.text;
    const quote = text.charCodeAt(this.pos);
    const quoteChar = text[this.pos];
    const triple = text.charCodeAt(this.pos + 1) === quote && text.charCodeAt(this.pos + 2) === quote;
    this.pos += triple ? 3 : 1;
    let value = "";
    let runStart = this.pos;
    for (;;) {
      if (this.pos >= text.length) throw new LiteralSyntaxError("string is never closed", literalStart);
      const code = text.charCodeAt(this.pos);
      if (code === quote) {
        if (!triple) {
          value += text.slice(runStart, this.pos);
          this.pos++;
          return value;
        }
        if (text.startsWith(quoteChar + quoteChar + quoteChar, this.pos)) {
          value += text.slice(runStart, this.pos);
          this.pos += 3;
          return value;
        }
      } else if (code === Code.Backslash) {
        value += text.slice(runStart, this.pos);
        value += flags.raw ? this.takeRawEscape(literalStart) : this.takeEscape(flags, literalStart);
        runStart = this.pos;
        continue;
      } else if ((code === Code.LineFeed || code === Code.CarriageReturn) && !triple) {
        throw new LiteralSyntaxError("line break inside a string (Python writes it as \\n)", this.pos);
      }
      this.pos++;
    }
  }

  /** In raw strings a backslash stays, and shields the next character (even a quote). */
  private takeRawEscape(literalStart: number): string {
    if (this.pos + 1 >= this.text.length)
      throw new LiteralSyntaxError("string is never closed", literalStart);
    const taken = this.text.slice(this.pos, this.pos + 2);
    this.pos += 2;
    return taken;
  }

  private takeEscape(flags: StringFlags, literalStart: number): string {
    const text = this.text;
    const escapeAt = this.pos;
    const letter = text[this.pos + 1];
    if (letter === undefined) throw new LiteralSyntaxError("string is never closed", literalStart);
    this.pos += 2;
    const simple = SIMPLE_ESCAPES[letter];
    if (simple !== undefined) return simple;
    if (letter === "\n") return "";
    if (letter === "\r") {
      if (text.charCodeAt(this.pos) === Code.LineFeed) this.pos++;
      return "";
    }
    const letterCode = letter.charCodeAt(0);
    if (letterCode >= Code.Zero && letterCode <= Code.Seven) {
      let value = letterCode - Code.Zero;
      for (let digits = 1; digits < 3; digits++) {
        const code = text.charCodeAt(this.pos);
        if (code < Code.Zero || code > Code.Seven) break;
        value = value * 8 + (code - Code.Zero);
        this.pos++;
      }
      return String.fromCharCode(value);
    }
    if (letter === "x") return String.fromCharCode(this.takeHex(2, escapeAt));
    if (!flags.bytes) {
      if (letter === "u") return String.fromCharCode(this.takeHex(4, escapeAt));
      if (letter === "U") {
        const codePoint = this.takeHex(8, escapeAt);
        if (codePoint > 0x10ffff) throw new LiteralSyntaxError("\\U escape beyond U+10FFFF", escapeAt);
        return String.fromCodePoint(codePoint);
      }
      if (letter === "N")
        throw new LiteralSyntaxError("named escapes (\\N{...}) are not supported", escapeAt);
    }
    // Python keeps unknown escapes such as "\d" as they are, backslash included.
    return `\\${letter}`;
  }

  private takeHex(count: number, escapeAt: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const digit = hexValue(this.text.charCodeAt(this.pos + i));
      if (digit < 0) {
        throw new LiteralSyntaxError(
          `${this.text.slice(escapeAt, escapeAt + 2)} escape needs ${count} hex digits`,
          escapeAt,
        );
      }
      value = value * 16 + digit;
    }
    this.pos += count;
    return value;
  }

  private parseList(): PyValue[] {
    const open = this.enter();
    const items = this.parseItems(Code.CloseBracket, "list", open, []);
    this.depth--;
    this.lastWasTuple = false;
    return items;
  }

  private parseParenthesized(): PyValue {
    const open = this.enter();
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === Code.CloseParen) {
      this.pos++;
      this.depth--;
      this.lastWasTuple = true;
      return [];
    }
    const first = this.parseValue();
    const firstWasTuple = this.lastWasTuple;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === Code.CloseParen) {
      // "(x)" is x in parentheses, not a tuple; "(x,)" is the one-tuple.
      this.pos++;
      this.depth--;
      this.lastWasTuple = firstWasTuple;
      return first;
    }
    this.expectComma(Code.CloseParen, "tuple", open);
    const items = this.parseItems(Code.CloseParen, "tuple", open, [first]);
    this.depth--;
    this.lastWasTuple = true;
    return items;
  }

  private parseBraced(): PyValue {
    const open = this.enter();
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === Code.CloseBrace) {
      this.pos++;
      this.depth--;
      this.lastWasTuple = false;
      return {};
    }
    const firstKey = this.parseValue();
    const firstKeyWasTuple = this.lastWasTuple;
    this.skipSpace();
    let result: PyValue;
    if (this.text.charCodeAt(this.pos) === Code.Colon) {
      result = this.parseDictRest(open, firstKey, firstKeyWasTuple);
    } else if (this.text.charCodeAt(this.pos) === Code.CloseBrace) {
      // {a} and {a, b} are sets; arrays are the closest value we have.
      this.pos++;
      result = [firstKey];
    } else {
      this.expectComma(Code.CloseBrace, "set", open);
      result = this.parseItems(Code.CloseBrace, "set", open, [firstKey]);
    }
    this.depth--;
    this.lastWasTuple = false;
    return result;
  }

  private parseDictRest(
    open: number,
    firstKey: PyValue,
    firstKeyWasTuple: boolean,
  ): { [key: string]: PyValue } {
    const dict: { [key: string]: PyValue } = {};
    let key = firstKey;
    let keyWasTuple = firstKeyWasTuple;
    for (;;) {
      // At the colon after `key`.
      this.pos++;
      this.skipSpace();
      const value = this.parseValue();
      setOwn(dict, typeof key === "string" ? key : pythonKeyText(key, keyWasTuple), value);
      this.skipSpace();
      const code = this.text.charCodeAt(this.pos);
      if (code === Code.CloseBrace) {
        this.pos++;
        return dict;
      }
      this.expectComma(Code.CloseBrace, "dict", open);
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) === Code.CloseBrace) {
        this.pos++;
        return dict;
      }
      key = this.parseValue();
      keyWasTuple = this.lastWasTuple;
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== Code.Colon) {
        throw new LiteralSyntaxError(
          `expected ":" after a dict key, found ${this.describeAt(this.pos)}`,
          this.pos,
        );
      }
    }
  }

  /**
   * Items up to `close`, after the opening bracket or after a comma that followed the items already
   * in `items`. A trailing comma before `close` is allowed, as in Python.
   */
  private parseItems(close: number, kind: string, open: number, items: PyValue[]): PyValue[] {
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === close) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.parseValue());
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) === close) {
        this.pos++;
        return items;
      }
      this.expectComma(close, kind, open);
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) === close) {
        this.pos++;
        return items;
      }
    }
  }

  private expectComma(close: number, kind: string, open: number): void {
    if (this.text.charCodeAt(this.pos) === Code.Comma) {
      this.pos++;
      return;
    }
    if (this.pos >= this.text.length) throw new LiteralSyntaxError(`${kind} is never closed`, open);
    throw new LiteralSyntaxError(
      `expected "," or "${String.fromCharCode(close)}" in a ${kind}, found ${this.describeAt(this.pos)}`,
      this.pos,
    );
  }

  /** Steps over an opening bracket; returns its offset for "never closed" errors. */
  private enter(): number {
    if (++this.depth > MAX_NESTING)
      throw new LiteralSyntaxError(`nested deeper than ${MAX_NESTING} levels`, this.pos);
    return this.pos++;
  }

  private skipSpace(): void {
    const text = this.text;
    let p = this.pos;
    while (isLiteralSpace(text.charCodeAt(p))) p++;
    this.pos = p;
  }

  private describeAt(offset: number): string {
    if (offset >= this.text.length) return "the end of the text";
    const codePoint = this.text.codePointAt(offset) ?? 0;
    return JSON.stringify(String.fromCodePoint(codePoint));
  }
}

/** Python's str() of a non-string dict key: `1`, `None`, `(1, 2)`. */
function pythonKeyText(key: PyValue, writtenAsTuple: boolean): string {
  if (writtenAsTuple && Array.isArray(key)) {
    const items = key.map((item) => formatPythonLiteral(item));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  return formatPythonLiteral(key);
}

/**
 * Sets an own property even for the key "__proto__", which plain assignment would turn into a
 * prototype change (and so lose the entry).
 */
export function setOwn<T>(target: { [key: string]: T }, key: string, value: T): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
