import { isUtf8 } from "node:buffer";
import { Transform, type TransformCallback } from "node:stream";
import type { TextEncoding } from "./delimited-options.js";
import type { TextPosition } from "./text-position.js";

const BOM = [0xef, 0xbb, 0xbf];
const LF = 0x0a;
const CR = 0x0d;

/** Input bytes that are not UTF-8, found at `byteOffset` (from the start of the file, BOM included). */
export class InvalidUtf8Error extends Error {
  constructor(
    readonly byteOffset: number,
    readonly byte: number,
  ) {
    super(`invalid UTF-8 at byte offset ${byteOffset}`);
  }
}

/** The detail of a DataFormatError for invalid UTF-8: what was found and what to do about it. */
export function describeInvalidUtf8(error: InvalidUtf8Error): string {
  const byte = error.byte.toString(16).toUpperCase().padStart(2, "0");
  return `invalid UTF-8 (byte 0x${byte} at byte offset ${error.byteOffset}); if the file is Latin-1, read it with encoding: "latin1"`;
}

export function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

/**
 * The bytes csv-parse should read: without the UTF-8 BOM and checked to be UTF-8 when `encoding`
 * is "utf8" (csv-parse itself would quietly turn bad bytes into U+FFFD).
 *
 * @throws InvalidUtf8Error at the first bad byte
 */
export function prepareBytes(bytes: Uint8Array, encoding: TextEncoding): Buffer {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === "latin1") return buffer;
  if (!isUtf8(buffer)) {
    const offset = findInvalidUtf8(buffer);
    throw new InvalidUtf8Error(offset, buffer[offset]);
  }
  return startsWithBom(buffer) ? buffer.subarray(3) : buffer;
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence (overlong forms, surrogates and
 * code points beyond U+10FFFF included), or -1 when all of `bytes` is valid. A sequence cut off by
 * the end of `bytes` counts as invalid.
 */
export function findInvalidUtf8(bytes: Uint8Array, from = 0): number {
  const length = bytes.length;
  let i = from;
  while (i < length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    // The allowed range of the second byte depends on the lead byte (Unicode table 3-7).
    let continuationCount: number;
    let secondMin = 0x80;
    let secondMax = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) continuationCount = 1;
    else if (lead === 0xe0) {
      continuationCount = 2;
      secondMin = 0xa0;
    } else if (lead === 0xed) {
      continuationCount = 2;
      secondMax = 0x9f;
    } else if (lead >= 0xe1 && lead <= 0xef) continuationCount = 2;
    else if (lead === 0xf0) {
      continuationCount = 3;
      secondMin = 0x90;
    } else if (lead === 0xf4) {
      continuationCount = 3;
      secondMax = 0x8f;
    } else if (lead >= 0xf1 && lead <= 0xf3) continuationCount = 3;
    else return i;
    if (i + continuationCount >= length) return i;
    const second = bytes[i + 1];
    if (second < secondMin || second > secondMax) return i;
    for (let k = 2; k <= continuationCount; k++) {
      if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += continuationCount + 1;
  }
  return -1;
}

/**
 * Line and column of `byteOffset` in `bytes`. Line breaks are ASCII bytes in both encodings, so
 * counting them needs no decoding; the column counts the decoded characters before the offset.
 */
export function positionOfByte(bytes: Uint8Array, byteOffset: number, encoding: TextEncoding): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < byteOffset; i++) {
    const byte = bytes[i];
    if (byte === LF || byte === CR) {
      if (byte === CR && bytes[i + 1] === LF) i++;
      line++;
      lineStart = i + 1;
    }
  }
  let start = lineStart;
  if (line === 1 && encoding === "utf8" && startsWithBom(bytes)) start = 3;
  const before = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, byteOffset - start));
  return { line, column: before.toString(encoding).length + 1 };
}

/**
 * A pass-through for UTF-8 input streams that drops a leading BOM and fails with InvalidUtf8Error
 * at the first bad byte. Chunks are checked with Node's native isUtf8; a character split across
 * two chunks is held back until its last byte arrives.
 */
export class Utf8Check extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  /** File offset of the first byte of `pending`. */
  private offset = 0;
  private sawStart = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let bytes = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (!this.sawStart) {
      // Wait for three bytes before deciding whether the file starts with a BOM.
      if (bytes.length < 3) {
        this.pending = bytes;
        callback();
        return;
      }
      this.sawStart = true;
      if (startsWithBom(bytes)) {
        bytes = bytes.subarray(3);
        this.offset = 3;
      }
    }
    const complete = completeCharactersLength(bytes);
    const checked = bytes.subarray(0, complete);
    if (!isUtf8(checked)) {
      const at = findInvalidUtf8(checked);
      callback(new InvalidUtf8Error(this.offset + at, checked[at]));
      return;
    }
    this.pending = bytes.subarray(complete);
    this.offset += complete;
    callback(null, checked);
  }

  override _flush(callback: TransformCallback): void {
    // Whatever is left is either a file shorter than three bytes or a character cut off at the end.
    const bytes = this.pending;
    if (bytes.length > 0 && !isUtf8(bytes)) {
      const at = Math.max(0, findInvalidUtf8(bytes));
      callback(new InvalidUtf8Error(this.offset + at, bytes[at]));
      return;
    }
    callback(null, bytes.length > 0 ? bytes : undefined);
  }
}

/** Length of the prefix of `bytes` that does not end inside a multi-byte character. */
function completeCharactersLength(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= Math.min(3, length); back++) {
    const byte = bytes[length - back];
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0xc0) return length;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return needed > back ? length - back : length;
  }
  return length;
}
