// Seeded data and brute-force reference algorithms for the clustering tests. The references are
// written the obvious way over dense arrays (all rows, no de-duplication, no indexes), following
// scikit-learn's and scipy's published algorithms step by step.
import { Rng } from "@lab/core";
import { CsrMatrix } from "@lab/linalg";

/**
 * One-hot rows of `fields` categorical fields with skewed value frequencies (weight 1/(v+1)), so
 * rows repeat a lot, like the seed's model metadata; a field is missing with probability 0.15.
 */
export function randomOneHot(seed: number, rows: number, fieldSizes: readonly number[]): CsrMatrix {
  const rng = new Rng(seed);
  const sets: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const set: number[] = [];
    let offset = 0;
    for (const size of fieldSizes) {
      if (rng.uniform() < 0.85) {
        const weights = Array.from({ length: size }, (_, v) => 1 / (v + 1));
        set.push(offset + rng.weightedIndex(weights));
      }
      offset += size;
    }
    sets.push(set);
  }
  return CsrMatrix.fromRowSets(
    sets,
    fieldSizes.reduce((a, b) => a + b, 0),
  );
}

/** Gaussian blobs around `centers` random centres in `cols` dimensions, values with full precision. */
export function randomBlobs(
  seed: number,
  rows: number,
  cols: number,
  centers: number,
  spread = 1,
): number[][] {
  const rng = new Rng(seed);
  const middles = Array.from({ length: centers }, () => Array.from({ length: cols }, () => rng.normal(0, 5)));
  return Array.from({ length: rows }, () => {
    const middle = middles[rng.int(centers)]!;
    return middle.map((value) => value + rng.normal(0, spread));
  });
}

export function denseRows(matrix: CsrMatrix): number[][] {
  return matrix.toDense().toArray();
}

/** Rows repeated 1–`maxRepeat` times each and shuffled: data with known duplicates. */
export function withRepeats(seed: number, rows: number[][], maxRepeat: number): number[][] {
  const rng = new Rng(seed);
  const out: number[][] = [];
  for (const row of rows) {
    const times = 1 + rng.int(maxRepeat);
    for (let t = 0; t < times; t++) out.push(row.slice());
  }
  rng.shuffle(out);
  return out;
}

/** Same clusters up to a renaming of the labels (noise, −1, must match as is). */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((x === -1) !== (y === -1)) return false;
    if (forward.has(x) && forward.get(x) !== y) return false;
    if (backward.has(y) && backward.get(y) !== x) return false;
    forward.set(x, y);
    backward.set(y, x);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Ward: the O(N³) greedy definition.

export interface BruteWardResult {
  /** Merge heights in the order merged (non-decreasing for Ward). */
  readonly heights: number[];
  /** Flat partition (labels by first appearance) with k clusters, for every k from 1 to n. */
  partition(k: number): number[];
}

/**
 * Agglomerative Ward by its definition: repeatedly merge the pair of clusters with the smallest
 * √(2|A||B|/(|A|+|B|))·‖c_A − c_B‖ (scipy's Ward distance), computed from centroids each time.
 */
export function bruteWard(points: readonly (readonly number[])[]): BruteWardResult {
  const n = points.length;
  const clusters: { members: number[]; centroid: number[]; size: number }[] = points.map((p, i) => ({
    members: [i],
    centroid: p.slice(),
    size: 1,
  }));
  const heights: number[] = [];
  const snapshots: number[][][] = [clusters.map((c) => c.members.slice())];
  while (clusters.length > 1) {
    let best = Number.POSITIVE_INFINITY;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        const a = clusters[i]!;
        const b = clusters[j]!;
        let squared = 0;
        for (let d = 0; d < a.centroid.length; d++) squared += (a.centroid[d]! - b.centroid[d]!) ** 2;
        const distance = Math.sqrt(((2 * a.size * b.size) / (a.size + b.size)) * squared);
        if (distance < best) {
          best = distance;
          bi = i;
          bj = j;
        }
      }
    }
    const a = clusters[bi]!;
    const b = clusters[bj]!;
    const size = a.size + b.size;
    const merged = {
      members: [...a.members, ...b.members],
      centroid: a.centroid.map((value, d) => (value * a.size + b.centroid[d]! * b.size) / size),
      size,
    };
    clusters.splice(bj, 1);
    clusters.splice(bi, 1, merged);
    heights.push(best);
    snapshots.push(clusters.map((c) => c.members.slice()));
  }
  return {
    heights,
    partition(k: number): number[] {
      const groups = snapshots[n - k]!;
      const labels = new Array<number>(n).fill(-1);
      groups.forEach((members, g) => {
        for (const i of members) labels[i] = g;
      });
      return relabelByFirstAppearance(labels);
    },
  };
}

export function relabelByFirstAppearance(labels: ArrayLike<number>): number[] {
  const names = new Map<number, number>();
  return Array.from(labels, (label) => {
    if (label === -1) return -1;
    if (!names.has(label)) names.set(label, names.size);
    return names.get(label)!;
  });
}

// ---------------------------------------------------------------------------------------------
// DBSCAN: scikit-learn's algorithm (brute radius neighbourhoods, then dbscan_inner's DFS).

export type Metric = "cosine" | "euclidean";

/** Distance with scikit-learn's arithmetic: normalise, dot in column order, 1 − dot clipped. */
export function sklearnDistance(metric: Metric, a: readonly number[], b: readonly number[]): number {
  if (metric === "cosine") {
    const na = Math.sqrt(a.reduce((s, v) => s + v * v, 0));
    const nb = Math.sqrt(b.reduce((s, v) => s + v * v, 0));
    let dot = 0;
    for (let d = 0; d < a.length; d++) {
      if (a[d] === 0 || b[d] === 0) continue;
      dot += (a[d]! / na) * (b[d]! / nb);
    }
    return Math.min(2, Math.max(0, 1 - dot));
  }
  let aa = 0;
  let bb = 0;
  let dot = 0;
  for (let d = 0; d < a.length; d++) {
    if (a[d] !== 0) aa += a[d]! * a[d]!;
    if (b[d] !== 0) bb += b[d]! * b[d]!;
    if (a[d] !== 0 && b[d] !== 0) dot += a[d]! * b[d]!;
  }
  return Math.max(0, -2 * dot + aa + bb);
}

/** Whether b is within eps of a (Euclidean compares squared distances with eps², as scikit-learn). */
export function within(metric: Metric, a: readonly number[], b: readonly number[], eps: number): boolean {
  const d = sklearnDistance(metric, a, b);
  return metric === "cosine" ? d <= eps : d <= eps * eps;
}

export function bruteDbscan(
  points: readonly (readonly number[])[],
  eps: number,
  minPts: number,
  metric: Metric,
): { labels: number[]; core: number[] } {
  const n = points.length;
  const neighbourhoods = points.map((p) => {
    const list: number[] = [];
    for (let j = 0; j < n; j++) if (within(metric, p, points[j]!, eps)) list.push(j);
    return list;
  });
  const isCore = neighbourhoods.map((list) => list.length >= minPts);
  const labels = new Array<number>(n).fill(-1);
  let label = 0;
  for (let start = 0; start < n; start++) {
    if (labels[start] !== -1 || !isCore[start]) continue;
    const stack: number[] = [];
    let i = start;
    for (;;) {
      if (labels[i] === -1) {
        labels[i] = label;
        if (isCore[i]) for (const v of neighbourhoods[i]!) if (labels[v] === -1) stack.push(v);
      }
      if (stack.length === 0) break;
      i = stack.pop()!;
    }
    label++;
  }
  const core: number[] = [];
  isCore.forEach((flag, i) => {
    if (flag) core.push(i);
  });
  return { labels, core };
}

// ---------------------------------------------------------------------------------------------
// k-means: scikit-learn's _kmeans_single_lloyd on all rows, dense.

export function bruteLloyd(
  points: readonly (readonly number[])[],
  init: readonly (readonly number[])[],
  maxIter: number,
  tol: number,
): { labels: number[]; centroids: number[][]; inertia: number; iterations: number } {
  const n = points.length;
  const d = points[0]!.length;
  const k = init.length;
  // tol × mean column variance (population).
  let varianceSum = 0;
  for (let j = 0; j < d; j++) {
    const mean = points.reduce((s, p) => s + p[j]!, 0) / n;
    varianceSum += points.reduce((s, p) => s + (p[j]! - mean) ** 2, 0) / n;
  }
  const tolerance = (varianceSum / d) * tol;
  const squared = (a: readonly number[], b: readonly number[]) =>
    a.reduce((s, value, j) => s + (value - b[j]!) ** 2, 0);
  let centers = init.map((c) => c.slice());
  let labels = new Array<number>(n).fill(-1);
  let previous = labels.slice();
  const nearest = (p: readonly number[], cs: number[][]) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (squared(p, cs[c]!) < squared(p, cs[best]!)) best = c;
    return best;
  };
  let strict = false;
  let iteration = 0;
  for (; iteration < maxIter; iteration++) {
    labels = points.map((p) => nearest(p, centers));
    const sums = Array.from({ length: k }, () => new Array<number>(d).fill(0));
    const counts = new Array<number>(k).fill(0);
    points.forEach((p, i) => {
      counts[labels[i]!]!++;
      for (let j = 0; j < d; j++) sums[labels[i]!]![j] += p[j]!;
    });
    // Empty clusters take the points farthest from their current centre, farthest first.
    const empty = counts.flatMap((count, c) => (count === 0 ? [c] : []));
    if (empty.length > 0) {
      const order = points
        .map((p, i) => ({ i, distance: squared(p, centers[labels[i]!]!) }))
        .sort((a, b) => b.distance - a.distance || a.i - b.i);
      empty.forEach((target, e) => {
        const far = order[e]!.i;
        const source = labels[far]!;
        for (let j = 0; j < d; j++) {
          sums[source]![j] -= points[far]![j]!;
          sums[target]![j] = points[far]![j]!;
        }
        counts[target] = 1;
        counts[source]!--;
      });
    }
    const next = sums.map((sum, c) => sum.map((value) => value / counts[c]!));
    const shift = next.reduce((s, c, index) => s + squared(c, centers[index]!), 0);
    centers = next;
    if (labels.every((label, i) => label === previous[i])) {
      strict = true;
      break;
    }
    if (shift <= tolerance) break;
    previous = labels.slice();
  }
  if (!strict) labels = points.map((p) => nearest(p, centers));
  const inertia = points.reduce((s, p, i) => s + squared(p, centers[labels[i]!]!), 0);
  return { labels, centroids: centers, inertia, iterations: Math.min(iteration + 1, maxIter) };
}
