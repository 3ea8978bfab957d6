import { InvalidArgumentError, type ProgressListener, type Seed } from "@lab/core";
import { buildHuffmanTree, type HuffmanTree } from "../huffman.js";
import { sentenceEnds, type TrainingCorpus } from "./plan.js";
import {
  type EngineSetup,
  packPaths,
  paddedStride,
  type Word2VecMethod,
  type Word2VecModel,
} from "./setup.js";
import { keepThresholds, negativeSampler, sigmoidTables } from "./tables.js";

/** Live numbers while training runs (also sent, formatted, as progress events). */
export interface TrainingStats {
  /** Corpus words processed so far, over all epochs (drives the learning-rate decay). */
  readonly rawWords: number;
  /** Of those, the words kept by subsampling: what gensim and word2vec.c count as trained words. */
  readonly effectiveWords: number;
  /** rawWords at the end of training. */
  readonly totalRawWords: number;
  /** effectiveWords per second of training so far. */
  readonly wordsPerSecond: number;
  /** Mean loss per output-layer prediction since the start (-log sigmoid per target). */
  readonly loss: number;
  readonly alpha: number;
  readonly seconds: number;
}

export interface Word2VecTrainOptions {
  /** "skipgram" (default) or "cbow" (mean of the context vectors, as word2vec.c's -cbow 1). */
  readonly model?: Word2VecModel;
  /** "ns" negative sampling (default) or "hs" hierarchical softmax over the Huffman tree. */
  readonly method?: Word2VecMethod;
  /** Vector size. Default 100. */
  readonly dim?: number;
  /** Maximum distance between the centre and a context word; each position uses a random 1..window. Default 5. */
  readonly window?: number;
  /** Noise words per positive pair for "ns". Default 5. */
  readonly negative?: number;
  /** Subsampling threshold (word2vec.c -sample); 0 disables. Default 1e-3. */
  readonly sample?: number;
  /** Starting learning rate. Default 0.025 for skip-gram, 0.05 for CBOW (word2vec.c's defaults). */
  readonly alpha?: number;
  /** Learning rate at the end of the last epoch (linear decay). Default 0.0001 (gensim's). */
  readonly minAlpha?: number;
  /** Passes over the corpus. Default 5. */
  readonly epochs?: number;
  /** Seeds the initial vectors and every thread's generator. Default 1. */
  readonly seed?: Seed;
  /**
   * Worker threads (Hogwild: all update the same shared vectors without locks). 1 (default) is
   * reproducible; with more, results depend on thread timing and differ from run to run.
   */
  readonly threads?: number;
  /** Longer sentences are cut into pieces of this many words. Default 10,000 (gensim's limit). */
  readonly maxSentenceLength?: number;
  /** "auto" (default): the WebAssembly kernel where the runtime supports it, else TypeScript (1 thread). */
  readonly engine?: "auto" | "wasm" | "typescript";
  /** A Huffman tree to use for "hs" instead of building one from the counts. */
  readonly tree?: HuffmanTree;
  /** Progress events: done = corpus words processed over all epochs, message = speed and loss. */
  readonly onProgress?: ProgressListener;
  /** The same progress as numbers, about every `statsIntervalMs` (default 250) and once at the end. */
  readonly onStats?: (stats: TrainingStats) => void;
  readonly statsIntervalMs?: number;
}

/** Training input: an encoded corpus and the count of every word id (e.g. `vocabulary.counts`). */
export interface TrainingData extends TrainingCorpus {
  readonly counts: ArrayLike<number>;
}

export interface ResolvedOptions {
  readonly model: Word2VecModel;
  readonly method: Word2VecMethod;
  readonly dim: number;
  readonly window: number;
  readonly negative: number;
  readonly sample: number;
  readonly alpha: number;
  readonly minAlpha: number;
  readonly epochs: number;
  readonly seed: Seed;
  readonly threads: number;
  readonly maxSentenceLength: number;
  readonly engine: "auto" | "wasm" | "typescript";
}

function positiveInteger(name: string, value: number, max = 2 ** 31 - 1): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidArgumentError(`word2vec: ${name} must be an integer in [1, ${max}], got ${value}`);
  }
  return value;
}

export function resolveOptions(options: Word2VecTrainOptions): ResolvedOptions {
  const model = options.model ?? "skipgram";
  const method = options.method ?? "ns";
  if (model !== "skipgram" && model !== "cbow") {
    throw new InvalidArgumentError(`word2vec: model must be "skipgram" or "cbow", got "${model}"`);
  }
  if (method !== "ns" && method !== "hs") {
    throw new InvalidArgumentError(`word2vec: method must be "ns" or "hs", got "${method}"`);
  }
  const negative = options.negative ?? 5;
  if (method === "ns") positiveInteger("negative", negative, 1000);
  const sample = options.sample ?? 1e-3;
  if (!(Number.isFinite(sample) && sample >= 0)) {
    throw new InvalidArgumentError(`word2vec: sample must be a finite number >= 0, got ${sample}`);
  }
  const alpha = options.alpha ?? (model === "cbow" ? 0.05 : 0.025);
  const minAlpha = options.minAlpha ?? 0.0001;
  if (!(Number.isFinite(alpha) && alpha > 0)) {
    throw new InvalidArgumentError(`word2vec: alpha must be a finite number > 0, got ${alpha}`);
  }
  if (!(Number.isFinite(minAlpha) && minAlpha >= 0 && minAlpha <= alpha)) {
    throw new InvalidArgumentError(`word2vec: minAlpha must be in [0, alpha = ${alpha}], got ${minAlpha}`);
  }
  const engine = options.engine ?? "auto";
  if (engine !== "auto" && engine !== "wasm" && engine !== "typescript") {
    throw new InvalidArgumentError(
      `word2vec: engine must be "auto", "wasm" or "typescript", got "${engine}"`,
    );
  }
  return {
    model,
    method,
    dim: positiveInteger("dim", options.dim ?? 100, 100_000),
    window: positiveInteger("window", options.window ?? 5, 10_000),
    negative,
    sample,
    alpha,
    minAlpha,
    epochs: positiveInteger("epochs", options.epochs ?? 5, 1_000_000),
    seed: options.seed ?? 1,
    threads: positiveInteger("threads", options.threads ?? 1, 256),
    maxSentenceLength: positiveInteger("maxSentenceLength", options.maxSentenceLength ?? 10_000, 1 << 24),
    engine,
  };
}

/** Checks the data and derives every table the engines read. */
export function createEngineSetup(
  data: TrainingData,
  options: ResolvedOptions,
  tree?: HuffmanTree,
): { setup: EngineSetup; outputRows: number } {
  const vocabSize = data.counts.length;
  if (vocabSize < 1) throw new InvalidArgumentError("word2vec: the vocabulary is empty");
  for (let w = 0; w < vocabSize; w++) {
    const count = data.counts[w]!;
    if (typeof count !== "number" || !Number.isFinite(count) || count < 0) {
      throw new InvalidArgumentError(
        `word2vec: the count of word ${w} must be a finite number >= 0, got ${count}`,
      );
    }
  }
  const ends = sentenceEnds(data, vocabSize, options.maxSentenceLength);
  const hs = options.method === "hs";
  let paths: { pathOffsets: Int32Array; paths: Int32Array } = {
    pathOffsets: new Int32Array(0),
    paths: new Int32Array(0),
  };
  if (hs) {
    const huffman = tree ?? buildHuffmanTree(data.counts);
    if (huffman.wordCount !== vocabSize) {
      throw new InvalidArgumentError(
        `word2vec: the Huffman tree has ${huffman.wordCount} words but the vocabulary ${vocabSize}`,
      );
    }
    paths = packPaths(huffman);
  }
  const setup: EngineSetup = {
    model: options.model,
    method: options.method,
    vocabSize,
    dim: options.dim,
    stride: paddedStride(options.dim),
    window: options.window,
    negative: hs ? 0 : options.negative,
    corpus: data.ids,
    sentenceEnds: ends,
    maxSentenceLength: options.maxSentenceLength,
    keep: keepThresholds(data.counts, options.sample),
    sampler: hs ? { keep: new Uint32Array(0), alias: new Int32Array(0) } : negativeSampler(data.counts),
    ...paths,
    tables: sigmoidTables(),
  };
  // hs has one output vector per inner node of the tree (V - 1; at least one row so a one-word
  // vocabulary still has a valid, unused matrix).
  return { setup, outputRows: hs ? Math.max(1, vocabSize - 1) : vocabSize };
}
