import { InvalidArgumentError, type ProgressListener, type Seed } from "@lab/core";
import { physicalCoreCount } from "@lab/nn";
import { flattenSentences, generateTrainingPairs } from "./pairs.js";
import { trainSoftmaxNetwork } from "./softmax/network.js";
import { trainEncodedCorpus } from "./train/index.js";
import { WordVectors } from "./vectors.js";
import { buildVocabulary, encodeTokens, type Vocabulary } from "./vocab.js";

/**
 * "softmax": set 5's network (full softmax over the vocabulary, through @lab/nn): exact, O(V·D) per
 * pair, for small corpora. "hs": hierarchical softmax over the Huffman tree; "ns": negative
 * sampling — both by the Hogwild word2vec engine (src/train), for real corpora.
 */
export type TrainingMethod = "softmax" | "hs" | "ns";

export interface TrainWord2VecOptions {
  /** Default "softmax" (the set's). */
  readonly method?: TrainingMethod;
  /** Vector size (default 10, the set's hidden layer). */
  readonly dim?: number;
  /**
   * Context window s (default 2, the set's). "softmax" uses every offset 0 < |j| ≤ s as the set
   * does; "hs"/"ns" draw a window in 1..s per position as word2vec.c and gensim do.
   */
  readonly window?: number;
  /** Passes over the data (default 10 for "softmax", 5 for "hs"/"ns"). */
  readonly epochs?: number;
  /** Words seen fewer times are dropped before training (default 1). */
  readonly minCount?: number;
  /** Keep at most this many words, the most frequent. */
  readonly maxVocabulary?: number;
  /** Worker threads of the hs/ns engine (default 1: reproducible); onnxruntime threads for softmax (default: cores). */
  readonly threads?: number;
  readonly seed?: Seed;
  /** "skipgram" (default) or "cbow", for hs/ns. */
  readonly model?: "skipgram" | "cbow";
  /** Noise words per pair for "ns" (default 5). */
  readonly negative?: number;
  /** Subsampling threshold for hs/ns (default 1e-3; 0 disables). */
  readonly sample?: number;
  /** Starting learning rate: Adam's for softmax (default 0.01), α for hs/ns (default 0.025). */
  readonly learningRate?: number;
  /** Pairs per step for softmax (default 64). */
  readonly batchSize?: number;
  readonly onProgress?: ProgressListener;
}

export interface Word2VecResult {
  readonly method: TrainingMethod;
  /** The input vectors: the word representations (the set's input-to-hidden weights). */
  readonly vectors: WordVectors;
  readonly vocabulary: Vocabulary;
  /** Hidden-to-output weights, D × outputs row-major (outputs: V for softmax/ns, V − 1 inner nodes for hs). */
  readonly outputWeights: Float32Array;
  readonly inputWeightsShape: readonly [number, number];
  readonly outputWeightsShape: readonly [number, number];
  readonly dim: number;
  readonly window: number;
  readonly epochs: number;
  readonly seed: Seed;
  readonly threads: number;
  /** Corpus tokens kept by the vocabulary. */
  readonly tokens: number;
  /** Skip-gram pairs per epoch (softmax only). */
  readonly pairs: number | null;
  /** Mean loss of each epoch: cross-entropy (softmax) or −log σ per prediction (hs/ns). */
  readonly epochLosses: readonly number[];
  /** Training words per second (hs/ns: after subsampling, as gensim counts; softmax: tokens × epochs / s). */
  readonly wordsPerSecond: number;
  /** Training time, without building the vocabulary. */
  readonly seconds: number;
  /** "wasm" or "typescript" for hs/ns, "onnxruntime" for softmax. */
  readonly engine: string;
}

function asSentences(
  input: readonly string[] | readonly (readonly string[])[],
): readonly (readonly string[])[] {
  if (input.length === 0) return [];
  if (input.every((item) => typeof item === "string")) return [input as readonly string[]];
  if (input.every((item) => Array.isArray(item))) return input as readonly (readonly string[])[];
  throw new InvalidArgumentError(
    "trainWord2Vec takes a list of tokens or a list of sentences (lists of tokens)",
  );
}

/**
 * Trains word vectors on tokens (one sequence, as the set's word list) or sentences (context windows
 * stop at sentence ends). Builds the vocabulary (count-descending ids, minCount, maxVocabulary),
 * then trains with set 5's full-softmax network or the word2vec engine.
 */
export async function trainWord2Vec(
  input: readonly string[] | readonly (readonly string[])[],
  options: TrainWord2VecOptions = {},
): Promise<Word2VecResult> {
  const method = options.method ?? "softmax";
  if (method !== "softmax" && method !== "hs" && method !== "ns") {
    throw new InvalidArgumentError(`method must be "softmax", "hs" or "ns", got "${String(method)}"`);
  }
  const dim = options.dim ?? 10;
  const window = options.window ?? 2;
  const epochs = options.epochs ?? (method === "softmax" ? 10 : 5);
  const seed = options.seed ?? 1;
  // The engine defaults to one (reproducible) thread; onnxruntime to one per physical core.
  const threads = options.threads ?? (method === "softmax" ? physicalCoreCount() : 1);
  const sentences = asSentences(input);
  const vocabulary = buildVocabulary(sentences.flat(), {
    minCount: options.minCount ?? 1,
    ...(options.maxVocabulary !== undefined ? { maxSize: options.maxVocabulary } : {}),
  });
  if (vocabulary.words.length === 0) {
    throw new InvalidArgumentError(
      `no word occurs at least ${options.minCount ?? 1} times; lower minCount or give more text`,
    );
  }
  const { ids, sentenceEnds } = flattenSentences(
    sentences.map((sentence) => encodeTokens(sentence, vocabulary)),
  );
  if (ids.length < 2) throw new InvalidArgumentError("the corpus needs at least two in-vocabulary words");
  const V = vocabulary.words.length;

  if (method === "softmax") {
    const pairs = generateTrainingPairs(ids, window, { sentenceEnds });
    const network = await trainSoftmaxNetwork(pairs, V, {
      dim,
      epochs,
      seed,
      ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.threads !== undefined ? { session: { threads } } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return {
      method,
      vectors: new WordVectors(vocabulary.words, network.inputWeights, dim),
      vocabulary,
      outputWeights: network.outputWeights,
      inputWeightsShape: network.inputWeightsShape,
      outputWeightsShape: network.outputWeightsShape,
      dim,
      window,
      epochs,
      seed,
      threads,
      tokens: ids.length,
      pairs: pairs.centers.length,
      epochLosses: network.epochLosses,
      wordsPerSecond: (ids.length * epochs) / network.seconds,
      seconds: network.seconds,
      engine: "onnxruntime",
    };
  }

  const trained = await trainEncodedCorpus(
    { ids, sentenceEnds, counts: vocabulary.counts },
    {
      method,
      dim,
      window,
      epochs,
      seed,
      threads,
      ...(options.model !== undefined ? { model: options.model } : {}),
      ...(options.negative !== undefined ? { negative: options.negative } : {}),
      ...(options.sample !== undefined ? { sample: options.sample } : {}),
      ...(options.learningRate !== undefined ? { alpha: options.learningRate } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
  const rows = trained.outputRows;
  const outputWeights = new Float32Array(dim * rows);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < dim; d++) outputWeights[d * rows + r] = trained.outputVectors[r * dim + d]!;
  }
  return {
    method,
    vectors: new WordVectors(vocabulary.words, trained.inputVectors, dim),
    vocabulary,
    outputWeights,
    inputWeightsShape: [V, dim],
    outputWeightsShape: [dim, rows],
    dim,
    window,
    epochs,
    seed,
    threads: trained.threads,
    tokens: ids.length,
    pairs: null,
    epochLosses: Array.from(trained.epochLoss),
    wordsPerSecond: trained.wordsPerSecond,
    seconds: trained.seconds,
    engine: trained.engine,
  };
}
