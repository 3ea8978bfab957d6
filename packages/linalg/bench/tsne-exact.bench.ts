// Where the exact O(N²) t-SNE stops paying off: our exact method against our Barnes–Hut method on
// the same seeded clustered data, 2-D and 3-D, around EXACT_METHOD_MAX_POINTS (the "auto"
// threshold). Ratios above 1 mean exact is slower; the note gives both final KL divergences.
import { type BenchmarkRow, measure, printBenchmarkRows } from "@lab/core";
import { gaussianClusters } from "../src/tsne/clustered-data.js";
import { EXACT_METHOD_MAX_POINTS, tsne } from "../src/tsne/index.js";

const SIZES = [200, EXACT_METHOD_MAX_POINTS, 2 * EXACT_METHOD_MAX_POINTS];
const ITERATIONS = 1000;

const rows: BenchmarkRow[] = [];
for (const size of SIZES) {
  const { points } = gaussianClusters({
    clusters: 5,
    pointsPerCluster: size / 5,
    dims: 50,
    separation: 1,
    seed: 2026,
  });
  for (const dimensions of [2, 3] as const) {
    const kl = { exact: 0, "barnes-hut": 0 };
    const timeOf = (method: "exact" | "barnes-hut") =>
      measure(
        () => {
          kl[method] = tsne(points, { dimensions, method, iterations: ITERATIONS, seed: 0 }).klDivergence;
        },
        { warmup: 1, runs: 3 },
      );
    const exact = await timeOf("exact");
    const barnesHut = await timeOf("barnes-hut");
    rows.push({
      name: `t-SNE exact ${dimensions}-D, ${size} points vs Barnes–Hut`,
      oursSeconds: exact.seconds,
      reference: "@lab/linalg tsne method barnes-hut (theta 0.5)",
      referenceSeconds: barnesHut.seconds,
      note: `${size}×50 clustered, perplexity 30, ${ITERATIONS} iterations; KL exact ${kl.exact.toFixed(4)}, barnes-hut ${kl["barnes-hut"].toFixed(4)}`,
    });
  }
}

printBenchmarkRows(rows);
