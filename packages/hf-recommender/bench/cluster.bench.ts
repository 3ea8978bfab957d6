// KMeans, DBSCAN and Ward on the seed 002 one-hot matrix (10,000 models × ~1,000 columns of
// pipeline_tag, architectures, model_type, library_name), side by side with scikit-learn 1.2 and
// scipy in the same run (issue #7: at least as fast, with the same results). Uses the real file when
// LAB_DATA_DIR has hf-models (then also KMeans and DBSCAN on the soup's TF-IDF rows), else a seeded
// one-hot matrix of the same shape.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  type BenchmarkRow,
  loadHfModels,
  measure,
  printBenchmarkRows,
  Rng,
  runPythonReference,
  type Timing,
} from "@lab/core";
import { CsrMatrix, type Matrix } from "@lab/linalg";
import {
  cutTree,
  type DbscanResult,
  dbscan,
  distinctRows,
  type KMeansResult,
  kmeans,
  kmeansPlusPlus,
  type Linkage,
  linkageFromMerges,
  type WardLinkage,
  wardLinkage,
} from "../src/cluster/index.js";
import { recordFromCsvRow } from "../src/data/record.js";
import { oneHotFeatures } from "../src/features/one-hot.js";
import { soupOf } from "../src/features/soup.js";
import { TextVectorizer } from "../src/features/vectorizer.js";

const K = 10;
const N_INIT = 10;
const DBSCAN_RUNS = [
  { metric: "cosine", eps: 0.5, minPts: 2, note: "the seed's eps and min_samples, on the metric it meant" },
  {
    metric: "cosine",
    eps: 0.26,
    minPts: 5,
    note: "the recommender's default (rows differing in one field join)",
  },
  { metric: "euclidean", eps: 1.5, minPts: 5, note: "rows differing in at most one field" },
] as const;
const WARD_CUTS = [2, 10, 50, 200];
const INERTIA_SEEDS = [0, 1, 2, 3, 4];

const log = (line: string) => process.stderr.write(`cluster bench: ${line}\n`);

// ---------------------------------------------------------------------------------------------
// Data

/**
 * The package's one-hot of the four fields (src/features/one-hot.ts: multi-hot architectures, no
 * column for a missing value; 1,004 columns on the seed's file, where the seed's get_dummies over
 * stringified cells made 1,007).
 */
async function realOneHot(): Promise<{
  matrix: CsrMatrix;
  tfidf: CsrMatrix | null;
  description: string;
} | null> {
  const dataDir = process.env.LAB_DATA_DIR ? resolve(process.env.LAB_DATA_DIR) : null;
  if (!dataDir || !existsSync(join(dataDir, "hf-models", "data.csv"))) return null;
  const records = (await loadHfModels()).map(recordFromCsvRow);
  return {
    matrix: oneHotFeatures(records).matrix,
    // The soup's TF-IDF rows, which the recommender's evaluation also clusters: few repeats there.
    tfidf: TextVectorizer.fit(records.map(soupOf)).matrix("tfidf"),
    description: `real seed 002 file (${dataDir}/hf-models/data.csv), oneHotFeatures`,
  };
}

/** Four categorical fields with the real file's sizes and skew (as @lab/linalg's similarity bench). */
function syntheticOneHot(): { matrix: CsrMatrix; tfidf: CsrMatrix | null; description: string } {
  const fields = [
    { values: 37, skew: 0.6, present: 0.9 },
    { values: 705, skew: 0.8, present: 0.8 },
    { values: 236, skew: 1.0, present: 0.8 },
    { values: 29, skew: 2.5, present: 0.95 },
  ];
  const rng = new Rng(2026);
  const sets: number[][] = [];
  for (let i = 0; i < 10_000; i++) {
    const set: number[] = [];
    let offset = 0;
    for (const field of fields) {
      if (rng.uniform() < field.present) {
        set.push(
          offset +
            rng.weightedIndex(Array.from({ length: field.values }, (_, v) => 1 / (v + 1) ** field.skew)),
        );
      }
      offset += field.values;
    }
    sets.push(set);
  }
  const cols = fields.reduce((sum, field) => sum + field.values, 0);
  return {
    matrix: CsrMatrix.fromRowSets(sets, cols),
    tfidf: null,
    description: "seeded synthetic one-hot of the same shape (LAB_DATA_DIR has no hf-models)",
  };
}

const { matrix, tfidf, description } = (await realOneHot()) ?? syntheticOneHot();
const distinctCount = distinctRows(matrix).matrix.rows;
const shape = `${matrix.rows} × ${matrix.cols}, ${matrix.nnz} ones, ${distinctCount} distinct rows`;
log(`${description}: ${shape}`);

// ---------------------------------------------------------------------------------------------
// Ours

const kmeansTiming = await measure(() => kmeans(matrix, { k: K, nInit: N_INIT, seed: 0 }), {
  warmup: 1,
  runs: 5,
});
/** Best-of-10 inertia for a few seeds on each side: single seeds differ by luck, the spread should not. */
const oursInertias = INERTIA_SEEDS.map((seed) => kmeans(matrix, { k: K, nInit: N_INIT, seed }).inertia);
const init = kmeansPlusPlus(matrix, { k: K, seed: 7 });
const oursFixed = kmeans(matrix, { k: K, init });
const kmeansAllRows = await measure(() => kmeans(matrix, { k: K, nInit: N_INIT, seed: 0, dedupe: false }), {
  warmup: 1,
  runs: 3,
});

const oursDbscan = [];
for (const run of DBSCAN_RUNS) {
  const options = { eps: run.eps, minPts: run.minPts, metric: run.metric };
  const timing = await measure(() => dbscan(matrix, options), { warmup: 1, runs: 5 });
  const allRows = await measure(() => dbscan(matrix, { ...options, dedupe: false }), { warmup: 0, runs: 1 });
  oursDbscan.push({ run, timing, allRows, result: dbscan(matrix, options) });
}

let tfidfInit: Matrix | null = null;
let tfidfRuns: {
  kmeans: Timing;
  bestInertia: number;
  fixed: KMeansResult;
  dbscanTiming: Timing;
  dbscan: DbscanResult;
} | null = null;
if (tfidf) {
  log("KMeans and DBSCAN on the soup's TF-IDF rows");
  tfidfInit = kmeansPlusPlus(tfidf, { k: K, seed: 7 });
  const kmeansTfidf = await measure(() => kmeans(tfidf, { k: K, nInit: N_INIT, seed: 0 }), {
    warmup: 1,
    runs: 3,
  });
  const dbscanTfidf = await measure(() => dbscan(tfidf, { eps: 0.26, minPts: 5 }), { warmup: 1, runs: 3 });
  tfidfRuns = {
    kmeans: kmeansTfidf,
    bestInertia: kmeans(tfidf, { k: K, nInit: N_INIT, seed: 0 }).inertia,
    fixed: kmeans(tfidf, { k: K, init: tfidfInit }),
    dbscanTiming: dbscanTfidf,
    dbscan: dbscan(tfidf, { eps: 0.26, minPts: 5 }),
  };
}

const wardTiming = await measure(() => wardLinkage(matrix), { warmup: 1, runs: 5 });
const oursWard = wardLinkage(matrix);
log("Ward on all rows without de-duplication (float64, then float32, condensed matrix)");
let oursWardAll64: WardLinkage | null = null;
const wardAll64Timing = await measure(
  () => {
    oursWardAll64 = wardLinkage(matrix, { dedupe: false, precision: "float64" });
  },
  { warmup: 0, runs: 1 },
);
let oursWardAll32: WardLinkage | null = null;
const wardAll32Timing = await measure(
  () => {
    oursWardAll32 = wardLinkage(matrix, { dedupe: false, precision: "float32" });
  },
  { warmup: 0, runs: 1 },
);
// Ties are everywhere in one-hot data, and the chain breaks them by row order: the same algorithm on
// the rows in another order shows how far two equally valid Ward trees of this data lie apart.
log("Ward on all rows in a shuffled order");
const permutation = new Rng(99).permutation(matrix.rows);
const shuffled = selectRowsInOrder(matrix, permutation);
const shuffledWard = wardLinkage(shuffled, { dedupe: false, precision: "float64" });

// ---------------------------------------------------------------------------------------------
// scikit-learn / scipy, same matrix, same process run

const workDir = mkdtempSync(join(tmpdir(), "lab-cluster-bench-"));
writeFileSync(join(workDir, "pairs.i32"), rowColumnPairs(matrix));
writeFileSync(join(workDir, "init.f64"), init.data);
if (tfidf) {
  writeFileSync(join(workDir, "tfidf-indptr.i32"), tfidf.indptr);
  writeFileSync(join(workDir, "tfidf-indices.i32"), tfidf.indices);
  writeFileSync(join(workDir, "tfidf-values.f64"), tfidf.values);
  writeFileSync(join(workDir, "tfidf-init.f64"), tfidfInit!.data);
}
const python = `
import json, sys, time
import numpy as np, scipy.sparse as sp
from scipy.cluster.hierarchy import linkage
from sklearn.cluster import DBSCAN, KMeans
work, rows, cols, k, n_init = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
dbscan_runs = json.loads(sys.argv[6])
tfidf_shape = json.loads(sys.argv[7])
pairs = np.fromfile(work + "/pairs.i32", dtype=np.int32).reshape(-1, 2)
X = sp.csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(rows, cols))
result = {}

def timed(fit, runs):
    times, model = [], None
    for _ in range(runs):
        started = time.perf_counter()
        model = fit()
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2], model

seconds, model = timed(lambda: KMeans(n_clusters=k, n_init=n_init, random_state=0).fit(X), 3)
inertias = [float(KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(X).inertia_) for seed in range(5)]
result["kmeans"] = {"seconds": seconds, "inertias": inertias}

init = np.fromfile(work + "/init.f64", dtype=np.float64).reshape(k, cols)
fixed = KMeans(n_clusters=k, init=init, n_init=1).fit(X)
fixed.labels_.astype(np.int32).tofile(work + "/kmeans-fixed.i32")
result["kmeans_fixed"] = {"inertia": float(fixed.inertia_), "iterations": int(fixed.n_iter_),
                          "centroids": fixed.cluster_centers_.ravel().tolist()}

result["dbscan"] = []
for index, run in enumerate(dbscan_runs):
    seconds, model = timed(lambda: DBSCAN(eps=run["eps"], min_samples=run["minPts"], metric=run["metric"]).fit(X), 3)
    model.labels_.astype(np.int32).tofile(work + "/dbscan-%d.i32" % index)
    result["dbscan"].append({"seconds": seconds})

dense = X.toarray()
started = time.perf_counter()
Z = linkage(dense, method="ward")
result["ward"] = {"seconds": time.perf_counter() - started}
Z.astype(np.float64).tofile(work + "/ward.f64")
if tfidf_shape:
    T = sp.csr_matrix((np.fromfile(work + "/tfidf-values.f64"), np.fromfile(work + "/tfidf-indices.i32", dtype=np.int32),
                       np.fromfile(work + "/tfidf-indptr.i32", dtype=np.int32)), shape=tuple(tfidf_shape))
    seconds, model = timed(lambda: KMeans(n_clusters=k, n_init=n_init, random_state=0).fit(T), 3)
    from threadpoolctl import threadpool_limits
    with threadpool_limits(limits=1, user_api="openmp"):
        one_thread, _ = timed(lambda: KMeans(n_clusters=k, n_init=n_init, random_state=0).fit(T), 3)
    init = np.fromfile(work + "/tfidf-init.f64", dtype=np.float64).reshape(k, T.shape[1])
    fixed = KMeans(n_clusters=k, init=init, n_init=1).fit(T)
    fixed.labels_.astype(np.int32).tofile(work + "/tfidf-kmeans-fixed.i32")
    db_seconds, db = timed(lambda: DBSCAN(eps=0.26, min_samples=5, metric="cosine").fit(T), 3)
    db.labels_.astype(np.int32).tofile(work + "/tfidf-dbscan.i32")
    result["tfidf"] = {"kmeans": seconds, "kmeans_one_thread": one_thread, "inertia": float(model.inertia_), "fixed_inertia": float(fixed.inertia_),
                       "fixed_iterations": int(fixed.n_iter_), "dbscan": db_seconds}
print(json.dumps(result))
`;
let reference: Record<string, unknown> | null = null;
try {
  log("running scikit-learn and scipy (scipy's Ward on 10,000 dense rows takes a while)");
  reference = runPythonReference(
    python,
    [
      workDir,
      String(matrix.rows),
      String(matrix.cols),
      String(K),
      String(N_INIT),
      JSON.stringify(DBSCAN_RUNS.map(({ metric, eps, minPts }) => ({ metric, eps, minPts }))),
      JSON.stringify(tfidf ? [tfidf.rows, tfidf.cols] : null),
    ],
    ["numpy", "scipy", "sklearn"],
  );
} catch (error) {
  log(`reference failed: ${(error as Error).message}`);
}

interface Reference {
  kmeans: { seconds: number; inertias: number[] };
  kmeans_fixed: { inertia: number; iterations: number; centroids: number[] };
  dbscan: { seconds: number }[];
  ward: { seconds: number };
  tfidf?: {
    kmeans: number;
    kmeans_one_thread: number;
    inertia: number;
    fixed_inertia: number;
    fixed_iterations: number;
    dbscan: number;
  };
}
const ref = reference as unknown as Reference | null;
const readInt32 = (name: string) => {
  const bytes = readFileSync(join(workDir, name));
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};

// ---------------------------------------------------------------------------------------------
// Comparison

const rows: BenchmarkRow[] = [];
const data = `${description}: ${shape}`;

{
  let agreement = "not compared (no reference)";
  if (ref) {
    const theirLabels = readInt32("kmeans-fixed.i32");
    const same = samePartition(oursFixed.labels, theirLabels);
    let centroidGap = 0;
    ref.kmeans_fixed.centroids.forEach((value, t) => {
      centroidGap = Math.max(centroidGap, Math.abs(value - oursFixed.centroids.data[t]!));
    });
    agreement =
      `from the same k-means++ centroids (ours, seed 7) passed to scikit-learn as init: ${same ? "identical labels" : `labels differ on ${disagreements(oursFixed.labels, theirLabels)} rows`}, ` +
      `inertia ${oursFixed.inertia.toFixed(4)} vs ${ref.kmeans_fixed.inertia.toFixed(4)}, iterations ${oursFixed.iterations} vs ${ref.kmeans_fixed.iterations}, largest centroid difference ${centroidGap.toExponential(1)}; ` +
      `best of ${N_INIT} k-means++ starts, seeds 0-4 on each side: inertia ${describeInertias(oursInertias)} (ours) vs ${describeInertias(ref.kmeans.inertias)} (scikit-learn)`;
  }
  rows.push({
    name: `KMeans(k=${K}, n_init=${N_INIT}), HF one-hot`,
    oursSeconds: kmeansTiming.seconds,
    reference: ref
      ? "scikit-learn 1.2 KMeans(n_clusters=10, n_init=10) on the sparse matrix (median of 3)"
      : null,
    referenceSeconds: ref?.kmeans.seconds ?? null,
    note: `${data}. Goal (issue #7): ours/ref <= 1 with the same results. ${agreement}. Without de-duplication ours takes ${kmeansAllRows.seconds.toFixed(3)} s.`,
  });
}

oursDbscan.forEach(({ run, timing, allRows, result }, index) => {
  let agreement = "not compared (no reference)";
  if (ref) {
    const theirs = readInt32(`dbscan-${index}.i32`);
    const identical = result.labels.every((label, i) => label === theirs[i]);
    agreement = identical
      ? `labels identical to scikit-learn's, cluster numbers included (${result.clusters} clusters, ${result.noise} noise rows)`
      : `labels differ from scikit-learn's on ${disagreements(result.labels, theirs)} rows (same partition up to relabelling: ${samePartition(result.labels, theirs)})`;
  }
  rows.push({
    name: `DBSCAN(${run.metric}, eps=${run.eps}, minPts=${run.minPts}), HF one-hot`,
    oursSeconds: timing.seconds,
    reference: ref
      ? `scikit-learn 1.2 DBSCAN(metric="${run.metric}") on the sparse matrix (median of 3)`
      : null,
    referenceSeconds: ref?.dbscan[index]?.seconds ?? null,
    note: `${data}; ${run.note}. Goal (issue #7): ours/ref <= 1 with the same clusters. ${agreement}. Without de-duplication ours takes ${allRows.seconds.toFixed(3)} s.`,
  });
});

{
  const all64 = oursWardAll64 as WardLinkage | null;
  const all32 = oursWardAll32 as WardLinkage | null;
  let scipyLinkage: Linkage | null = null;
  if (ref) scipyLinkage = readScipyLinkage(join(workDir, "ward.f64"), matrix.rows);
  const shuffledBack = unshuffledCuts(shuffledWard, permutation);
  const scipyNote = `scipy's condensed matrix is ${((matrix.rows * (matrix.rows - 1)) / 2 / 2 ** 17).toFixed(0)} MiB`;
  rows.push(
    {
      name: "Ward linkage, all 10,000 rows, HF one-hot",
      oursSeconds: wardTiming.seconds,
      reference: ref ? "scipy linkage(X.toarray(), 'ward') (scikit-learn's ward_tree calls it), 1 run" : null,
      referenceSeconds: ref?.ward.seconds ?? null,
      note:
        `${data}. Nearest-neighbour chain over the ${oursWard.clusteredRows} distinct rows weighted by multiplicity (${oursWard.precision} condensed matrix, ${(oursWard.matrixBytes / 2 ** 20).toFixed(1)} MiB; ${scipyNote}). ` +
        (scipyLinkage
          ? `Against scipy: ${compareWard(oursWard, scipyLinkage)}. For scale, scipy's own algorithm on the same rows in a shuffled order: ${compareWardCuts(shuffledBack, scipyLinkage)}`
          : "Not compared (no reference)"),
    },
    {
      name: "Ward linkage, all rows without de-duplication (float64), HF one-hot",
      oursSeconds: wardAll64Timing.seconds,
      reference: ref ? "scipy linkage(X.toarray(), 'ward'), same run as above" : null,
      referenceSeconds: ref?.ward.seconds ?? null,
      note:
        `The chain over all ${all64!.clusteredRows} rows, float64 condensed matrix of ${(all64!.matrixBytes / 2 ** 20).toFixed(0)} MiB (what scipy allocates). ` +
        (scipyLinkage
          ? `Against scipy: ${identicalLinkage(all64!, scipyLinkage)}`
          : "Not compared (no reference)"),
    },
    {
      name: "Ward linkage, all rows without de-duplication (float32), HF one-hot",
      oursSeconds: wardAll32Timing.seconds,
      reference: ref ? "scipy linkage(X.toarray(), 'ward'), same run as above" : null,
      referenceSeconds: ref?.ward.seconds ?? null,
      note:
        `float32 condensed matrix of ${(all32!.matrixBytes / 2 ** 20).toFixed(0)} MiB, what "auto" picks for 10,000 distinct rows. ` +
        (scipyLinkage
          ? `Against scipy: ${compareWard(all32!, scipyLinkage)}`
          : "Not compared (no reference)"),
    },
  );
}
if (tfidf && tfidfRuns) {
  const tfidfData = `soup TF-IDF rows: ${tfidf.rows} × ${tfidf.cols}, ${tfidf.nnz} nonzeros, ${distinctRows(tfidf).matrix.rows} distinct rows`;
  const theirs = ref?.tfidf;
  let kmeansAgreement = "not compared (no reference)";
  let dbscanAgreement = kmeansAgreement;
  if (theirs) {
    const fixedLabels = readInt32("tfidf-kmeans-fixed.i32");
    kmeansAgreement =
      `from the same k-means++ centroids: ${samePartition(tfidfRuns.fixed.labels, fixedLabels) ? "identical labels" : `labels differ on ${disagreements(tfidfRuns.fixed.labels, fixedLabels)} rows`}, ` +
      `inertia ${tfidfRuns.fixed.inertia.toFixed(4)} vs ${theirs.fixed_inertia.toFixed(4)}, iterations ${tfidfRuns.fixed.iterations} vs ${theirs.fixed_iterations}; ` +
      `best of ${N_INIT} starts: inertia ${tfidfRuns.bestInertia.toFixed(4)} (ours, seed 0) vs ${theirs.inertia.toFixed(4)} (scikit-learn, random_state 0)`;
    const dbLabels = readInt32("tfidf-dbscan.i32");
    const identical = tfidfRuns.dbscan.labels.every((label, i) => label === dbLabels[i]);
    dbscanAgreement = identical
      ? `labels identical to scikit-learn's (${tfidfRuns.dbscan.clusters} clusters, ${tfidfRuns.dbscan.noise} noise rows)`
      : `labels differ from scikit-learn's on ${disagreements(tfidfRuns.dbscan.labels, dbLabels)} rows`;
  }
  rows.push(
    {
      name: `KMeans(k=${K}, n_init=${N_INIT}), HF soup TF-IDF`,
      oursSeconds: tfidfRuns.kmeans.seconds,
      reference: theirs
        ? "scikit-learn 1.2 KMeans(n_clusters=10, n_init=10) on the sparse TF-IDF, its default 2 OpenMP threads (median of 3)"
        : null,
      referenceSeconds: theirs?.kmeans ?? null,
      note: `${tfidfData}. Ours runs on one thread; scikit-learn limited to one thread took ${theirs ? theirs.kmeans_one_thread.toFixed(3) : "-"} s. Few rows repeat here, so de-duplication saves little; distance bounds skip the rows that cannot change cluster and sums move only rows that do. ${kmeansAgreement}.`,
    },
    {
      name: "DBSCAN(cosine, eps=0.26, minPts=5), HF soup TF-IDF",
      oursSeconds: tfidfRuns.dbscanTiming.seconds,
      reference: theirs
        ? 'scikit-learn 1.2 DBSCAN(metric="cosine") on the sparse TF-IDF (median of 3)'
        : null,
      referenceSeconds: theirs?.dbscan ?? null,
      note: `${tfidfData}. ${dbscanAgreement}.`,
    },
  );
}
rmSync(workDir, { recursive: true, force: true });
printBenchmarkRows(rows);

// ---------------------------------------------------------------------------------------------

function rowColumnPairs(sparse: CsrMatrix): Int32Array {
  const pairs = new Int32Array(2 * sparse.nnz);
  for (let i = 0, t = 0; i < sparse.rows; i++) {
    for (const col of sparse.rowIndices(i)) {
      pairs[t++] = i;
      pairs[t++] = col;
    }
  }
  return pairs;
}

function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((forward.has(x) && forward.get(x) !== y) || (backward.has(y) && backward.get(y) !== x)) return false;
    forward.set(x, y);
    backward.set(y, x);
  }
  return true;
}

/** Rows whose label differs after matching each of our clusters to the reference cluster it overlaps most. */
function disagreements(ours: ArrayLike<number>, theirs: ArrayLike<number>): number {
  const overlap = new Map<string, number>();
  for (let i = 0; i < ours.length; i++) {
    const key = `${ours[i]},${theirs[i]}`;
    overlap.set(key, (overlap.get(key) ?? 0) + 1);
  }
  const best = new Map<number, number>();
  const bestCount = new Map<number, number>();
  for (const [key, count] of overlap) {
    const [a, b] = key.split(",").map(Number) as [number, number];
    if (count > (bestCount.get(a) ?? -1)) {
      bestCount.set(a, count);
      best.set(a, b);
    }
  }
  let wrong = 0;
  for (let i = 0; i < ours.length; i++) if (best.get(ours[i]!) !== theirs[i]) wrong++;
  return wrong;
}

function readScipyLinkage(path: string, n: number): Linkage {
  const bytes = readFileSync(path);
  const z = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const count = n - 1;
  const a = new Int32Array(count);
  const b = new Int32Array(count);
  const heights = new Float64Array(count);
  // Re-deriving the linkage from scipy's rows keeps its cluster ids (they are already sorted and
  // labelled), and gives cutTree the same input type as ours.
  const members = new Int32Array(2 * n - 1);
  for (let i = 0; i < n; i++) members[i] = i;
  for (let t = 0; t < count; t++) {
    const left = z[4 * t]!;
    const right = z[4 * t + 1]!;
    a[t] = members[left]!;
    b[t] = members[right]!;
    members[n + t] = members[left]!;
    heights[t] = z[4 * t + 2]!;
  }
  return linkageFromMerges(n, a, b, heights);
}

/** Total within-cluster sum of squares of a partition: what Ward's merges greedily keep small. */
function withinClusterSquares(sparse: CsrMatrix, labels: Int32Array): number {
  const sums = new Map<number, Map<number, number>>();
  const sizes = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < sparse.rows; i++) {
    const label = labels[i]!;
    sizes.set(label, (sizes.get(label) ?? 0) + 1);
    const columns = sums.get(label) ?? new Map<number, number>();
    sums.set(label, columns);
    const values = sparse.rowValues(i);
    sparse.rowIndices(i).forEach((col, t) => {
      columns.set(col, (columns.get(col) ?? 0) + values[t]!);
      total += values[t]! * values[t]!;
    });
  }
  for (const [label, columns] of sums) {
    let squared = 0;
    for (const value of columns.values()) squared += value * value;
    total -= squared / sizes.get(label)!;
  }
  return total;
}

function compareWardCuts(ours: (k: number) => Int32Array, theirs: Linkage): string {
  return WARD_CUTS.map((k) => {
    const a = ours(k);
    const b = cutTree(theirs, { clusters: k });
    const same = samePartition(a, b);
    const squares = `within-cluster sum of squares ${withinClusterSquares(matrix, a).toFixed(1)} vs ${withinClusterSquares(matrix, b).toFixed(1)}`;
    return same ? `k=${k} same clusters` : `k=${k} differs on ${disagreements(a, b)} rows (${squares})`;
  }).join("; ");
}

function compareWard(ours: Linkage, theirs: Linkage): string {
  let largest = 0;
  for (let t = 0; t < ours.distances.length; t++) {
    const scale = Math.max(1, Math.abs(theirs.distances[t]!));
    largest = Math.max(largest, Math.abs(ours.distances[t]! - theirs.distances[t]!) / scale);
  }
  return `largest relative difference between the sorted merge heights ${largest.toExponential(1)}; cuts: ${compareWardCuts((k) => cutTree(ours, { clusters: k }), theirs)}`;
}

function identicalLinkage(ours: Linkage, theirs: Linkage): string {
  let differing = 0;
  for (let t = 0; t < ours.distances.length; t++) {
    if (
      ours.left[t] !== theirs.left[t] ||
      ours.right[t] !== theirs.right[t] ||
      ours.distances[t] !== theirs.distances[t] ||
      ours.sizes[t] !== theirs.sizes[t]
    )
      differing++;
  }
  return differing === 0
    ? `identical linkage, all ${ours.distances.length} merges (ids, heights bit for bit, sizes)`
    : `${differing} of ${ours.distances.length} merges differ`;
}

/** Cuts of a linkage computed on permuted rows, with labels put back in the original row order. */
function unshuffledCuts(linkage: Linkage, order: Uint32Array): (k: number) => Int32Array {
  return (k) => {
    const shuffledLabels = cutTree(linkage, { clusters: k });
    const labels = new Int32Array(order.length);
    for (let p = 0; p < order.length; p++) labels[order[p]!] = shuffledLabels[p]!;
    return labels;
  };
}

function selectRowsInOrder(sparse: CsrMatrix, order: Uint32Array): CsrMatrix {
  const sets = Array.from(order, (i) => Array.from(sparse.rowIndices(i)));
  return CsrMatrix.fromRowSets(sets, sparse.cols);
}

function describeInertias(values: readonly number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `mean ${mean.toFixed(1)} (${values.map((v) => v.toFixed(1)).join(", ")})`;
}
