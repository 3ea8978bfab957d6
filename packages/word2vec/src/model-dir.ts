import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { DataFormatError, InvalidArgumentError, readFileOrExplain } from "@lab/core";
import { serializeModel } from "@lab/nn";
import { decodeWord2VecBinary, encodeWord2VecBinary } from "./io/word2vec-format.js";
import { buildLookupModel } from "./onnx-export.js";
import type { WordVectors } from "./vectors.js";

/** The files of a model directory. */
export const MODEL_FILES = {
  /** Input vectors in the word2vec binary format (gensim and word2vec.c read it). */
  vectors: "vectors.bin",
  /** "word count" per line, in row order (word2vec.c's -save-vocab format). */
  vocabulary: "vocab.txt",
  metadata: "metadata.json",
  /** word index -> vector, see buildLookupModel. */
  onnx: "model.onnx",
} as const;

const FORMAT = "lab-word2vec-model";
const VERSION = 1;

/** How a model was trained: method, sizes and data; free-form keys may be added. */
export interface ModelMetadata {
  readonly method: string;
  readonly dim: number;
  readonly window: number;
  readonly seed: number;
  /** Where the training text came from, in words. */
  readonly corpus: string;
  readonly [key: string]: unknown;
}

export interface TrainedModel {
  readonly vectors: WordVectors;
  /** Occurrences of each word in the training corpus, in row order; null when unknown. */
  readonly counts: Float64Array | null;
  readonly metadata: ModelMetadata;
}

export interface SaveModelOptions {
  /** More files to place in the directory with the model (name -> contents), e.g. plots. */
  readonly extraFiles?: Readonly<Record<string, string | Uint8Array>>;
}

function isPlainName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && basename(name) === name;
}

/**
 * Writes a model directory: vectors.bin, vocab.txt, metadata.json, model.onnx and any extra files.
 * Atomic as a whole: everything is written into a temporary sibling folder that then replaces
 * `dir`, so readers see the old model or the complete new one. An existing `dir` is replaced only
 * when it is empty or an earlier model directory, never a folder holding other files.
 */
export async function saveModel(
  dir: string,
  model: TrainedModel,
  options: SaveModelOptions = {},
): Promise<string[]> {
  const { vectors, counts, metadata } = model;
  if (counts !== null && counts.length !== vectors.size) {
    throw new InvalidArgumentError(`${vectors.size} words but ${counts.length} counts`);
  }
  for (const name of Object.keys(options.extraFiles ?? {})) {
    if (!isPlainName(name) || Object.values(MODEL_FILES).includes(name as never)) {
      throw new InvalidArgumentError(
        `extra file name "${name}" must be a plain file name other than the model's`,
      );
    }
  }
  const target = resolve(dir);
  await checkReplaceable(target);
  const files: Record<string, string | Uint8Array> = {
    [MODEL_FILES.vectors]: encodeWord2VecBinary(vectors),
    [MODEL_FILES.onnx]: serializeModel(buildLookupModel(vectors)),
    ...(options.extraFiles ?? {}),
  };
  if (counts !== null) {
    files[MODEL_FILES.vocabulary] = vectors.words.map((word, i) => `${word} ${counts[i]}\n`).join("");
  }
  files[MODEL_FILES.metadata] = `${JSON.stringify(
    {
      format: FORMAT,
      version: VERSION,
      ...metadata,
      vocab_size: vectors.size,
      dim: vectors.dim,
      files: Object.keys(files).sort(),
    },
    null,
    2,
  )}\n`;
  await mkdir(dirname(target), { recursive: true });
  const suffix = randomBytes(6).toString("hex");
  const staging = join(dirname(target), `.${basename(target)}.tmp-${suffix}`);
  const retired = join(dirname(target), `.${basename(target)}.old-${suffix}`);
  await mkdir(staging);
  try {
    for (const [name, contents] of Object.entries(files)) await writeFile(join(staging, name), contents);
    const hadOld = existsSync(target);
    if (hadOld) await rename(target, retired);
    try {
      await rename(staging, target);
    } catch (error) {
      if (hadOld) await rename(retired, target);
      throw error;
    }
    if (hadOld) await rm(retired, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return Object.keys(files)
    .sort()
    .map((name) => join(dir, name));
}

/**
 * Throws unless saveModel may write `dir`: absent, empty, or an earlier model directory. Call it
 * before a long training run so that a wrong --out fails at once.
 */
export async function checkModelDirectory(dir: string): Promise<void> {
  await checkReplaceable(resolve(dir));
}

async function checkReplaceable(target: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "ENOTDIR")
      throw new InvalidArgumentError(`cannot save a model to "${target}": it is a file`);
    throw error;
  }
  if (entries.length === 0) return;
  let format: unknown;
  try {
    format = JSON.parse(await readFile(join(target, MODEL_FILES.metadata), "utf8")).format;
  } catch {
    format = undefined;
  }
  if (format !== FORMAT) {
    throw new InvalidArgumentError(
      `"${target}" already holds other files and no word2vec model; choose an empty or new folder`,
    );
  }
}

/** Loads a directory written by {@link saveModel}. */
export async function loadModel(dir: string): Promise<TrainedModel> {
  const metadataPath = join(dir, MODEL_FILES.metadata);
  if (!existsSync(metadataPath)) {
    throw new InvalidArgumentError(
      `"${dir}" holds no ${MODEL_FILES.metadata}; expected a folder written by \`lab word2vec train --out\``,
    );
  }
  let metadata: Record<string, unknown>;
  try {
    metadata = JSON.parse((await readFileOrExplain(metadataPath)).toString("utf8"));
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new DataFormatError(`not valid JSON (${error.message})`, metadataPath);
    throw error;
  }
  if (metadata === null || typeof metadata !== "object" || metadata.format !== FORMAT) {
    throw new DataFormatError(`expected "format": "${FORMAT}"`, metadataPath);
  }
  if (typeof metadata.version !== "number" || metadata.version > VERSION) {
    throw new DataFormatError(
      `model format version ${String(metadata.version)} is newer than this reader (${VERSION})`,
      metadataPath,
    );
  }
  const vectorsPath = join(dir, MODEL_FILES.vectors);
  const vectors = decodeWord2VecBinary(await readFileOrExplain(vectorsPath), vectorsPath);
  if (metadata.dim !== vectors.dim || metadata.vocab_size !== vectors.size) {
    throw new DataFormatError(
      `${vectorsPath} holds ${vectors.size} × ${vectors.dim} vectors but metadata.json says ${String(metadata.vocab_size)} × ${String(metadata.dim)}`,
      metadataPath,
    );
  }
  const vocabularyPath = join(dir, MODEL_FILES.vocabulary);
  const counts = existsSync(vocabularyPath)
    ? parseVocabularyFile((await readFileOrExplain(vocabularyPath)).toString("utf8"), vocabularyPath, vectors)
    : null;
  const { format: _format, version: _version, files: _files, vocab_size: _size, ...rest } = metadata;
  return { vectors, counts, metadata: rest as unknown as ModelMetadata };
}

/** Reads "word count" lines and checks they list the vectors' words in the same order. */
function parseVocabularyFile(text: string, source: string, vectors: WordVectors): Float64Array {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  if (lines.length !== vectors.size) {
    throw new DataFormatError(`expected ${vectors.size} lines (one per word), got ${lines.length}`, source);
  }
  const counts = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const parts = line.replace(/\r$/, "").split(" ");
    const count = Number(parts[1]);
    if (parts.length !== 2 || parts[1] === "" || !(count >= 0)) {
      throw new DataFormatError(
        `expected "<word> <count>", got ${JSON.stringify(line.slice(0, 80))}`,
        source,
        i + 1,
      );
    }
    if (parts[0] !== vectors.words[i]) {
      throw new DataFormatError(
        `word ${i + 1} is "${parts[0]}" but the vectors file has "${vectors.words[i]}" there`,
        source,
        i + 1,
      );
    }
    counts[i] = count;
  });
  return counts;
}
