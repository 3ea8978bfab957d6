import { linePlot, type ProgressListener, type Seed } from "@lab/core";
import { type Corpus, mobyDickCorpus } from "./corpus.js";
import { generateTrainingPairs } from "./pairs.js";
import { wordMap } from "./plot.js";
import { type SoftmaxNetwork, trainSoftmaxNetwork } from "./softmax/network.js";
import { type TokenizeOptions, tokenize } from "./text.js";
import { balancedTree, type CodeTree, huffmanTree, SET5_PROBLEM_3B_FREQUENCIES } from "./trees.js";
import { type WordPair, WordVectors } from "./vectors.js";
import { buildVocabulary, encodeTokens } from "./vocab.js";

export interface Word2VecReportOptions {
  /** The text to train on (default: the Moby Dick excerpt of {@link mobyDickCorpus}). */
  readonly corpus?: Corpus;
  readonly tokenize?: TokenizeOptions;
  /** The set's s (default 2, as its notebook). */
  readonly window?: number;
  /** Hidden units (default 10, as problem 3(iii)). */
  readonly dim?: number;
  readonly epochs?: number;
  readonly seed?: Seed;
  readonly mapMethod?: "pca" | "tsne";
  readonly onProgress?: ProgressListener;
}

export interface Word2VecReport {
  readonly corpus: string;
  readonly tokens: number;
  readonly vocabSize: number;
  readonly pairs: number;
  readonly huffman: CodeTree;
  readonly balanced: CodeTree;
  readonly network: SoftmaxNetwork;
  /** Set 5's list: each word's nearest word, the 30 most similar (problem 3G). */
  readonly nearestPairs: readonly WordPair[];
  /** The 30 most similar ordered pairs overall, both orders of each. */
  readonly topPairs: readonly WordPair[];
  readonly patterns: PairPatterns;
  readonly markdown: string;
  /** File name (relative to the report folder) -> contents. */
  readonly files: Record<string, string>;
  readonly seconds: number;
}

/** Facts about the top pairs, counted from the data (problem 3H asks what patterns they show). */
export interface PairPatterns {
  readonly pairs: number;
  /** Pairs listed in both orders. */
  readonly mutual: number;
  /** Pairs whose words occur within `window` positions of each other somewhere in the corpus. */
  readonly cooccurring: number;
  /** Pairs whose two words each occur at most twice in the corpus. */
  readonly rare: number;
  /** Pairs whose words end in the same two letters (rhymes, in Dr. Seuss). */
  readonly sameEnding: number;
}

function pairPatterns(
  pairs: readonly WordPair[],
  ids: Int32Array,
  index: ReadonlyMap<string, number>,
  counts: Float64Array,
  window: number,
): PairPatterns {
  const near = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j <= Math.min(ids.length - 1, i + window); j++) {
      near.add(`${ids[i]},${ids[j]}`);
      near.add(`${ids[j]},${ids[i]}`);
    }
  }
  const listed = new Set(pairs.map((pair) => `${pair.a} ${pair.b}`));
  let mutual = 0;
  let cooccurring = 0;
  let rare = 0;
  let sameEnding = 0;
  for (const pair of pairs) {
    const a = index.get(pair.a)!;
    const b = index.get(pair.b)!;
    if (listed.has(`${pair.b} ${pair.a}`)) mutual++;
    if (near.has(`${a},${b}`)) cooccurring++;
    if (counts[a]! <= 2 && counts[b]! <= 2) rare++;
    if (pair.a.length >= 2 && pair.b.length >= 2 && pair.a.slice(-2) === pair.b.slice(-2)) sameEnding++;
  }
  return { pairs: pairs.length, mutual, cooccurring, rare, sameEnding };
}

const fixed = (value: number, digits: number) => value.toFixed(digits);

function pairTable(pairs: readonly WordPair[]): string {
  return [
    "| # | pair | similarity |",
    "|---:|---|---:|",
    ...pairs.map((pair, i) => `| ${i + 1} | Pair(${pair.a}, ${pair.b}) | ${fixed(pair.similarity, 8)} |`),
  ].join("\n");
}

function treeTable(huffman: CodeTree, balanced: CodeTree): string {
  const rows = huffman.words.map(
    (word, i) =>
      `| ${word} | ${huffman.counts[i]} | \`${huffman.codes[i]}\` | ${huffman.codes[i]!.length} | \`${balanced.codes[i]}\` | ${balanced.codes[i]!.length} |`,
  );
  return [
    "| word | occurrences | Huffman code | length | balanced code | length |",
    "|---|---:|---|---:|---|---:|",
    ...rows,
  ].join("\n");
}

/** Counts whitespace chunks in which the set's rule glued two words across a dash ("ago—never"). */
function dashJoins(text: string): number {
  let joins = 0;
  for (const chunk of text.split(/\s+/u)) if (/[\p{L}\p{N}][—–-]+[\p{L}\p{N}]/u.test(chunk)) joins++;
  return joins;
}

/**
 * Reruns set 5 part 3 and writes it up: problem 3B's two trees and their expected representation
 * lengths, then 3D-3G on a corpus (the set's dr_seuss.txt is not available; the default is a Moby
 * Dick excerpt): the set's tokenization, its window-2 training pairs, its network (one-hot -> 10
 * linear hidden units -> softmax) trained through @lab/nn, the two weight shapes, the top 30 pairs
 * and a 2-D map. Every statement about patterns in the text is counted from the results.
 */
export async function buildWord2VecReport(options: Word2VecReportOptions = {}): Promise<Word2VecReport> {
  const started = performance.now();
  const corpus = options.corpus ?? mobyDickCorpus();
  const window = options.window ?? 2;
  const dim = options.dim ?? 10;
  const seed = options.seed ?? 1;

  const words3b = SET5_PROBLEM_3B_FREQUENCIES.map(([word]) => word);
  const counts3b = SET5_PROBLEM_3B_FREQUENCIES.map(([, count]) => count);
  const huffman = huffmanTree(words3b, counts3b);
  const balanced = balancedTree(words3b, counts3b);

  const tokens = tokenize(corpus.text, options.tokenize);
  const vocabulary = buildVocabulary(tokens);
  const ids = encodeTokens(tokens, vocabulary);
  const pairs = generateTrainingPairs(ids, window);
  const network = await trainSoftmaxNetwork(pairs, vocabulary.words.length, {
    dim,
    seed,
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const vectors = new WordVectors(vocabulary.words, network.inputWeights, dim);
  const nearestPairs = vectors.topPairs(30, { mode: "nearest" });
  const topPairs = vectors.topPairs(30);
  const patterns = pairPatterns(nearestPairs, ids, vocabulary.index, vocabulary.counts, window);
  const map = await wordMap(vectors, {
    words: Math.min(60, vectors.size),
    counts: vocabulary.counts,
    method: options.mapMethod ?? "pca",
    seed,
    title: "Input vectors of the 60 most frequent words",
  });
  const lossPlot = await linePlot({
    series: [{ name: "training loss", x: network.epochLosses.map((_, e) => e + 1), y: network.epochLosses }],
    title: "Mean cross-entropy per epoch",
    xLabel: "epoch",
    yLabel: "nats",
  });
  const shallowDepth = Math.min(...huffman.codes.map((code) => code.length));
  const shallowest = huffman.words.filter((_, i) => huffman.codes[i]!.length === shallowDepth);
  const deepest = huffman.words.filter((_, i) => huffman.codes[i]!.length === huffman.depth);
  const singletons = vocabulary.counts.filter((count) => count === 1).length;
  const joins = dashJoins(corpus.text);
  const seconds = (performance.now() - started) / 1000;

  const markdown = [
    "# CS155 set 5, part 3: word2vec, reproduced",
    "",
    `Corpus: ${corpus.description}. The set ran on dr_seuss.txt, which is not available here; this`,
    "excerpt is small enough that the full-softmax network trains in seconds.",
    "",
    "## Problem 3B: Huffman tree against a balanced tree",
    "",
    "Codes are the paths from the root (0 = left, 1 = right); a word's representation length is the",
    "length of its code. The Huffman tree is built as word2vec.c builds it; the balanced tree has",
    `depth ⌈log2 8⌉ = ${balanced.depth} with every word at a leaf.`,
    "",
    treeTable(huffman, balanced),
    "",
    `Expected representation length, weighted by the ${counts3b.reduce((a, b) => a + b, 0)} occurrences:`,
    "",
    "| tree | expected length |",
    "|---|---:|",
    `| Huffman | ${fixed(huffman.expectedLength, 4)} (= ${Math.round(huffman.expectedLength * 73)}/73) |`,
    `| balanced, depth ${balanced.depth} | ${fixed(balanced.expectedLength, 4)} |`,
    "",
    `The Huffman tree saves ${fixed(100 * (1 - huffman.expectedLength / balanced.expectedLength), 1)}% of the path length per word: the most frequent words (${shallowest.join(", ")}) sit ${shallowDepth} edges from the root, the rarest (${deepest.join(", ")}) ${huffman.depth}.`,
    "",
    "## Problem 3D: the network",
    "",
    `Words: the set's \`load_word_list\` rule (split on whitespace, delete non-alphanumeric characters,`,
    `lowercase) gives ${tokens.length} tokens and ${vocabulary.words.length} distinct words`,
    `(${singletons} of them occur once). On this text the rule glues words joined by a dash without`,
    `spaces (${joins} chunks, e.g. "ago—never" -> "agonever"), exactly as the set's code would.`,
    "",
    `Training points (3(ii)): window s = ${window}, every (L_i, L_i+j) with 0 < |j| ≤ ${window} inside the`,
    `list: ${pairs.centers.length} pairs.`,
    "",
    `Network (3(iii)): one-hot center word -> ${dim} hidden units, no activation, no bias -> ${vectors.size}-way`,
    `softmax, cross-entropy against the context word; ${network.optimizer === "adam" ? "Adam" : "SGD"} with learning rate`,
    `${network.learningRate}, batch ${network.batchSize}, ${network.epochs} epochs, seed ${String(seed)}, trained through @lab/nn`,
    `(forward, autodiff backward and update run in onnxruntime) in ${fixed(network.seconds, 1)} s.`,
    "",
    "| epoch | mean cross-entropy (nats) |",
    "|---:|---:|",
    ...network.epochLosses.map((loss, e) => `| ${e + 1} | ${fixed(loss, 4)} |`),
    "",
    `For reference, guessing uniformly costs ln ${vectors.size} = ${fixed(Math.log(vectors.size), 4)} nats.`,
    "",
    "![training loss](training-loss.svg)",
    "",
    "## Problems 3E and 3F: weight shapes",
    "",
    `- input-to-hidden weights (the word vectors): (${network.inputWeightsShape.join(", ")})`,
    `- hidden-to-output weights: (${network.outputWeightsShape.join(", ")})`,
    "",
    "## Problem 3G: the 30 most similar pairs",
    "",
    "As the set's `most_similar_pairs`: for each word its nearest word by cosine of the input",
    "vectors, sorted by similarity. A pair appears in both orders when the two words are each",
    "other's nearest.",
    "",
    pairTable(nearestPairs),
    "",
    "The 30 most similar ordered pairs overall (every pair in both orders):",
    "",
    pairTable(topPairs),
    "",
    "## Problem 3H: patterns",
    "",
    `Of the set-style list's ${patterns.pairs} pairs, ${patterns.mutual} are listed in both orders,`,
    `${patterns.cooccurring} are words that occur within ${window} positions of each other somewhere in the`,
    `text, ${patterns.rare} join two words that occur at most twice, and ${patterns.sameEnding} end in the same`,
    "two letters. Words seen once or twice have a single context, so their vectors are pushed towards",
    "that context alone: two such words that share a neighbourhood end up almost parallel. The set's",
    "solution H saw rhymes and related meanings on Dr. Seuss, whose rhymes repeat in the same places",
    `of its lines; here ${patterns.sameEnding <= patterns.pairs / 5 ? "shared endings are rare" : "shared endings are common too"} (${patterns.sameEnding} of ${patterns.pairs}).`,
    "",
    "## Word map",
    "",
    map.method === "pca"
      ? `PCA of the input vectors of the ${map.words.length} most frequent words (the first two axes hold ${fixed(100 * map.explainedVarianceRatio![0], 1)}% and ${fixed(100 * map.explainedVarianceRatio![1], 1)}% of their variance).`
      : `t-SNE of the input vectors of the ${map.words.length} most frequent words.`,
    "",
    "![word map](word-map.svg)",
    "",
    `Report built in ${fixed(seconds, 1)} s.`,
    "",
  ].join("\n");

  return {
    corpus: corpus.description,
    tokens: tokens.length,
    vocabSize: vectors.size,
    pairs: pairs.centers.length,
    huffman,
    balanced,
    network,
    nearestPairs,
    topPairs,
    patterns,
    markdown,
    files: { "report.md": markdown, "word-map.svg": map.svg, "training-loss.svg": lossPlot },
    seconds,
  };
}
