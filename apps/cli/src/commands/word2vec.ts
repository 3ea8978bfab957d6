import { join } from "node:path";
import { readFileOrExplain, writeFileAtomic } from "@lab/core";
import {
  balancedTree,
  buildWord2VecReport,
  type Corpus,
  checkModelDirectory,
  huffmanTree,
  loadModel,
  mobyDickCorpus,
  parseFrequencies,
  SET5_PROBLEM_3B_FREQUENCIES,
  saveModel,
  type TrainingMethod,
  tokenize,
  tokenizeSentences,
  trainWord2Vec,
  type WordPair,
  wordMap,
} from "@lab/word2vec";
import { type CommandContext, defineCommand, defineGroup } from "../command.js";

const seconds = (started: number) => (performance.now() - started) / 1000;
const pairJson = (pair: WordPair) => ({ a: pair.a, b: pair.b, similarity: pair.similarity });

const tokenizerOption = {
  tokenizer: {
    type: "string",
    description:
      'strip: the set\'s rule (whitespace split, non-alphanumerics deleted: "ago—never" -> "agonever"); split: punctuation separates words',
    default: "strip",
    choices: ["strip", "split"],
  },
} as const;

/** The text to train on: --corpus, or Moby Dick from npm (said on stderr). */
async function loadCorpus(context: CommandContext, fallback: "excerpt" | "book"): Promise<Corpus> {
  const path = context.options.corpus as string | undefined;
  let corpus: Corpus;
  if (path === undefined) {
    corpus = mobyDickCorpus(fallback === "book" ? { chapters: "all" } : {});
    context.note(`data: ${corpus.description} (no --corpus given)`);
  } else {
    const bytes = await readFileOrExplain(path);
    corpus = { text: bytes.toString("utf8"), description: path };
    context.note(`data: ${path}`);
  }
  return corpus;
}

const huffmanCommand = defineCommand({
  name: "huffman",
  summary:
    "Huffman and balanced code trees of word frequencies, with expected code lengths (set 5 problem 3B)",
  options: {
    freqs: {
      type: "string",
      description: "word:count list, comma separated (default: the set's eight words)",
      valueName: "LIST",
    },
  },
  examples: [
    'pnpm lab word2vec huffman --freqs "do:18,you:4,know:7,the:20,way:9,of:4,devil:5,queen:6" --json',
  ],
  async run(context) {
    const given = context.options.freqs as string | undefined;
    if (given === undefined) context.note("data: set 5 problem 3B's table (no --freqs given)");
    const { words, counts } =
      given === undefined
        ? {
            words: SET5_PROBLEM_3B_FREQUENCIES.map(([word]) => word),
            counts: SET5_PROBLEM_3B_FREQUENCIES.map(([, count]) => count),
          }
        : parseFrequencies(given);
    const huffman = huffmanTree(words, counts);
    const balanced = balancedTree(words, counts);
    const width = Math.max(...words.map((word) => word.length));
    context.print(`${"word".padEnd(width)}  count  huffman  balanced`);
    words.forEach((word, i) => {
      context.print(
        `${word.padEnd(width)}  ${String(counts[i]).padStart(5)}  ${huffman.codes[i]!.padEnd(7)}  ${balanced.codes[i]}`,
      );
    });
    context.print(
      `expected length: Huffman ${huffman.expectedLength.toFixed(4)}, balanced ${balanced.expectedLength.toFixed(4)} (depth ${balanced.depth})`,
    );
    const codes = (tree: typeof huffman) => Object.fromEntries(words.map((word, i) => [word, tree.codes[i]]));
    return {
      huffman: { codes: codes(huffman), expected_length: huffman.expectedLength, depth: huffman.depth },
      balanced: { codes: codes(balanced), expected_length: balanced.expectedLength, depth: balanced.depth },
    };
  },
});

const trainCommand = defineCommand({
  name: "train",
  summary:
    "train word vectors (the set's softmax network, or hierarchical softmax / negative sampling) and save the model",
  training: { defaultOut: "lab-out/word2vec-model" },
  options: {
    corpus: {
      type: "path",
      description:
        "UTF-8 text (default: Moby Dick from npm; chapters 1-3 for softmax, the whole book for hs/ns)",
      valueName: "FILE",
    },
    method: {
      type: "string",
      description: "softmax (set 5's network), hs (hierarchical softmax), ns (negative sampling)",
      default: "softmax",
      choices: ["softmax", "hs", "ns"],
    },
    dim: { type: "integer", description: "vector size", default: 10, min: 1 },
    window: { type: "integer", description: "context window s", default: 2, min: 1 },
    epochs: {
      type: "integer",
      description: "passes over the text (default: 10 for softmax, 5 for hs/ns)",
      min: 1,
    },
    "min-count": { type: "integer", description: "drop words seen fewer times", default: 1, min: 1 },
    threads: {
      type: "integer",
      description:
        "hs/ns: worker threads (default 1, reproducible); softmax: onnxruntime threads (default: cores)",
      min: 1,
    },
    negative: { type: "integer", description: "noise words per pair (ns)", default: 5, min: 1 },
    sample: {
      type: "number",
      description: "subsampling threshold for hs/ns (0: off)",
      default: 1e-3,
      min: 0,
    },
    "learning-rate": {
      type: "number",
      description: "Adam's rate for softmax (default 0.01), starting α for hs/ns (default 0.025)",
      min: 0,
    },
    "map-method": {
      type: "string",
      description: "2-D map of the frequent words: pca or tsne",
      default: "pca",
      choices: ["pca", "tsne"],
    },
    ...tokenizerOption,
  },
  examples: [
    "pnpm lab word2vec train --json",
    "pnpm lab word2vec train --corpus text.txt --method ns --dim 100 --window 5 --min-count 5 --threads 2 --out lab-out/w2v",
  ],
  async run(context) {
    const started = performance.now();
    const method = context.options.method as TrainingMethod;
    await checkModelDirectory(context.outDir!);
    const corpus = await loadCorpus(context, method === "softmax" ? "excerpt" : "book");
    const tokenizeOptions = { mode: context.options.tokenizer as "strip" | "split" };
    // The set's word list runs across line ends; the engine's sentences end at line ends (gensim's LineSentence).
    const input =
      method === "softmax"
        ? tokenize(corpus.text, tokenizeOptions)
        : tokenizeSentences(corpus.text, tokenizeOptions);
    const result = await trainWord2Vec(input, {
      method,
      dim: context.options.dim as number,
      window: context.options.window as number,
      minCount: context.options["min-count"] as number,
      negative: context.options.negative as number,
      sample: context.options.sample as number,
      seed: context.seed ?? 1,
      onProgress: context.onProgress,
      ...(context.options.epochs !== undefined ? { epochs: context.options.epochs as number } : {}),
      ...(context.options.threads !== undefined ? { threads: context.options.threads as number } : {}),
      ...(context.options["learning-rate"] !== undefined
        ? { learningRate: context.options["learning-rate"] as number }
        : {}),
    });
    const topPairs = result.vectors.topPairs(30);
    const map =
      result.vectors.size >= 3 && result.dim >= 2
        ? await wordMap(result.vectors, {
            counts: result.vocabulary.counts,
            method: context.options["map-method"] as "pca" | "tsne",
            seed: context.seed ?? 1,
            onProgress: context.onProgress,
          })
        : null;
    const outDir = context.outDir!;
    const files = await saveModel(
      outDir,
      {
        vectors: result.vectors,
        counts: result.vocabulary.counts,
        metadata: {
          method,
          dim: result.dim,
          window: result.window,
          seed: context.seed ?? 1,
          corpus: corpus.description,
          epochs: result.epochs,
          min_count: context.options["min-count"] as number,
          tokenizer: tokenizeOptions.mode,
          tokens: result.tokens,
          epoch_losses: result.epochLosses,
        },
      },
      map ? { extraFiles: { "word-map.svg": map.svg } } : {},
    );
    context.print(
      `${method}: ${result.vectors.size} words × ${result.dim} dimensions from ${result.tokens} tokens, ${result.epochs} epochs in ${result.seconds.toFixed(1)} s (${Math.round(result.wordsPerSecond)} words/s)`,
    );
    context.print(
      `input weights ${result.inputWeightsShape.join(" × ")}, output weights ${result.outputWeightsShape.join(" × ")}`,
    );
    context.print("most similar pairs:");
    for (const pair of topPairs.slice(0, 10)) {
      context.print(`  Pair(${pair.a}, ${pair.b}), Similarity: ${pair.similarity.toFixed(6)}`);
    }
    context.print(`model: ${outDir}`);
    return {
      method,
      vocab_size: result.vectors.size,
      tokens: result.tokens,
      pairs: result.pairs,
      dim: result.dim,
      window: result.window,
      epochs: result.epochs,
      input_weights_shape: result.inputWeightsShape,
      output_weights_shape: result.outputWeightsShape,
      top_pairs: topPairs.map(pairJson),
      epoch_losses: result.epochLosses,
      words_per_sec: result.wordsPerSecond,
      training_seconds: result.seconds,
      engine: result.engine,
      threads: result.threads,
      data: corpus.description,
      out: outDir,
      files,
      seconds: seconds(started),
    };
  },
});

const modelOption = {
  model: {
    type: "path",
    description: "folder written by `lab word2vec train`",
    required: true,
    valueName: "DIR",
  },
  n: { type: "integer", description: "how many words", default: 10, min: 1 },
} as const;

const similarCommand = defineCommand({
  name: "similar",
  summary: "the words nearest to a word by cosine similarity",
  options: {
    ...modelOption,
    word: { type: "string", description: "the query word", required: true, valueName: "WORD" },
  },
  examples: ["pnpm lab word2vec similar --model lab-out/word2vec-model --word whale --n 10 --json"],
  async run(context) {
    const { vectors } = await loadModel(context.options.model as string);
    const word = context.options.word as string;
    const similar = vectors.mostSimilar(word, context.options.n as number);
    context.print(`nearest to "${word}":`);
    similar.forEach((entry, rank) => {
      context.print(`${String(rank + 1).padStart(3)}. ${entry.similarity.toFixed(4)}  ${entry.word}`);
    });
    return { word, similar };
  },
});

const analogyCommand = defineCommand({
  name: "analogy",
  summary: "a is to b as c is to ? (3CosAdd: nearest to b − a + c over unit vectors)",
  options: {
    ...modelOption,
    a: { type: "string", description: "first word of the known pair", required: true, valueName: "WORD" },
    b: { type: "string", description: "second word of the known pair", required: true, valueName: "WORD" },
    c: { type: "string", description: "first word of the asked pair", required: true, valueName: "WORD" },
  },
  examples: ["pnpm lab word2vec analogy --model lab-out/w2v --a man --b king --c woman --json"],
  async run(context) {
    const { vectors } = await loadModel(context.options.model as string);
    const [a, b, c] = (["a", "b", "c"] as const).map((key) => context.options[key] as string) as [
      string,
      string,
      string,
    ];
    const answers = vectors.analogy(a, b, c, context.options.n as number);
    context.print(`${a} : ${b} :: ${c} : ?`);
    answers.forEach((entry, rank) => {
      context.print(`${String(rank + 1).padStart(3)}. ${entry.similarity.toFixed(4)}  ${entry.word}`);
    });
    return { a, b, c, answers };
  },
});

const reproduceCommand = defineCommand({
  name: "reproduce",
  summary: "rerun CS155 set 5 part 3 (problems 3B, 3D-3G) and write a Markdown report with plots",
  training: { defaultOut: "lab-out/word2vec" },
  options: {
    corpus: {
      type: "path",
      description: "UTF-8 text (default: Moby Dick chapters 1-3 from npm; the set used dr_seuss.txt)",
      valueName: "FILE",
    },
    epochs: { type: "integer", description: "passes over the training pairs", default: 10, min: 1 },
    "map-method": {
      type: "string",
      description: "2-D map of the frequent words: pca or tsne",
      default: "pca",
      choices: ["pca", "tsne"],
    },
  },
  examples: [
    "pnpm lab word2vec reproduce --out lab-out/word2vec",
    "pnpm lab word2vec reproduce --corpus dr_seuss.txt --out lab-out/seuss",
  ],
  async run(context) {
    const started = performance.now();
    const corpus = await loadCorpus(context, "excerpt");
    const report = await buildWord2VecReport({
      corpus,
      epochs: context.options.epochs as number,
      seed: context.seed ?? 1,
      mapMethod: context.options["map-method"] as "pca" | "tsne",
      onProgress: context.onProgress,
    });
    const outDir = context.outDir!;
    for (const [name, contents] of Object.entries(report.files))
      await writeFileAtomic(join(outDir, name), contents);
    context.print(
      `3B expected lengths: Huffman ${report.huffman.expectedLength.toFixed(4)}, balanced ${report.balanced.expectedLength.toFixed(4)}`,
    );
    context.print(
      `3E/3F: input weights (${report.network.inputWeightsShape.join(", ")}), output weights (${report.network.outputWeightsShape.join(", ")})`,
    );
    context.print("3G (first 10):");
    for (const pair of report.nearestPairs.slice(0, 10)) {
      context.print(`  Pair(${pair.a}, ${pair.b}), Similarity: ${pair.similarity.toFixed(8)}`);
    }
    context.print(`report: ${join(outDir, "report.md")}`);
    return {
      out: outDir,
      report: join(outDir, "report.md"),
      files: Object.keys(report.files).map((name) => join(outDir, name)),
      data: report.corpus,
      tokens: report.tokens,
      vocab_size: report.vocabSize,
      pairs: report.pairs,
      huffman: {
        codes: Object.fromEntries(report.huffman.words.map((word, i) => [word, report.huffman.codes[i]])),
        expected_length: report.huffman.expectedLength,
      },
      balanced: { depth: report.balanced.depth, expected_length: report.balanced.expectedLength },
      input_weights_shape: report.network.inputWeightsShape,
      output_weights_shape: report.network.outputWeightsShape,
      epoch_losses: report.network.epochLosses,
      top_pairs: report.nearestPairs.map(pairJson),
      top_pairs_all: report.topPairs.map(pairJson),
      patterns: {
        pairs: report.patterns.pairs,
        mutual: report.patterns.mutual,
        cooccurring: report.patterns.cooccurring,
        rare: report.patterns.rare,
        same_ending: report.patterns.sameEnding,
      },
      seconds: seconds(started),
    };
  },
});

export const word2vecCommands = defineGroup({
  name: "word2vec",
  summary:
    "word vectors: set 5's softmax network, hierarchical softmax, negative sampling; queries; the set 5 part 3 report",
  commands: [huffmanCommand, trainCommand, similarCommand, analogyCommand, reproduceCommand],
});
