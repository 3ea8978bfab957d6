// Finds where a field of a record sits in the source text. csv-parse reports the line of an error
// but not the character column, and parsed cells no longer say where they came from; the error
// paths re-walk the record's raw text here to name the exact column. Only ever used on error paths.

import { positionInText, type TextPosition } from "./text-position.js";

export interface FieldSyntax {
  delimiter: string;
  quote: string | null;
  trim: boolean;
}

/** A piece of the source text starting at the first character of 1-based `line`. */
export interface TextWindow {
  text: string;
  line: number;
  /** Whether the window runs to the end of the source (otherwise it was cut short). */
  complete: boolean;
}

/** The point of a field to find. */
export type FieldPoint =
  /** Where the field starts: its opening quote when quoted, after trimmed spaces. */
  | { kind: "start" }
  /** The first quote character inside an unquoted field. */
  | { kind: "stray-quote" }
  /** The character right after a quoted field's closing quote. */
  | { kind: "after-closing-quote" }
  /** The raw position of character `offset` of the parsed cell (doubled quotes count once). */
  | { kind: "cell-offset"; offset: number };

/**
 * Position of `point` in field `field` (0-based) of the record that starts at the beginning of
 * `window`. For a field past the record's last one, the position just after the last field (where
 * the missing field would begin). Undefined when the window ends before the answer is known.
 */
export function locateInRecord(
  window: TextWindow,
  syntax: FieldSyntax,
  field: number,
  point: FieldPoint,
): TextPosition | undefined {
  const text = window.text;
  const { delimiter, quote } = syntax;
  const at = (offset: number) => positionInText(text, offset, { line: window.line, column: 1 });
  let pos = 0;
  for (let index = 0; ; index++) {
    if (syntax.trim) pos = skipTrimmable(text, pos, delimiter);
    const quoted = quote !== null && text.startsWith(quote, pos);
    const closing = quoted ? findClosingQuote(text, pos + 1, quote) : -1;
    if (index === field) {
      switch (point.kind) {
        case "start":
          return at(pos);
        case "stray-quote": {
          const end = endOfUnquotedField(text, pos, delimiter);
          const stray = quote === null ? -1 : text.indexOf(quote, pos);
          return at(stray !== -1 && stray < end ? stray : pos);
        }
        case "after-closing-quote":
          if (!quoted) return at(pos);
          return closing === -1 ? undefined : at(closing + 1);
        case "cell-offset":
          return quoted ? at(rawOffsetInQuoted(text, pos + 1, point.offset, quote)) : at(pos + point.offset);
      }
    }
    if (quoted) {
      if (closing === -1) return undefined;
      pos = endOfUnquotedField(text, closing + 1, delimiter);
    } else {
      pos = endOfUnquotedField(text, pos, delimiter);
    }
    if (pos >= text.length && !window.complete) return undefined;
    if (!text.startsWith(delimiter, pos)) {
      // The record ends here, before reaching `field`.
      return at(pos);
    }
    pos += delimiter.length;
  }
}

function skipTrimmable(text: string, from: number, delimiter: string): number {
  let pos = from;
  for (;;) {
    const code = text.charCodeAt(pos);
    // Space, tab and form feed, as csv-parse trims, unless the character is the delimiter itself.
    const trimmable = code === 32 || code === 9 || code === 12;
    if (!trimmable || text.startsWith(delimiter, pos)) return pos;
    pos++;
  }
}

/** Offset of the delimiter or line break that ends a field, or the text's length. */
function endOfUnquotedField(text: string, from: number, delimiter: string): number {
  const first = delimiter.charCodeAt(0);
  for (let pos = from; pos < text.length; pos++) {
    const code = text.charCodeAt(pos);
    if (code === 10 || code === 13) return pos;
    if (code === first && text.startsWith(delimiter, pos)) return pos;
  }
  return text.length;
}

/** Offset of the quote closing a field whose content starts at `from`, or -1 when the text ends first. */
function findClosingQuote(text: string, from: number, quote: string): number {
  let pos = from;
  for (;;) {
    const found = text.indexOf(quote, pos);
    if (found === -1) return -1;
    if (text.startsWith(quote, found + 1)) {
      pos = found + 2;
      continue;
    }
    return found;
  }
}

/** Raw offset of the `offset`-th parsed character of a quoted field whose content starts at `from`. */
function rawOffsetInQuoted(text: string, from: number, offset: number, quote: string): number {
  let pos = from;
  for (let remaining = offset; remaining > 0 && pos < text.length; remaining--) {
    pos += text.startsWith(quote, pos) && text.startsWith(quote, pos + 1) ? 2 : 1;
  }
  return pos;
}
