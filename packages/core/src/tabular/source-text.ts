// Access to the text a table was parsed from, for error paths that need to point at a column:
// in memory for parseDelimited and readDelimitedFile, re-read from disk for streamed files.

import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { startsWithBom } from "./decode.js";
import type { TextEncoding } from "./delimited-options.js";
import type { TextWindow } from "./field-locator.js";
import { offsetOfLine, type TextPosition } from "./text-position.js";

/** The text exactly as csv-parse saw it (BOM already removed). */
export type SourceText =
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: Uint8Array; encoding: TextEncoding };

// How much text after the start of a record the error paths look at. A record longer than this
// gets an error without a column rather than a slow scan.
const WINDOW_BYTES = 1 << 20;

const LF = 0x0a;
const CR = 0x0d;

/** The text from the start of 1-based `line`, or undefined when the source has fewer lines. */
export function windowAtLine(source: SourceText, line: number): TextWindow | undefined {
  if (source.kind === "text") {
    const start = offsetOfLine(source.text, line);
    if (start === -1) return undefined;
    const end = start + WINDOW_BYTES;
    return { text: source.text.slice(start, end), line, complete: end >= source.text.length };
  }
  const { bytes, encoding } = source;
  const start = byteOffsetOfLine(bytes, line, 0, 1);
  if (start === -1) return undefined;
  const end = Math.min(bytes.length, start + WINDOW_BYTES);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString(encoding);
  return { text, line, complete: end >= bytes.length };
}

/**
 * Offset of the first byte of `line`, scanning from `from` where line `fromLine` starts; -1 when
 * the bytes end first. Line breaks are ASCII bytes in UTF-8 and Latin-1 alike.
 */
function byteOffsetOfLine(bytes: Uint8Array, line: number, from: number, fromLine: number): number {
  let current = fromLine;
  let i = from;
  while (current < line) {
    while (i < bytes.length && bytes[i] !== LF && bytes[i] !== CR) i++;
    if (i >= bytes.length) return -1;
    i += bytes[i] === CR && bytes[i + 1] === LF ? 2 : 1;
    current++;
  }
  return i;
}

/** windowAtLine for a file on disk, read again in chunks (the streaming reader keeps no text). */
export async function fileWindowAtLine(
  path: string,
  encoding: TextEncoding,
  line: number,
): Promise<TextWindow | undefined> {
  let start = await fileByteOffsetOfLine(path, line);
  if (start === -1) return undefined;
  const handle = await open(path, "r");
  try {
    if (start === 0 && encoding === "utf8") {
      const head = Buffer.alloc(3);
      const { bytesRead } = await handle.read(head, 0, 3, 0);
      if (bytesRead === 3 && startsWithBom(head)) start = 3;
    }
    const buffer = Buffer.alloc(WINDOW_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, WINDOW_BYTES, start);
    const { size } = await handle.stat();
    return {
      text: buffer.subarray(0, bytesRead).toString(encoding),
      line,
      complete: start + bytesRead >= size,
    };
  } finally {
    await handle.close();
  }
}

async function fileByteOffsetOfLine(path: string, line: number): Promise<number> {
  if (line <= 1) return 0;
  let current = 1;
  let base = 0;
  // A "\r" ending one chunk and a "\n" starting the next are a single line break.
  let pendingCarriageReturn = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (pendingCarriageReturn) {
        pendingCarriageReturn = false;
        if (byte === LF) {
          if (current === line) return base + i + 1;
          continue;
        }
      }
      if (current === line) return base + i;
      if (byte === LF) current++;
      else if (byte === CR) {
        current++;
        pendingCarriageReturn = true;
      }
    }
    base += chunk.length;
  }
  return current === line ? base : -1;
}

/** Line and column of byte `byteOffset` of a file (counting the BOM, as file offsets do). */
export async function positionOfByteInFile(
  path: string,
  encoding: TextEncoding,
  byteOffset: number,
): Promise<TextPosition> {
  let line = 1;
  let lineStart = 0;
  let base = 0;
  let previous = -1;
  const stream = createReadStream(path, { end: Math.max(0, byteOffset - 1) }) as AsyncIterable<Buffer>;
  if (byteOffset > 0) {
    for await (const chunk of stream) {
      for (let i = 0; i < chunk.length && base + i < byteOffset; i++) {
        const byte = chunk[i];
        if (byte === LF && previous === CR) lineStart = base + i + 1;
        else if (byte === LF || byte === CR) {
          line++;
          lineStart = base + i + 1;
        }
        previous = byte;
      }
      base += chunk.length;
    }
  }
  const handle = await open(path, "r");
  try {
    let start = lineStart;
    if (line === 1 && encoding === "utf8") {
      const head = Buffer.alloc(3);
      const { bytesRead } = await handle.read(head, 0, 3, 0);
      if (bytesRead === 3 && startsWithBom(head) && byteOffset >= 3) start = 3;
    }
    const length = Math.max(0, Math.min(byteOffset - start, WINDOW_BYTES));
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, byteOffset - length);
    return { line, column: buffer.toString(encoding).length + 1 };
  } finally {
    await handle.close();
  }
}
