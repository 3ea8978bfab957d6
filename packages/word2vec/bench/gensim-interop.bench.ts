// Interoperability with gensim 4.2 (Debian python3-gensim at /usr/bin/python3), and IO speed.
// 1. Our word2vec binary and text files (vectors trained on Moby Dick by negative sampling, plus
//    words with accents, apostrophes and symbols) are loaded by gensim's
//    KeyedVectors.load_word2vec_format and compared value for value with our float32 vectors;
//    gensim's most_similar and analogy (most_similar(positive=[b, c], negative=[a])) on them are
//    compared with ours.
// 2. gensim writes its own binary (no newline after vectors) and text (numpy repr) files from
//    seeded random vectors; we read them and compare with the raw float32 gensim dumps.
// 3. Reading and writing a 30,000 × 100 file, ours against gensim's load/save in the same run.
// Any mismatch makes this script exit non-zero, so `pnpm bench word2vec` reports it as failed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchmarkRow, createRng, measure, printBenchmarkRows, runPythonReference } from "@lab/core";
import { mobyDickCorpus } from "../src/corpus.js";
import { readWord2Vec, writeWord2Vec } from "../src/io/word2vec-format.js";
import { tokenizeSentences } from "../src/text.js";
import { WordVectors } from "../src/vectors.js";
import { trainWord2Vec } from "../src/word2vec.js";

const work = mkdtempSync(join(tmpdir(), "lab-word2vec-interop-"));
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) failures.push(what);
};

// 1. Ours -> gensim.
const corpus = mobyDickCorpus({ chapters: "all" });
const trained = await trainWord2Vec(tokenizeSentences(corpus.text, { by: "sentence" }), {
  method: "ns",
  dim: 50,
  window: 5,
  minCount: 5,
  epochs: 3,
  seed: 1,
});
const odd = ["naïve", "whale's", "£10", "日本", "a:b", "x_y"];
const rng = createRng(5);
const oddValues = Float32Array.from({ length: odd.length * 50 }, () => rng.normal() * 10 ** (rng.int(9) - 4));
const oddValuesWithEdgeCases = oddValues.slice();
oddValuesWithEdgeCases[0] = Math.fround(1e-30);
oddValuesWithEdgeCases[1] = Math.fround(3e15);
const ours = new WordVectors(
  [...trained.vectors.words, ...odd],
  Float32Array.from([...trained.vectors.vectors, ...oddValuesWithEdgeCases]),
  50,
);
await writeWord2Vec(join(work, "ours.bin"), ours, { format: "binary" });
await writeWord2Vec(join(work, "ours.txt"), ours, { format: "text" });
writeFileSync(join(work, "ours.f32"), ours.vectors);
writeFileSync(join(work, "ours.json"), JSON.stringify(ours.words));
const QUERIES = ["whale", "ship", "sea", "captain", "boat"];
const ANALOGIES: [string, string, string][] = [
  ["ship", "ships", "whale"],
  ["ahab", "captain", "starbuck"],
];
const ourSimilar = QUERIES.map((word) => ours.mostSimilar(word, 10));
const ourAnalogies = ANALOGIES.map(([a, b, c]) => ours.analogy(a, b, c, 10));

// 2. gensim -> ours, and 3. timing.
const big = 30_000;
const bigDim = 100;
const python = `
import json, sys, time
import numpy as np
from gensim.models import KeyedVectors
work, queries, analogies, big, dim = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
words = json.load(open(work + "/ours.json", encoding="utf8"))
raw = np.fromfile(work + "/ours.f32", dtype=np.float32).reshape(len(words), -1)
result = {}
for kind, binary in (("bin", True), ("txt", False)):
    kv = KeyedVectors.load_word2vec_format(work + "/ours." + kind, binary=binary)
    result[kind] = {
        "words_equal": kv.index_to_key == words,
        "max_abs_diff": float(np.max(np.abs(kv.vectors - raw))),
        "bit_equal": bool(np.array_equal(kv.vectors.view(np.uint32), raw.view(np.uint32))),
    }
kv = KeyedVectors.load_word2vec_format(work + "/ours.bin", binary=True)
result["similar"] = [kv.most_similar(q, topn=10) for q in queries]
result["analogies"] = [kv.most_similar(positive=[b, c], negative=[a], topn=10) for a, b, c in analogies]

rng = np.random.default_rng(7)
gen = KeyedVectors(vector_size=dim)
keys = ["w%d" % i for i in range(big - 3)] + ["café", "don't", "µ"]
gen.add_vectors(keys, (rng.standard_normal((big, dim)) * 0.3).astype(np.float32))
gen.vectors.tofile(work + "/gensim.f32")
json.dump(keys, open(work + "/gensim.json", "w", encoding="utf8"))
def timed(fn, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2]
result["save_bin"] = timed(lambda: gen.save_word2vec_format(work + "/gensim.bin", binary=True))
result["save_txt"] = timed(lambda: gen.save_word2vec_format(work + "/gensim.txt", binary=False))
result["load_bin"] = timed(lambda: KeyedVectors.load_word2vec_format(work + "/gensim.bin", binary=True))
result["load_txt"] = timed(lambda: KeyedVectors.load_word2vec_format(work + "/gensim.txt", binary=False))
print(json.dumps(result))
`;
const reference = runPythonReference(
  python,
  [work, JSON.stringify(QUERIES), JSON.stringify(ANALOGIES), String(big), String(bigDim)],
  ["numpy", "gensim"],
);

const rows: BenchmarkRow[] = [];
if (reference === null) {
  process.stderr.write(
    "gensim-interop: /usr/bin/python3 with gensim is not available; interoperability not checked\n",
  );
  rows.push({
    name: "word2vec files: gensim interoperability",
    oursSeconds: 0,
    reference: null,
    referenceSeconds: null,
    note: "not checked: /usr/bin/python3 with numpy and gensim is missing",
  });
} else {
  type Loaded = { words_equal: boolean; max_abs_diff: number; bit_equal: boolean };
  const summary: string[] = [];
  for (const kind of ["bin", "txt"] as const) {
    const loaded = reference[kind] as Loaded;
    check(loaded.words_equal, `gensim read different words from ours.${kind}`);
    check(loaded.bit_equal, `gensim's vectors from ours.${kind} differ (max |diff| ${loaded.max_abs_diff})`);
    summary.push(
      `gensim reads our .${kind}: words equal ${loaded.words_equal}, float32 bit-identical ${loaded.bit_equal}`,
    );
  }
  // Queries: the same neighbours in the same order, similarities within float32 rounding.
  const compare = (
    label: string,
    mine: { word: string; similarity: number }[],
    theirs: [string, number][],
  ) => {
    let maxDiff = 0;
    let sameOrder = true;
    mine.forEach((entry, t) => {
      const [word, similarity] = theirs[t]!;
      maxDiff = Math.max(maxDiff, Math.abs(entry.similarity - similarity));
      // Neighbours whose similarities differ by float rounding only may swap places.
      if (entry.word !== word && Math.abs(entry.similarity - similarity) > 1e-6) sameOrder = false;
    });
    check(
      sameOrder && maxDiff < 1e-5,
      `${label}: ours ${JSON.stringify(mine.slice(0, 3))} vs gensim ${JSON.stringify(theirs.slice(0, 3))}`,
    );
    return maxDiff;
  };
  let querySimilarityDiff = 0;
  QUERIES.forEach((word, q) => {
    querySimilarityDiff = Math.max(
      querySimilarityDiff,
      compare(`most_similar(${word})`, ourSimilar[q]!, (reference.similar as [string, number][][])[q]!),
    );
  });
  ANALOGIES.forEach(([a, b, c], q) => {
    querySimilarityDiff = Math.max(
      querySimilarityDiff,
      compare(`analogy ${a}:${b}::${c}`, ourAnalogies[q]!, (reference.analogies as [string, number][][])[q]!),
    );
  });
  summary.push(
    `most_similar and 3CosAdd analogies agree with gensim's (max |similarity diff| ${querySimilarityDiff.toExponential(1)})`,
  );

  const gensimWords = JSON.parse(readFileSync(join(work, "gensim.json"), "utf8")) as string[];
  const gensimRaw = new Float32Array(new Uint8Array(readFileSync(join(work, "gensim.f32"))).buffer);
  for (const kind of ["bin", "txt"] as const) {
    const back = await readWord2Vec(join(work, `gensim.${kind}`));
    const wordsEqual =
      back.words.length === gensimWords.length && back.words.every((w, i) => w === gensimWords[i]);
    let bitEqual = back.vectors.length === gensimRaw.length;
    for (let i = 0; bitEqual && i < gensimRaw.length; i++)
      bitEqual = Object.is(back.vectors[i], gensimRaw[i]);
    check(wordsEqual, `we read different words from gensim.${kind}`);
    check(bitEqual, `our vectors from gensim.${kind} differ from gensim's`);
    summary.push(`we read gensim's .${kind}: words equal ${wordsEqual}, float32 bit-identical ${bitEqual}`);
  }
  process.stderr.write(`gensim-interop: ${summary.join("; ")}\n`);

  // 3. Timing on gensim's 30,000 × 100 vectors: write them ourselves, read gensim's files.
  const bigVectors = new WordVectors(gensimWords, gensimRaw, bigDim);
  const runs = { warmup: 1, runs: 3 } as const;
  const writeBin = await measure(
    () => writeWord2Vec(join(work, "ours-big.bin"), bigVectors, { format: "binary" }),
    runs,
  );
  const writeTxt = await measure(
    () => writeWord2Vec(join(work, "ours-big.txt"), bigVectors, { format: "text" }),
    runs,
  );
  const readBin = await measure(() => readWord2Vec(join(work, "gensim.bin")), runs);
  const readTxt = await measure(() => readWord2Vec(join(work, "gensim.txt")), runs);
  const size = `${big} × ${bigDim}`;
  // The interoperability summary is printed once, under the first row, not under each.
  const row = (name: string, ours: number, what: string, theirs: number): BenchmarkRow => ({
    name,
    oursSeconds: ours,
    reference: `gensim 4.2 ${what} (median of 3)`,
    referenceSeconds: theirs,
    ...(name.startsWith("write word2vec binary") ? { note: summary.join("; ") } : {}),
  });
  rows.push(
    row(
      `write word2vec binary, ${size}`,
      writeBin.seconds,
      "save_word2vec_format(binary=True)",
      reference.save_bin as number,
    ),
    row(
      `write word2vec text, ${size}`,
      writeTxt.seconds,
      "save_word2vec_format(binary=False)",
      reference.save_txt as number,
    ),
    row(
      `read word2vec binary, ${size}`,
      readBin.seconds,
      "load_word2vec_format(binary=True)",
      reference.load_bin as number,
    ),
    row(
      `read word2vec text, ${size}`,
      readTxt.seconds,
      "load_word2vec_format(binary=False)",
      reference.load_txt as number,
    ),
  );
}
rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  process.stderr.write(`gensim-interop: FAILED\n  ${failures.join("\n  ")}\n`);
  process.exit(1);
}
printBenchmarkRows(rows);
