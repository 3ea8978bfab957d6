import { endianness } from "node:os";
import { DataFormatError, InvalidArgumentError, readFileOrExplain, writeFileAtomic } from "@lab/core";
import { WordVectors } from "../vectors.js";
import { formatFloat32, parseFloatToken } from "./float-text.js";

/**
 * The two file formats of Mikolov's word2vec tool, which gensim's KeyedVectors reads and writes
 * (load_word2vec_format / save_word2vec_format):
 * - text: a header line "V D", then one line per word: the word, a space, D numbers separated by
 *   spaces;
 * - binary: the same header line, then per word the word's UTF-8 bytes, one space, D little-endian
 *   float32 (4·D bytes) and a newline. word2vec.c writes that newline; gensim does not, and both
 *   readers skip newlines before a word, so this reader accepts either.
 */
export type VectorFileFormat = "text" | "binary";

const SPACE = 0x20;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

function checkWords(vectors: WordVectors): void {
  for (const word of vectors.words) {
    if (/\s/u.test(word)) {
      throw new InvalidArgumentError(
        `the word ${JSON.stringify(word)} contains whitespace, which the word2vec formats cannot store`,
      );
    }
  }
}

/** The text format, each number the shortest decimal that reads back as the same float32. */
export function formatWord2VecText(vectors: WordVectors): string {
  checkWords(vectors);
  const { dim, words } = vectors;
  const lines = [`${words.length} ${dim}`];
  const values = new Array<string>(dim);
  for (let row = 0; row < words.length; row++) {
    for (let d = 0; d < dim; d++) values[d] = formatFloat32(vectors.vectors[row * dim + d]!);
    lines.push(`${words[row]} ${values.join(" ")}`);
  }
  return `${lines.join("\n")}\n`;
}

function parseHeader(line: string, source: string): { count: number; dim: number } {
  const parts = line.trim().split(/[ \t]+/);
  const count = Number(parts[0]);
  const dim = Number(parts[1]);
  if (
    parts.length !== 2 ||
    !/^\d+$/.test(parts[0]!) ||
    !/^\d+$/.test(parts[1]!) ||
    !Number.isSafeInteger(count) ||
    !(dim >= 1 && Number.isSafeInteger(dim))
  ) {
    throw new DataFormatError(
      `expected the header "<vocabulary size> <dimension>" (two integers, dimension >= 1), got ${JSON.stringify(line.slice(0, 80))}`,
      source,
      1,
    );
  }
  return { count, dim };
}

function addWord(
  index: Map<string, number>,
  word: string,
  row: number,
  fail: (detail: string) => never,
): void {
  const previous = index.get(word);
  if (previous !== undefined) fail(`the word "${word}" appears again (first as word ${previous + 1})`);
  index.set(word, row);
}

/** Parses the text format; a malformed line throws DataFormatError naming the source and line. */
export function parseWord2VecText(text: string, source = "<text>"): WordVectors {
  const lines = text.split("\n");
  const header = parseHeader(lines[0]!.replace(/^\uFEFF/, "").replace(/\r$/, ""), source);
  const { count, dim } = header;
  const words: string[] = [];
  const index = new Map<string, number>();
  const vectors = new Float32Array(count * dim);
  let lineIndex = 1;
  for (let row = 0; row < count; row++, lineIndex++) {
    const lineNumber = lineIndex + 1;
    const fail = (detail: string): never => {
      throw new DataFormatError(detail, source, lineNumber);
    };
    if (lineIndex >= lines.length || (lineIndex === lines.length - 1 && lines[lineIndex] === "")) {
      throw new DataFormatError(
        `the header promises ${count} words but the file ends after ${row}`,
        source,
        lineNumber,
      );
    }
    const line = lines[lineIndex]!.replace(/\r$/, "");
    const parts = line.split(/[ \t]+/);
    if (parts.at(-1) === "") parts.pop();
    if (parts.length !== dim + 1 || parts[0] === "") {
      fail(
        `expected a word and ${dim} numbers, got ${Math.max(0, parts.length - 1)} values after ${JSON.stringify(parts[0] ?? "")}`,
      );
    }
    const word = parts[0]!;
    addWord(index, word, row, fail);
    words.push(word);
    for (let d = 0; d < dim; d++) {
      const value = parseFloatToken(parts[d + 1]!);
      if (value === null)
        fail(`value ${d + 1} of "${word}" is not a number: ${JSON.stringify(parts[d + 1])}`);
      vectors[row * dim + d] = value as number;
    }
  }
  for (; lineIndex < lines.length; lineIndex++) {
    if (lines[lineIndex]!.trim() !== "") {
      throw new DataFormatError(
        `the header promises ${count} words but more lines follow`,
        source,
        lineIndex + 1,
      );
    }
  }
  return new WordVectors(words, vectors, dim);
}

function checkLittleEndian(): void {
  if (endianness() !== "LE") {
    throw new InvalidArgumentError("the binary word2vec format needs a little-endian machine here");
  }
}

/** The binary format with word2vec.c's newline after each vector. */
export function encodeWord2VecBinary(vectors: WordVectors): Uint8Array {
  checkWords(vectors);
  checkLittleEndian();
  const encoder = new TextEncoder();
  const { dim, words } = vectors;
  const header = encoder.encode(`${words.length} ${dim}\n`);
  const encodedWords = words.map((word) => encoder.encode(word));
  let size = header.length;
  for (const word of encodedWords) size += word.length + 1 + 4 * dim + 1;
  const bytes = new Uint8Array(size);
  bytes.set(header, 0);
  let offset = header.length;
  const row = new Uint8Array(vectors.vectors.buffer, vectors.vectors.byteOffset, vectors.vectors.byteLength);
  for (let w = 0; w < words.length; w++) {
    bytes.set(encodedWords[w]!, offset);
    offset += encodedWords[w]!.length;
    bytes[offset++] = SPACE;
    bytes.set(row.subarray(w * 4 * dim, (w + 1) * 4 * dim), offset);
    offset += 4 * dim;
    bytes[offset++] = NEWLINE;
  }
  return bytes;
}

/**
 * Parses the binary format; a malformed file throws DataFormatError naming the source and the byte
 * offset where reading failed.
 */
export function decodeWord2VecBinary(bytes: Uint8Array, source = "<bytes>"): WordVectors {
  checkLittleEndian();
  const headerEnd = bytes.indexOf(NEWLINE);
  if (headerEnd < 0) {
    throw new DataFormatError(
      'expected the header line "<vocabulary size> <dimension>" and a newline',
      source,
      1,
    );
  }
  const { count, dim } = parseHeader(
    new TextDecoder()
      .decode(bytes.subarray(0, headerEnd))
      .replace(/^\uFEFF/, "")
      .replace(/\r$/, ""),
    source,
  );
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const words: string[] = [];
  const index = new Map<string, number>();
  const vectors = new Float32Array(count * dim);
  const vectorBytes = new Uint8Array(vectors.buffer);
  let offset = headerEnd + 1;
  for (let row = 0; row < count; row++) {
    const fail = (detail: string, at = offset): never => {
      throw new DataFormatError(`byte offset ${at}: ${detail}`, source);
    };
    while (offset < bytes.length && (bytes[offset] === NEWLINE || bytes[offset] === CARRIAGE_RETURN))
      offset++;
    const start = offset;
    if (start >= bytes.length) fail(`the header promises ${count} words but the file ends after ${row}`);
    const space = bytes.indexOf(SPACE, start);
    if (space < 0) fail(`word ${row + 1} has no space after it before the end of the file`, start);
    if (space === start) fail(`word ${row + 1} is empty`, start);
    let word = "";
    try {
      word = decoder.decode(bytes.subarray(start, space));
    } catch {
      fail(`word ${row + 1} is not valid UTF-8`, start);
    }
    if (word.includes("\n")) fail(`word ${row + 1} contains a line break`, start);
    addWord(index, word, row, (detail) => fail(detail, start));
    offset = space + 1;
    if (offset + 4 * dim > bytes.length) {
      fail(
        `the vector of "${word}" needs ${4 * dim} bytes (${dim} float32) but only ${bytes.length - offset} remain`,
      );
    }
    vectorBytes.set(bytes.subarray(offset, offset + 4 * dim), row * 4 * dim);
    offset += 4 * dim;
    words.push(word);
  }
  while (offset < bytes.length && (bytes[offset] === NEWLINE || bytes[offset] === CARRIAGE_RETURN)) offset++;
  if (offset < bytes.length) {
    throw new DataFormatError(
      `byte offset ${offset}: the header promises ${count} words but more data follows`,
      source,
    );
  }
  return new WordVectors(words, vectors, dim);
}

/**
 * "binary" for .bin files, "text" for .txt/.vec, else by the content: in the text format the line
 * after the header is a word and D numbers; raw float32 bytes practically never read that way.
 */
export function detectVectorFormat(path: string, bytes: Uint8Array): VectorFileFormat {
  if (/\.bin$/i.test(path)) return "binary";
  if (/\.(txt|vec)$/i.test(path)) return "text";
  const headerEnd = bytes.indexOf(NEWLINE);
  if (headerEnd < 0) return "text";
  const dim = Number(new TextDecoder().decode(bytes.subarray(0, headerEnd)).trim().split(/\s+/)[1]);
  let lineEnd = bytes.indexOf(NEWLINE, headerEnd + 1);
  if (lineEnd < 0) lineEnd = bytes.length;
  const tokens = Buffer.from(bytes.subarray(headerEnd + 1, lineEnd))
    .toString("latin1")
    .replace(/\r$/, "")
    .split(/[ \t]+/)
    .filter((token) => token !== "");
  const numeric = tokens.slice(1).every((token) => parseFloatToken(token) !== null);
  return tokens.length === dim + 1 && numeric ? "text" : "binary";
}

/** Writes vectors in the word2vec text or binary format, atomically (temp file + rename). */
export async function writeWord2Vec(
  path: string,
  vectors: WordVectors,
  options: { readonly format?: VectorFileFormat } = {},
): Promise<void> {
  const format = options.format ?? (/\.(txt|vec)$/i.test(path) ? "text" : "binary");
  if (format !== "text" && format !== "binary") {
    throw new InvalidArgumentError(`format must be "text" or "binary", got "${String(format)}"`);
  }
  await writeFileAtomic(
    path,
    format === "text" ? formatWord2VecText(vectors) : encodeWord2VecBinary(vectors),
  );
}

/** Reads a word2vec text or binary file (format from the extension or the content, or as given). */
export async function readWord2Vec(
  path: string,
  options: { readonly format?: VectorFileFormat | "auto" } = {},
): Promise<WordVectors> {
  const bytes = await readFileOrExplain(path);
  const format =
    !options.format || options.format === "auto" ? detectVectorFormat(path, bytes) : options.format;
  if (format === "binary") return decodeWord2VecBinary(bytes, path);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DataFormatError("the file is not valid UTF-8 text (is it the binary format?)", path);
  }
  return parseWord2VecText(text, path);
}
