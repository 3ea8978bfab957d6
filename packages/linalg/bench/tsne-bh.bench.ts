// Barnes–Hut t-SNE in 2-D on seeded clustered 50-D data (10 Gaussian blobs) against
// scikit-learn's TSNE(method="barnes_hut") with the same settings, in the same run. Both
// embeddings are scored with the same code (ours) so speed is not bought with quality:
// trustworthiness and 10-NN preservation against the input, plus each side's reported KL.
//
// scikit-learn parallelises the Barnes–Hut gradient with OpenMP whatever n_jobs says (n_jobs only
// covers the neighbour search), so it runs twice: OMP_NUM_THREADS=1, the like-for-like comparison
// with our single-threaded code, and with one thread per core (2 on the project machine).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchmarkRow, measure, printBenchmarkRows, runPythonReference } from "@lab/core";
import { Matrix } from "../src/matrix.js";
import { gaussianClusters } from "../src/tsne/clustered-data.js";
import { neighborPreservation, trustworthiness, tsne } from "../src/tsne/index.js";

const SIZES = [2000, 5000] as const;
const DIMS = 50;
const PERPLEXITY = 30;
const ITERATIONS = 1000;
const QUALITY_K = 10;

// sklearn times only fit_transform (not start-up or the file read) and returns its embedding.
const SKLEARN_SCRIPT = `
import json, sys, time
import numpy as np
import sklearn
from sklearn.manifold import TSNE
path, n, dims, perplexity, iterations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
x = np.fromfile(path, dtype='<f8').reshape(n, dims)
model = TSNE(n_components=2, perplexity=perplexity, n_iter=iterations, early_exaggeration=12.0,
             learning_rate="auto", init="pca", method="barnes_hut", angle=0.5, random_state=0, n_jobs=1)
start = time.perf_counter()
y = model.fit_transform(x)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "kl": float(model.kl_divergence_), "iterations": int(model.n_iter_),
                  "embedding": y.ravel().tolist(), "sklearn": sklearn.__version__}))
`;

interface SklearnResult {
  seconds: number;
  kl: number;
  iterations: number;
  embedding: number[];
  sklearn: string;
}

function runSklearn(points: Matrix, threads: number): SklearnResult | null {
  const directory = mkdtempSync(join(tmpdir(), "tsne-bench-"));
  const previous = process.env.OMP_NUM_THREADS;
  try {
    const file = join(directory, "points.f64");
    // Float64Array bytes are little-endian on every platform Node supports, matching '<f8'.
    writeFileSync(file, new Uint8Array(points.data.buffer, points.data.byteOffset, points.data.byteLength));
    process.env.OMP_NUM_THREADS = String(threads);
    const args = [file, String(points.rows), String(points.cols), String(PERPLEXITY), String(ITERATIONS)];
    return runPythonReference(SKLEARN_SCRIPT, args, ["numpy", "sklearn"]) as SklearnResult | null;
  } finally {
    if (previous === undefined) delete process.env.OMP_NUM_THREADS;
    else process.env.OMP_NUM_THREADS = previous;
    rmSync(directory, { recursive: true, force: true });
  }
}

function quality(points: Matrix, embedding: Matrix): string {
  const trust = trustworthiness(points, embedding, QUALITY_K).toFixed(4);
  const kept = neighborPreservation(points, embedding, QUALITY_K).toFixed(4);
  return `trustworthiness ${trust}, ${QUALITY_K}-NN preservation ${kept}`;
}

const rows: BenchmarkRow[] = [];
const summary: string[] = [];
for (const size of SIZES) {
  const { points } = gaussianClusters({
    clusters: 10,
    pointsPerCluster: size / 10,
    dims: DIMS,
    separation: 1,
    seed: 2026,
  });
  let result: ReturnType<typeof tsne> | undefined;
  // One run each: a run is seconds long, and the 2,000-point case warms the JIT for 5,000.
  const ours = await measure(
    () => {
      result = tsne(points, {
        dimensions: 2,
        method: "barnes-hut",
        perplexity: PERPLEXITY,
        iterations: ITERATIONS,
        seed: 0,
      });
    },
    { warmup: 0, runs: 1 },
  );
  const oursQuality = `ours: ${quality(points, result!.embedding)}, KL ${result!.klDivergence.toFixed(4)}`;
  summary.push(`N=${size} ${oursQuality}, ${ours.seconds.toFixed(2)} s`);

  for (const threads of [1, availableParallelism()]) {
    const reference = runSklearn(points, threads);
    const threadLabel = `OMP_NUM_THREADS=${threads}`;
    let note = `${size}×${DIMS} clustered, perplexity ${PERPLEXITY}, ${ITERATIONS} iterations, theta 0.5, init pca; ${oursQuality}`;
    if (reference) {
      const embedding = new Matrix(size, 2, Float64Array.from(reference.embedding));
      const theirs = `sklearn: ${quality(points, embedding)}, KL ${reference.kl.toFixed(4)}`;
      note += `; ${theirs}`;
      summary.push(`N=${size} ${theirs}, ${reference.seconds.toFixed(2)} s (${threadLabel})`);
    } else {
      note += "; scikit-learn unavailable (needs /usr/bin/python3 with numpy and sklearn)";
    }
    rows.push({
      name: `t-SNE Barnes–Hut 2-D, ${size} points vs sklearn (${threadLabel})`,
      oursSeconds: ours.seconds,
      reference: reference ? `scikit-learn ${reference.sklearn} TSNE barnes_hut, ${threadLabel}` : null,
      referenceSeconds: reference?.seconds ?? null,
      note,
    });
  }
}

process.stdout.write(`${summary.join("\n")}\n`);
printBenchmarkRows(rows);
