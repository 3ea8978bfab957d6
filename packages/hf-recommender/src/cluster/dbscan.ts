import { InvalidArgumentError, type ProgressListener, startProgress } from "@lab/core";
import { distinctRows, identityRows } from "./distinct-rows.js";
import { expandLabels } from "./kmeans.js";
import { type RadiusMetric, RadiusNeighborIndex } from "./radius-neighbors.js";
import { type ClusterRows, checkPositiveInteger, toCsrRows } from "./rows.js";

export interface DbscanOptions {
  /** Neighbourhood radius: rows at distance ≤ eps are neighbours. */
  readonly eps: number;
  /**
   * Neighbours (the row itself included, as scikit-learn's min_samples) a row needs to be a core
   * row.
   */
  readonly minPts: number;
  /** "cosine" (1 − cosine similarity, default) or "euclidean". */
  readonly metric?: RadiusMetric;
  /** Work on distinct rows weighted by multiplicity (default true); the labels are the same. */
  readonly dedupe?: boolean;
  readonly onProgress?: ProgressListener;
}

export interface DbscanResult {
  /** Cluster of every row, 0..clusters−1, or −1 for noise. */
  readonly labels: Int32Array;
  /** Rows that are core rows, ascending (scikit-learn's core_sample_indices_). */
  readonly coreIndices: Int32Array;
  readonly clusters: number;
  /** Rows labelled −1. */
  readonly noise: number;
}

const WHAT = "dbscan";

/**
 * DBSCAN with scikit-learn's semantics and labels. A row is core when at least `minPts` rows (itself
 * included) lie within `eps`; clusters are the connected groups of core rows (core rows within eps
 * of each other), numbered in the order of their first core row scanning the rows; a non-core row
 * within eps of a core row is a border row and joins the lowest-numbered such cluster — the one
 * scikit-learn's depth-first expansion reaches it from first; every other row is noise (−1).
 *
 * Neighbourhoods come from `RadiusNeighborIndex` and are never stored all at once: one pass counts
 * them (keeping only the short lists of non-core rows), a second pass over the core rows links them
 * with a union-find. Memory O(rows + nnz); time proportional to the rows the inverted index visits.
 */
export function dbscan(rows: ClusterRows, options: DbscanOptions): DbscanResult {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError(`${WHAT}: options must be an object with { eps, minPts }`);
  }
  const { eps } = options;
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps <= 0) {
    throw new InvalidArgumentError(`${WHAT}: eps must be a finite number > 0, got ${String(eps)}`);
  }
  const minPts = checkPositiveInteger(options.minPts, "minPts", WHAT);
  const metric = options.metric ?? "cosine";
  if (metric !== "cosine" && metric !== "euclidean") {
    throw new InvalidArgumentError(`${WHAT}: metric must be "cosine" or "euclidean", got ${String(metric)}`);
  }
  const csr = toCsrRows(rows, WHAT);
  const distinct = (options.dedupe ?? true) ? distinctRows(csr) : identityRows(csr);
  const x = distinct.matrix;
  const weights = distinct.counts;
  const m = x.rows;
  const index = new RadiusNeighborIndex(x, metric);
  const neighbours = new Int32Array(m);
  const progress = startProgress(options.onProgress, WHAT, { total: 2 * m, unit: "rows" });

  // Pass 1: weighted neighbour counts; the neighbour lists of non-core rows are short (fewer than
  // minPts rows) and are kept for the border assignment.
  const core = new Uint8Array(m);
  const borderStart = new Int32Array(m + 1);
  let borderList = new Int32Array(Math.max(16, m));
  let borderUsed = 0;
  for (let i = 0; i < m; i++) {
    const count = index.neighborsOfRow(i, eps, neighbours, false);
    let weight = 0;
    for (let s = 0; s < count; s++) weight += weights[neighbours[s]!]!;
    if (weight >= minPts) {
      core[i] = 1;
    } else {
      if (borderUsed + count > borderList.length) {
        const grown = new Int32Array(Math.max(2 * borderList.length, borderUsed + count));
        grown.set(borderList.subarray(0, borderUsed));
        borderList = grown;
      }
      borderList.set(neighbours.subarray(0, count), borderUsed);
      borderUsed += count;
    }
    borderStart[i + 1] = borderUsed;
    if ((i & 63) === 0) progress.update(i, "neighbour counts");
  }

  // Pass 2: connect core rows within eps of each other.
  const parent = new Int32Array(m);
  for (let i = 0; i < m; i++) parent[i] = i;
  const find = (node: number): number => {
    let root = node;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[node] !== root) {
      const up = parent[node]!;
      parent[node] = root;
      node = up;
    }
    return root;
  };
  for (let i = 0; i < m; i++) {
    if (!core[i]) continue;
    const count = index.neighborsOfRow(i, eps, neighbours, false);
    for (let s = 0; s < count; s++) {
      const j = neighbours[s]!;
      if (!core[j]) continue;
      const a = find(i);
      const b = find(j);
      // The lower root wins, so each group's root is its first core row.
      if (a < b) parent[b] = a;
      else if (b < a) parent[a] = b;
    }
    if ((i & 63) === 0) progress.update(m + i, "linking core rows");
  }
  progress.end();

  // Clusters numbered by their first core row; distinct rows are in order of first occurrence, so
  // this is the order of the first core row among all rows.
  const clusterOfRoot = new Int32Array(m).fill(-1);
  const distinctLabels = new Int32Array(m).fill(-1);
  let clusters = 0;
  for (let i = 0; i < m; i++) {
    if (!core[i]) continue;
    const root = find(i);
    if (clusterOfRoot[root] === -1) clusterOfRoot[root] = clusters++;
    distinctLabels[i] = clusterOfRoot[root]!;
  }
  for (let i = 0; i < m; i++) {
    if (core[i]) continue;
    let best = -1;
    for (let s = borderStart[i]!; s < borderStart[i + 1]!; s++) {
      const j = borderList[s]!;
      if (!core[j]) continue;
      const label = distinctLabels[j]!;
      if (best === -1 || label < best) best = label;
    }
    distinctLabels[i] = best;
  }

  const labels = expandLabels(distinctLabels, distinct);
  let noise = 0;
  let coreCount = 0;
  for (let r = 0; r < labels.length; r++) {
    if (labels[r] === -1) noise++;
    if (core[distinct.rowToDistinct[r]!]) coreCount++;
  }
  const coreIndices = new Int32Array(coreCount);
  for (let r = 0, t = 0; r < labels.length; r++) if (core[distinct.rowToDistinct[r]!]) coreIndices[t++] = r;
  return { labels, coreIndices, clusters, noise };
}
