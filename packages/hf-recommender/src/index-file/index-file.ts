import { DataFormatError, readFileOrExplain, writeFileAtomic } from "@lab/core";
import { CsrMatrix } from "@lab/linalg";
import { ModelDirectory } from "../data/catalog.js";
import { TextVectorizer, vocabularyOf } from "../features/vectorizer.js";
import type { RecommenderFeatures } from "../recommend/features.js";
import { crc32 } from "./crc32.js";

/** The first 8 bytes of every index file. */
export const INDEX_MAGIC = "HFRECIDX";
/** The layout version this code writes and reads. */
export const INDEX_VERSION = 1;
const HEADER_BYTES = 64;

/**
 * Writes a catalog's features as one binary file a server can load without the catalog, the CSV or
 * the Hub: ids, downloads, the one-hot CSR (with column names) and the soup's count CSR (with the
 * vocabulary). TF-IDF is not stored: it follows from the counts. Written to a temporary sibling
 * and renamed, so a reader never sees half a file.
 *
 * Layout, little-endian. Header (64 bytes): magic "HFRECIDX"; u32 version (1); u32 header size
 * (64); u32 rows; u32 one-hot columns; u32 one-hot nonzeros; u32 vocabulary size; u32 soup
 * nonzeros; u32 flags (0); u64 payload bytes; u32 CRC-32 of the payload; 12 zero bytes.
 * Payload, each section starting on an 8-byte boundary (so typed arrays can view it in place):
 * f64 downloads[rows]; f64 soup values[soup nnz]; i32 one-hot indptr[rows + 1]; i32 one-hot
 * indices[one-hot nnz]; i32 soup indptr[rows + 1]; i32 soup indices[soup nnz]; then four string
 * lists — ids[rows], one-hot column names, vocabulary, and the one-line source — each as u32
 * byte offsets[count + 1] followed by the UTF-8 bytes.
 */
export async function writeIndexFile(path: string, features: RecommenderFeatures): Promise<number> {
  const bytes = encodeIndex(features);
  await writeFileAtomic(path, bytes);
  return bytes.length;
}

export async function readIndexFile(path: string): Promise<RecommenderFeatures> {
  const buffer = await readFileOrExplain(path);
  return decodeIndex(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), path);
}

const align8 = (offset: number) => (offset + 7) & ~7;

function encodeStrings(values: readonly string[]): Uint8Array {
  const encoder = new TextEncoder();
  const encoded = values.map((value) => encoder.encode(value));
  const total = encoded.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(4 * (values.length + 1) + total);
  const view = new DataView(out.buffer);
  let offset = 0;
  encoded.forEach((part, i) => {
    view.setUint32(4 * i, offset, true);
    out.set(part, 4 * (values.length + 1) + offset);
    offset += part.length;
  });
  view.setUint32(4 * values.length, offset, true);
  return out;
}

export function encodeIndex(features: RecommenderFeatures): Uint8Array {
  const { directory, oneHot, text } = features;
  const rows = directory.size;
  const soup = text.counts;
  const hot = oneHot.matrix;
  if (hot.rows !== rows || soup.rows !== rows) {
    throw new DataFormatError(
      `features disagree on the row count (${rows}, ${hot.rows}, ${soup.rows})`,
      "index",
    );
  }
  const littleEndian = (array: Int32Array | Float64Array) =>
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  // Typed arrays are in the platform's byte order; every platform Node supports is little-endian.
  const sections: Uint8Array[] = [
    littleEndian(directory.downloads),
    littleEndian(soup.values),
    littleEndian(hot.indptr),
    littleEndian(hot.indices),
    littleEndian(soup.indptr),
    littleEndian(soup.indices),
    encodeStrings(directory.ids),
    encodeStrings(oneHot.columns),
    encodeStrings(text.vocabulary.terms),
    encodeStrings([directory.source]),
  ];
  let payloadBytes = 0;
  for (const section of sections) payloadBytes = align8(payloadBytes) + section.length;
  payloadBytes = align8(payloadBytes);
  const out = new Uint8Array(HEADER_BYTES + payloadBytes);
  let offset = HEADER_BYTES;
  for (const section of sections) {
    out.set(section, offset);
    offset = align8(offset + section.length);
  }
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(INDEX_MAGIC), 0);
  view.setUint32(8, INDEX_VERSION, true);
  view.setUint32(12, HEADER_BYTES, true);
  view.setUint32(16, rows, true);
  view.setUint32(20, hot.cols, true);
  view.setUint32(24, hot.nnz, true);
  view.setUint32(28, soup.cols, true);
  view.setUint32(32, soup.nnz, true);
  view.setUint32(36, 0, true);
  view.setBigUint64(40, BigInt(payloadBytes), true);
  view.setUint32(48, crc32(out.subarray(HEADER_BYTES)), true);
  return out;
}

/** Reads the format `writeIndexFile` writes; any inconsistency is a DataFormatError naming `source`. */
export function decodeIndex(bytes: Uint8Array, source = "index"): RecommenderFeatures {
  const fail = (detail: string): never => {
    throw new DataFormatError(detail, source);
  };
  if (bytes.length < HEADER_BYTES) fail(`${bytes.length} bytes is too short for a hf-recommender index file`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== INDEX_MAGIC)
    fail(`not a hf-recommender index file (magic ${JSON.stringify(magic)}, expected ${INDEX_MAGIC})`);
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const version = header.getUint32(8, true);
  if (version !== INDEX_VERSION)
    fail(`index file version ${version}; this reader supports version ${INDEX_VERSION}`);
  if (header.getUint32(12, true) !== HEADER_BYTES) fail("unexpected header size");
  const rows = header.getUint32(16, true);
  const hotCols = header.getUint32(20, true);
  const hotNnz = header.getUint32(24, true);
  const vocabularySize = header.getUint32(28, true);
  const soupNnz = header.getUint32(32, true);
  const payloadBytes = Number(header.getBigUint64(40, true));
  if (bytes.length !== HEADER_BYTES + payloadBytes) {
    fail(
      `the header announces ${HEADER_BYTES + payloadBytes} bytes but the file has ${bytes.length} (truncated?)`,
    );
  }
  // Copy when the file's bytes are not 8-byte aligned in memory, so Float64Array views are allowed.
  const payload =
    (bytes.byteOffset + HEADER_BYTES) % 8 === 0 ? bytes.subarray(HEADER_BYTES) : bytes.slice(HEADER_BYTES);
  if (crc32(payload) !== header.getUint32(48, true)) fail("checksum mismatch: the file is corrupt");

  let offset = 0;
  const take = (length: number) => {
    if (offset + length > payload.length) fail("a section runs past the end of the file");
    const start = offset;
    offset = align8(offset + length);
    return start;
  };
  const base = payload.byteOffset;
  const float64 = (count: number) => new Float64Array(payload.buffer, base + take(8 * count), count);
  const int32 = (count: number) => new Int32Array(payload.buffer, base + take(4 * count), count);
  const strings = (count: number, what: string) => {
    const start = offset;
    if (start + 4 * (count + 1) > payload.length) fail(`the ${what} list runs past the end of the file`);
    const view = new DataView(payload.buffer, base + start, 4 * (count + 1));
    const total = view.getUint32(4 * count, true);
    take(4 * (count + 1) + total);
    const textStart = start + 4 * (count + 1);
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const out: string[] = new Array(count);
    let previous = 0;
    for (let i = 0; i < count; i++) {
      const end = view.getUint32(4 * (i + 1), true);
      if (end < previous || end > total) fail(`the ${what} list has a bad offset at entry ${i}`);
      out[i] = decoder.decode(payload.subarray(textStart + previous, textStart + end));
      previous = end;
    }
    return out;
  };
  try {
    const downloads = float64(rows);
    const soupValues = float64(soupNnz);
    const hotIndptr = int32(rows + 1);
    const hotIndices = int32(hotNnz);
    const soupIndptr = int32(rows + 1);
    const soupIndices = int32(soupNnz);
    const ids = strings(rows, "id");
    const columns = strings(hotCols, "one-hot column");
    const terms = strings(vocabularySize, "vocabulary");
    const [description] = strings(1, "source");
    const oneHot = new CsrMatrix(rows, hotCols, hotIndptr, hotIndices, new Float64Array(hotNnz).fill(1));
    const counts = new CsrMatrix(rows, vocabularySize, soupIndptr, soupIndices, soupValues);
    return {
      directory: new ModelDirectory(ids, downloads, `${description} (index ${source})`),
      oneHot: { matrix: oneHot, columns },
      text: new TextVectorizer(vocabularyOf(terms), counts),
    };
  } catch (error) {
    if (error instanceof DataFormatError) throw error;
    return fail(`inconsistent index contents: ${(error as Error).message}`);
  }
}
