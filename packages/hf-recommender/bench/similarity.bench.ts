// The seed 002 recommenders' similarity work, side by side with scikit-learn 1.2 in the same run
// (issue #7): top-k Jaccard for every model against the seed's full pairwise Jaccard matrix (goal:
// at least 20× faster), KNN(6) for every model against NearestNeighbors (goal: at least 5× faster,
// same neighbours), and a single cosine query on the TF-IDF soup against scikit-learn's
// cosine_similarity of one row. Also prints what a server holds per model and each method's query
// latency. Uses the real file when LAB_DATA_DIR has hf-models/data.csv, else generated data of the
// same shape.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchmarkRow, createRng, measure, printBenchmarkRows, runPythonReference } from "@lab/core";
import { CsrMatrix, SimilarityIndex, type TopKResult } from "@lab/linalg";
import { ModelDirectory } from "../src/data/catalog.js";
import { loadCsvCatalog } from "../src/data/load.js";
import { syntheticCatalog } from "../src/data/synthetic.js";
import { encodeIndex } from "../src/index-file/index-file.js";
import { buildFeatures, type RecommenderFeatures } from "../src/recommend/features.js";
import { HfRecommender, type RecommendOptions } from "../src/recommend/recommender.js";

const JACCARD_K = 10;
const KNN_K = 6;
const LATENCY_QUERIES = 500;
const log = (line: string) => process.stderr.write(`similarity bench: ${line}\n`);
const seconds = (value: unknown) => (typeof value === "number" ? value : null);

/**
 * A one-hot matrix shaped like the seed's file when it is absent: 10,000 rows, one value each of
 * pipeline_tag (37), architectures (702), model_type (236) and library_name (29), drawn with
 * weight 1/(v+1)^skew (fitted to the real skew: the commonest library in ~75% of rows), a field
 * missing with the real file's rates.
 */
function generatedOneHot(): CsrMatrix {
  const fields = [
    { values: 37, skew: 0.6, present: 0.89 },
    { values: 702, skew: 0.8, present: 0.74 },
    { values: 236, skew: 1.0, present: 0.77 },
    { values: 29, skew: 2.5, present: 0.99 },
  ];
  const rng = createRng(2026);
  const tables = fields.map(({ values, skew }) => {
    const weights = Array.from({ length: values }, (_, v) => 1 / (v + 1) ** skew);
    const total = weights.reduce((a, b) => a + b, 0);
    let running = 0;
    return weights.map((weight) => (running += weight / total));
  });
  const sets: number[][] = [];
  for (let i = 0; i < 10_000; i++) {
    const set: number[] = [];
    let offset = 0;
    fields.forEach((field, f) => {
      if (rng.uniform() < field.present) {
        const u = rng.uniform();
        const table = tables[f]!;
        let v = 0;
        while (v < table.length - 1 && table[v]! <= u) v++;
        set.push(offset + v);
      }
      offset += field.values;
    });
    sets.push(set);
  }
  return CsrMatrix.fromRowSets(sets, totalColumns(fields));
}
const totalColumns = (fields: readonly { values: number }[]) =>
  fields.reduce((sum, field) => sum + field.values, 0);

const realFile = process.env.LAB_DATA_DIR ? join(process.env.LAB_DATA_DIR, "hf-models", "data.csv") : null;
const real = realFile !== null && existsSync(realFile);
const catalog = real ? await loadCsvCatalog(realFile!) : syntheticCatalog({ models: 10_000, seed: 1 });
const features: RecommenderFeatures = buildFeatures(catalog);
const oneHot = real ? features.oneHot.matrix : generatedOneHot();
const tieRank = real
  ? catalog.tieRank
  : new ModelDirectory(
      Array.from({ length: oneHot.rows }, (_, i) => `m${i}`),
      new Float64Array(oneHot.rows),
      "generated",
    ).tieRank;
const dataLabel = real
  ? `the seed's file (${realFile}): one-hot ${oneHot.rows} × ${oneHot.cols}, ${oneHot.nnz} ones`
  : `no LAB_DATA_DIR/hf-models: a generated one-hot ${oneHot.rows} × ${oneHot.cols} (${oneHot.nnz} ones) and a synthetic 10,000-model catalog for latency`;
log(dataLabel);

// Ours: top-10 Jaccard and KNN(6) for every row. KNN keeps each row itself, as NearestNeighbors'
// kneighbors(X) does, so both sides list the same 6.
let jaccard: TopKResult | null = null;
let knn: TopKResult | null = null;
const oursJaccard = await measure(
  () => {
    jaccard = new SimilarityIndex(oneHot, { metric: "jaccard", tieRank }).allPairs(JACCARD_K);
  },
  { warmup: 2, runs: 9 },
);
const oursKnn = await measure(
  () => {
    knn = new SimilarityIndex(oneHot, { metric: "euclidean", tieRank }).allPairs(KNN_K, {
      excludeSelf: false,
    });
  },
  { warmup: 2, runs: 9 },
);

// One cosine query on the TF-IDF soup (the search and cosine recommenders' unit of work).
const tfidf = features.text.matrix("tfidf");
const queryRows = Array.from(createRng(7).sample(catalog.size, LATENCY_QUERIES));
const cosineIndex = new SimilarityIndex(tfidf, { metric: "cosine", tieRank: catalog.tieRank });
const perQuery = (work: (row: number) => unknown) =>
  measure(
    () => {
      for (const row of queryRows) work(row);
    },
    { warmup: 1, runs: 5 },
  ).then((timing) => timing.seconds / queryRows.length);
const oursCosineQuery = await perQuery((row) =>
  cosineIndex.query({ indices: tfidf.rowIndices(row), values: tfidf.rowValues(row) }, 5, { exclude: row }),
);

// scikit-learn reads the matrices as binary files written here.
const workDir = mkdtempSync(join(tmpdir(), "hf-similarity-bench-"));
const writeArray = (name: string, array: Int32Array | Float64Array) =>
  writeFileSync(join(workDir, name), new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
writeArray("onehot.indptr", oneHot.indptr);
writeArray("onehot.indices", oneHot.indices);
writeArray("tfidf.indptr", tfidf.indptr);
writeArray("tfidf.indices", tfidf.indices);
writeArray("tfidf.values", tfidf.values);
writeArray("queries", Int32Array.from(queryRows));
const python = `
import json, sys, time
import numpy as np, scipy.sparse as sp
from sklearn.metrics import pairwise_distances
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.neighbors import NearestNeighbors
work, rows, cols, tcols, jk, kk = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
read = lambda name, dtype: np.fromfile(work + "/" + name, dtype=dtype)
indptr, indices = read("onehot.indptr", np.int32), read("onehot.indices", np.int32)
X = sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(rows, cols))
dense = X.toarray()

# The seed's Jaccard: the full pairwise matrix on the dense one-hot, then each row's top k (self excluded).
started = time.perf_counter()
similarity = 1 - pairwise_distances(dense.astype(bool), metric="jaccard")
pairwise = time.perf_counter() - started
np.fill_diagonal(similarity, -np.inf)
part = np.argpartition(-similarity, jk, axis=1)[:, :jk]
top = -np.sort(-np.take_along_axis(similarity, part, axis=1), axis=1)
jaccard_total = time.perf_counter() - started
top.tofile(work + "/jaccard.f64")
del similarity

# The seed's KNN: NearestNeighbors on the dense one-hot (default algorithm and metric), every row.
def knn():
    started = time.perf_counter()
    distances, neighbours = NearestNeighbors(n_neighbors=kk).fit(dense).kneighbors(dense)
    return distances, neighbours, time.perf_counter() - started
runs = [knn() for _ in range(3)]
runs[0][0].astype(np.float64).tofile(work + "/knn.f64")
runs[0][1].astype(np.int32).tofile(work + "/knn.i32")
knn_seconds = sorted(run[2] for run in runs)[1]

# One cosine query on the TF-IDF rows: cosine_similarity of one row against all, then the top 5.
T = sp.csr_matrix((read("tfidf.values", np.float64), read("tfidf.indices", np.int32), read("tfidf.indptr", np.int32)), shape=(rows, tcols))
queries = read("queries", np.int32)
def one(q):
    scores = cosine_similarity(T[q], T).ravel()
    scores[q] = -np.inf
    best = np.argpartition(-scores, 5)[:5]
    return best[np.argsort(-scores[best])]
for q in queries[:20]: one(q)
samples = []
for _ in range(3):
    started = time.perf_counter()
    for q in queries: one(q)
    samples.append((time.perf_counter() - started) / len(queries))
print(json.dumps({"jaccard_pairwise": pairwise, "jaccard_total": jaccard_total, "knn": knn_seconds, "cosine_query": sorted(samples)[1]}))
`;
let reference: Record<string, unknown> | null = null;
try {
  log("running scikit-learn (the pairwise Jaccard matrix takes 20 s or more)");
  reference = runPythonReference(
    python,
    [workDir, String(oneHot.rows), String(oneHot.cols), String(tfidf.cols), String(JACCARD_K), String(KNN_K)],
    ["numpy", "scipy", "sklearn"],
  );
} catch (error) {
  log(`scikit-learn reference failed: ${(error as Error).message}`);
}

/** Each nonempty row's top-k Jaccard scores against scikit-learn's (scipy calls two empty sets identical; we score them 0). */
function jaccardAgreement(): string {
  const path = join(workDir, "jaccard.f64");
  if (!jaccard || !existsSync(path)) return "not checked against scikit-learn";
  const theirs = floats(path);
  const sizes = oneHot.rowNnz();
  let compared = 0;
  let same = 0;
  for (let i = 0; i < oneHot.rows; i++) {
    if (sizes[i] === 0) continue;
    compared++;
    let ok = true;
    for (let t = 0; t < JACCARD_K; t++) {
      if (Math.abs(jaccard!.scores[i * JACCARD_K + t]! - theirs[i * JACCARD_K + t]!) > 1e-12) ok = false;
    }
    if (ok) same++;
  }
  return `${same}/${compared} nonempty rows have scikit-learn's top-${JACCARD_K} scores`;
}

/**
 * Same neighbours: per row, the 6 distances must equal scikit-learn's, and the neighbour sets must be
 * equal except among rows tied at the 6th distance (both sides then pick different equals).
 */
function knnAgreement(): string {
  const distancePath = join(workDir, "knn.f64");
  if (!knn || !existsSync(distancePath)) return "not checked against scikit-learn";
  const theirDistances = floats(distancePath);
  const bytes = readFileSync(join(workDir, "knn.i32"));
  const theirIndices = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let sameDistances = 0;
  let sameSets = 0;
  let untied = 0;
  for (let i = 0; i < oneHot.rows; i++) {
    let distancesEqual = true;
    for (let t = 0; t < KNN_K; t++) {
      if (Math.abs(knn!.scores[i * KNN_K + t]! - theirDistances[i * KNN_K + t]!) > 1e-9)
        distancesEqual = false;
    }
    if (distancesEqual) sameDistances++;
    const kth = knn!.scores[i * KNN_K + KNN_K - 1]!;
    // Rows whose 6th distance is shared by a 7th model have no unique neighbour set.
    const strictlyInside = Array.from({ length: KNN_K }, (_, t) => knn!.indices[i * KNN_K + t]!).filter(
      (_, t) => knn!.scores[i * KNN_K + t]! < kth,
    );
    const ours = new Set(Array.from({ length: KNN_K }, (_, t) => knn!.indices[i * KNN_K + t]!));
    const theirs = new Set(Array.from({ length: KNN_K }, (_, t) => theirIndices[i * KNN_K + t]!));
    if (strictlyInside.length === KNN_K - 1 || strictlyInside.every((row) => theirs.has(row))) {
      untied++;
      if ([...ours].every((row) => theirs.has(row))) sameSets++;
    }
  }
  return `${sameDistances}/${oneHot.rows} rows have scikit-learn's 6 distances; the neighbours strictly nearer than each row's 6th distance are in scikit-learn's list for ${untied}/${oneHot.rows} rows${sameSets < untied ? ` (identical sets for ${sameSets})` : ", identical sets wherever the 6th place is untied"}`;
}

function floats(path: string): Float64Array {
  const bytes = readFileSync(path);
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const jaccardNote = jaccardAgreement();
const knnNote = knnAgreement();
rmSync(workDir, { recursive: true, force: true });

// What a server holds: the index file's bytes, and the heap taken by features plus search structures.
const indexBytes = encodeIndex(features).length;
globalThis.gc?.();
const heapBefore = process.memoryUsage();
const served = buildFeatures(catalog);
const recommender = new HfRecommender(served);
const latencies: { name: string; options: RecommendOptions }[] = [
  { name: "jaccard", options: { method: "jaccard" } },
  { name: "cosine (counts)", options: { method: "cosine" } },
  { name: "cosine (tfidf)", options: { method: "cosine", features: "tfidf" } },
  { name: "knn (euclidean)", options: { method: "knn" } },
  { name: "kmeans", options: { method: "kmeans" } },
  { name: "dbscan", options: { method: "dbscan" } },
];
// First use builds each inverted index and clustering; timed queries run after.
for (const { options } of latencies) recommender.recommend(catalog.ids[0]!, options);
const heapAfter = process.memoryUsage();
const heldBytes =
  heapAfter.heapUsed + heapAfter.arrayBuffers - (heapBefore.heapUsed + heapBefore.arrayBuffers);
const memoryNote = `index file ${indexBytes} bytes = ${(indexBytes / catalog.size).toFixed(0)} bytes per model; features and all search structures in memory ≈ ${(heldBytes / catalog.size).toFixed(0)} bytes per model (heap + array buffers, ${real ? "real data" : "synthetic catalog"})`;
log(memoryNote);

const rows: BenchmarkRow[] = [
  {
    name: `top-${JACCARD_K} Jaccard for all ${oneHot.rows} models (one-hot)`,
    oursSeconds: oursJaccard.seconds,
    reference: reference
      ? "scikit-learn 1.2 pairwise_distances(jaccard) full matrix + argpartition (1 run)"
      : null,
    referenceSeconds: seconds(reference?.jaccard_total),
    note: `Goal: >= 20× faster (ours/ref <= 0.05). ${dataLabel}. scikit-learn's pairwise matrix alone: ${seconds(reference?.jaccard_pairwise)?.toFixed(2) ?? "-"} s. ${jaccardNote}.`,
  },
  {
    name: `KNN(${KNN_K}) Euclidean for all ${oneHot.rows} models (one-hot)`,
    oursSeconds: oursKnn.seconds,
    reference: reference
      ? "scikit-learn 1.2 NearestNeighbors(6).fit(X).kneighbors(X), dense X (median of 3)"
      : null,
    referenceSeconds: seconds(reference?.knn),
    note: `Goal: >= 5× faster (ours/ref <= 0.2). ${knnNote}.`,
  },
  {
    name: `one cosine top-5 query, TF-IDF soup (${tfidf.rows} × ${tfidf.cols})`,
    oursSeconds: oursCosineQuery,
    reference: reference ? "scikit-learn 1.2 cosine_similarity(T[q], T) + argpartition, per query" : null,
    referenceSeconds: seconds(reference?.cosine_query),
    note: `Median over ${LATENCY_QUERIES} seeded queries. ${memoryNote}.`,
  },
];
for (const { name, options } of latencies) {
  const latency = await perQuery((row) => recommender.recommend(catalog.ids[row]!, { ...options, n: 5 }));
  rows.push({
    name: `recommend latency: ${name}`,
    oursSeconds: latency,
    reference: null,
    referenceSeconds: null,
    note: `Per query, top 5, mean over ${LATENCY_QUERIES} seeded queries after the index/clustering was built.`,
  });
}
const search = await measure(() => recommender.search("fill-mask bert pytorch", { n: 5 }), {
  warmup: 3,
  runs: 51,
});
rows.push({
  name: 'search latency: "fill-mask bert pytorch"',
  oursSeconds: search.seconds,
  reference: null,
  referenceSeconds: null,
  note: "TF-IDF cosine over every model's soup, top 5 (median of 51).",
});
printBenchmarkRows(rows);
