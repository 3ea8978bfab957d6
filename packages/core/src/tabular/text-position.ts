// Line and column arithmetic shared by the CSV and Python-literal error paths. A line break is
// "\r\n", "\n" or a lone "\r" (old Mac files), each counting once, as the CSV reader splits records.
// Columns are 1-based and count UTF-16 code units, as JavaScript string offsets do.

const LF = 10;
const CR = 13;

export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Where `offset` of `text` lies, when the first character of `text` is at `start`. Used to turn an
 * offset inside a cell into a position in the file the cell came from.
 */
export function positionInText(
  text: string,
  offset: number,
  start: TextPosition = { line: 1, column: 1 },
): TextPosition {
  let line = start.line;
  let lineStart = 0;
  // Columns on the first line continue from the start column; after a break they restart at 1.
  let firstLineShift = start.column - 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || code === CR) {
      if (code === CR && i + 1 < text.length && text.charCodeAt(i + 1) === LF) {
        // The "\n" of a "\r\n" belongs to the same break; an offset pointing at it stays on this line.
        if (i + 1 >= end) break;
        i++;
      }
      line++;
      lineStart = i + 1;
      firstLineShift = 0;
    }
  }
  return { line, column: offset - lineStart + 1 + firstLineShift };
}

/** Offset of the first character of 1-based `line` in `text`, or -1 when the text has fewer lines. */
export function offsetOfLine(text: string, line: number): number {
  let current = 1;
  let offset = 0;
  while (current < line) {
    const next = nextLineBreak(text, offset);
    if (next === -1) return -1;
    offset = next + (text.charCodeAt(next) === CR && text.charCodeAt(next + 1) === LF ? 2 : 1);
    current++;
  }
  return offset;
}

/** Offset of the next "\n" or "\r" at or after `from`, or -1. */
export function nextLineBreak(text: string, from: number): number {
  // One pass over character codes: two indexOf calls would rescan to the end of a long text each
  // time one of the two characters never occurs, which makes line counting quadratic.
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || code === CR) return i;
  }
  return -1;
}

/** Number of line breaks in `text` ("\r\n" counts once). */
export function countLineBreaks(text: string): number {
  let count = 0;
  let at = nextLineBreak(text, 0);
  while (at !== -1) {
    count++;
    const width = text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? 2 : 1;
    at = nextLineBreak(text, at + width);
  }
  return count;
}
