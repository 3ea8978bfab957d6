import {
  createRng,
  InvalidArgumentError,
  type ProgressListener,
  type Rng,
  type Seed,
  startProgress,
} from "@lab/core";
import { CsrMatrix, Matrix } from "@lab/linalg";
import { type DistinctRows, distinctRows, identityRows } from "./distinct-rows.js";
import { type ClusterRows, checkPositiveInteger, squaredRowNorms, toCsrRows } from "./rows.js";

export interface KMeansOptions {
  /** Number of clusters. At most the number of distinct rows (more could not all be non-empty). */
  readonly k: number;
  /** Independent k-means++ starts; the one with the lowest inertia wins. Default 10 (scikit-learn 1.2). */
  readonly nInit?: number;
  /** Lloyd iterations per start. Default 300. */
  readonly maxIter?: number;
  /**
   * Convergence tolerance relative to the data: a start stops when the summed squared centroid
   * shift is at most tol × (mean over columns of the column variance), as scikit-learn. Default 1e-4.
   */
  readonly tol?: number;
  /** Seed of the k-means++ sampling. Default 0: every call is reproducible. */
  readonly seed?: Seed;
  /** "k-means++" (default) or explicit initial centroids (k × columns); explicit centroids mean one start. */
  readonly init?: "k-means++" | Matrix;
  /**
   * Cluster the distinct rows weighted by multiplicity (default true). Identical rows always share
   * a label, so the result is the same, with one exception: an empty cluster is refilled from the
   * farthest distinct rows, where scikit-learn could take two copies of one repeated row for two
   * empty clusters (and carry two equal centroids).
   */
  readonly dedupe?: boolean;
  /**
   * Skip work with distance bounds (default true; the labels, centroids up to the last bits and
   * iterations are the same). Needs rows × k numbers, so above 2^24 of them plain Lloyd runs anyway.
   */
  readonly bounds?: boolean;
  readonly onProgress?: ProgressListener;
}

export interface KMeansResult {
  /** Cluster of every input row, 0..k−1. */
  readonly labels: Int32Array;
  /** k × columns. */
  readonly centroids: Matrix;
  /** Sum of squared distances of the rows to their centroid. */
  readonly inertia: number;
  /** Lloyd iterations of the winning start. */
  readonly iterations: number;
  /** Starts run. */
  readonly nInit: number;
}

const WHAT = "kmeans";

/**
 * The rows k-means works on: distinct rows with weights, their squared norms and, for dense input,
 * the column means that were subtracted (scikit-learn centres dense data so that ‖x‖² − 2x·c + ‖c‖²
 * does not lose digits to a large common offset; sparse data is left as is to stay sparse).
 */
interface Problem {
  readonly x: CsrMatrix;
  readonly weights: Float64Array;
  readonly squares: Float64Array;
  /** √squares, for the bound tests. */
  readonly norms: Float64Array;
  readonly mean: Float64Array | null;
  readonly distinct: DistinctRows;
  readonly totalWeight: number;
}

function prepare(rows: ClusterRows, dedupe: boolean): Problem {
  const csr = toCsrRows(rows, WHAT);
  const distinct = dedupe ? distinctRows(csr) : identityRows(csr);
  const weights = distinct.counts;
  let x = distinct.matrix;
  let mean: Float64Array | null = null;
  if (rows instanceof Matrix) {
    mean = weightedColumnMeans(x, weights);
    const dense = x.toDense();
    const { data, cols } = dense;
    for (let i = 0; i < dense.rows; i++) {
      for (let j = 0; j < cols; j++) data[i * cols + j] -= mean[j]!;
    }
    x = CsrMatrix.fromDense(dense);
  }
  const squares = squaredRowNorms(x);
  return { x, weights, squares, norms: squares.map(Math.sqrt), mean, distinct, totalWeight: csr.rows };
}

function weightedColumnMeans(x: CsrMatrix, weights: Float64Array): Float64Array {
  const sums = new Float64Array(x.cols);
  let total = 0;
  const { indptr, indices, values } = x;
  for (let i = 0; i < x.rows; i++) {
    const w = weights[i]!;
    total += w;
    for (let t = indptr[i]!; t < indptr[i + 1]!; t++) sums[indices[t]!] += w * values[t]!;
  }
  for (let j = 0; j < x.cols; j++) sums[j] /= total;
  return sums;
}

/** tol × mean column variance (population variance, implicit zeros included), as scikit-learn. */
function absoluteTolerance(x: CsrMatrix, weights: Float64Array, tol: number): number {
  if (tol === 0) return 0;
  const mean = weightedColumnMeans(x, weights);
  const squaredDeviation = new Float64Array(x.cols);
  const presentWeight = new Float64Array(x.cols);
  let total = 0;
  const { indptr, indices, values } = x;
  for (let i = 0; i < x.rows; i++) {
    const w = weights[i]!;
    total += w;
    for (let t = indptr[i]!; t < indptr[i + 1]!; t++) {
      const col = indices[t]!;
      const deviation = values[t]! - mean[col]!;
      squaredDeviation[col] += w * deviation * deviation;
      presentWeight[col] += w;
    }
  }
  let sum = 0;
  for (let j = 0; j < x.cols; j++) {
    // Rows without an entry in column j hold 0, which deviates from the mean by −mean.
    sum += (squaredDeviation[j]! + (total - presentWeight[j]!) * mean[j]! * mean[j]!) / total;
  }
  return (sum / x.cols) * tol;
}

/**
 * Greedy k-means++ (scikit-learn's `_kmeans_plusplus`): the first centre is a uniformly drawn row;
 * each next one is the best of 2 + ⌊ln k⌋ candidates drawn with probability ∝ squared distance to
 * the nearest chosen centre, "best" meaning the lowest resulting potential. On weighted distinct
 * rows, probabilities are weight × distance², which is the same distribution as over all rows.
 * Returns the chosen distinct-row indices.
 */
function kmeansPlusPlusIndices(problem: Problem, k: number, rng: Rng): Int32Array {
  const { x, weights, squares, totalWeight } = problem;
  const n = x.rows;
  const trials = 2 + Math.floor(Math.log(k));
  const chosen = new Int32Array(k);
  const dense = new Float64Array(x.cols);
  const closest = new Float64Array(n);
  const cumulative = new Float64Array(n);

  // The first centre: a uniformly drawn input row, i.e. a distinct row with probability ∝ its count.
  const drawn = rng.int(totalWeight);
  let first = 0;
  for (let seen = weights[0]!; seen <= drawn && first < n - 1; seen += weights[first]!) first++;
  chosen[0] = first;
  let potential = distancesTo(x, squares, first, dense, closest, weights);

  // All trials of a step are scored in one pass over the rows, four at a time (their rows scattered
  // side by side, `width` values per column; missing trials of the last four repeat the last one,
  // whose equal potential never wins), so the per-row overhead is paid once per four trials.
  const width = 4 * Math.ceil(trials / 4);
  const scattered = new Float64Array(x.cols * width);
  const trialDistances = new Float64Array(n * width);
  const trialPotentials = new Float64Array(width);
  const candidates = new Int32Array(width);
  const { indptr, indices, values } = x;
  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < n; i++) cumulative[i] = running += weights[i]! * closest[i]!;
    for (let t = 0; t < trials; t++) {
      candidates[t] = Math.min(searchSortedLeft(cumulative, rng.uniform() * potential), n - 1);
    }
    for (let t = trials; t < width; t++) candidates[t] = candidates[trials - 1]!;
    for (let t = 0; t < width; t++) {
      const candidate = candidates[t]!;
      for (let e = indptr[candidate]!; e < indptr[candidate + 1]!; e++)
        scattered[indices[e]! * width + t] = values[e]!;
    }
    for (let block = 0; block < width; block += 4) {
      scoreTrials(problem, closest, scattered, width, block, candidates, trialDistances, trialPotentials);
    }
    for (let t = 0; t < width; t++) {
      const candidate = candidates[t]!;
      for (let e = indptr[candidate]!; e < indptr[candidate + 1]!; e++)
        scattered[indices[e]! * width + t] = 0;
    }
    let best = 0;
    for (let t = 1; t < trials; t++) if (trialPotentials[t]! < trialPotentials[best]!) best = t;
    closest.set(trialDistances.subarray(best * n, (best + 1) * n));
    chosen[c] = candidates[best]!;
    potential = trialPotentials[best]!;
  }
  return chosen;
}

/**
 * Trials block..block+3 of a k-means++ step against every row: the squared distance to each
 * candidate, ((−2 x·y) + ‖y‖²) + ‖x‖² clamped at 0 (scikit-learn's `_euclidean_distances`), capped
 * by the distance to the nearest centre so far, and each candidate's potential Σ weight × that.
 */
function scoreTrials(
  problem: Problem,
  closest: Float64Array,
  scattered: Float64Array,
  width: number,
  block: number,
  candidates: Int32Array,
  trialDistances: Float64Array,
  trialPotentials: Float64Array,
): void {
  const { x, squares, weights } = problem;
  const { indptr, indices, values } = x;
  const n = x.rows;
  const square0 = squares[candidates[block]!]!;
  const square1 = squares[candidates[block + 1]!]!;
  const square2 = squares[candidates[block + 2]!]!;
  const square3 = squares[candidates[block + 3]!]!;
  const out0 = block * n;
  const out1 = out0 + n;
  const out2 = out1 + n;
  const out3 = out2 + n;
  let potential0 = 0;
  let potential1 = 0;
  let potential2 = 0;
  let potential3 = 0;
  for (let i = 0; i < n; i++) {
    let dot0 = 0;
    let dot1 = 0;
    let dot2 = 0;
    let dot3 = 0;
    for (let e = indptr[i]!; e < indptr[i + 1]!; e++) {
      const value = values[e]!;
      const base = indices[e]! * width + block;
      dot0 += scattered[base]! * value;
      dot1 += scattered[base + 1]! * value;
      dot2 += scattered[base + 2]! * value;
      dot3 += scattered[base + 3]! * value;
    }
    const square = squares[i]!;
    const near = closest[i]!;
    const w = weights[i]!;
    let d0 = -2 * dot0 + square0 + square;
    let d1 = -2 * dot1 + square1 + square;
    let d2 = -2 * dot2 + square2 + square;
    let d3 = -2 * dot3 + square3 + square;
    d0 = Math.min(Math.max(d0, 0), near);
    d1 = Math.min(Math.max(d1, 0), near);
    d2 = Math.min(Math.max(d2, 0), near);
    d3 = Math.min(Math.max(d3, 0), near);
    trialDistances[out0 + i] = d0;
    trialDistances[out1 + i] = d1;
    trialDistances[out2 + i] = d2;
    trialDistances[out3 + i] = d3;
    potential0 += w * d0;
    potential1 += w * d1;
    potential2 += w * d2;
    potential3 += w * d3;
  }
  trialPotentials[block] = potential0;
  trialPotentials[block + 1] = potential1;
  trialPotentials[block + 2] = potential2;
  trialPotentials[block + 3] = potential3;
}

/** First index whose cumulative value is ≥ target (numpy's searchsorted, side "left"). */
function searchSortedLeft(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Squared distances of every row to row `from`, as ((−2 x·y) + ‖x‖²) + ‖y‖² clamped at 0 (the
 * expression and order of scikit-learn's `_euclidean_distances`). Returns Σ weight × distance when
 * weights are given.
 */
function distancesTo(
  x: CsrMatrix,
  squares: Float64Array,
  from: number,
  dense: Float64Array,
  out: Float64Array,
  weights: Float64Array | null,
): number {
  const { indptr, indices, values } = x;
  for (let t = indptr[from]!; t < indptr[from + 1]!; t++) dense[indices[t]!] = values[t]!;
  const fromSquare = squares[from]!;
  let potential = 0;
  for (let i = 0; i < x.rows; i++) {
    let dot = 0;
    for (let t = indptr[i]!; t < indptr[i + 1]!; t++) dot += dense[indices[t]!]! * values[t]!;
    let d = -2 * dot + fromSquare + squares[i]!;
    if (d < 0) d = 0;
    out[i] = d;
    if (weights) potential += weights[i]! * d;
  }
  for (let t = indptr[from]!; t < indptr[from + 1]!; t++) dense[indices[t]!] = 0;
  return potential;
}

/** Scratch buffers of one Lloyd run, allocated once per call. */
class LloydState {
  readonly k: number;
  readonly d: number;
  centers: Float64Array;
  nextCenters: Float64Array;
  /**
   * Each cluster's weighted sum of rows, kept across iterations and updated only for rows that
   * change cluster (recomputed after an empty cluster was refilled).
   */
  readonly sums: Float64Array;
  sumsValid = false;
  readonly transposed: Float64Array;
  readonly centerSquares: Float64Array;
  readonly weightIn: Float64Array;
  readonly dots: Float64Array;
  readonly labels: Int32Array;
  readonly previousLabels: Int32Array;
  /** Elkan's bounds: `upper[i]` ≥ row i's distance to its centre, `lower[i·k + c]` ≤ its distance to centre c. */
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  /** How far each centre moved in the last update. */
  readonly shifts: Float64Array;
  /** Whether `upper`, `lower` and `shifts` describe the current centres and labels. */
  boundsValid = false;

  constructor(k: number, d: number, n: number, fitting: boolean, withBounds: boolean) {
    this.k = k;
    this.d = d;
    this.centers = new Float64Array(k * d);
    this.nextCenters = new Float64Array(k * d);
    this.sums = new Float64Array(fitting ? k * d : 0);
    this.transposed = new Float64Array(d * k);
    this.centerSquares = new Float64Array(k);
    this.weightIn = new Float64Array(k);
    this.dots = new Float64Array(k);
    this.labels = new Int32Array(n);
    this.previousLabels = new Int32Array(n);
    this.upper = new Float64Array(withBounds ? n : 0);
    this.lower = new Float64Array(withBounds ? n * k : 0);
    this.shifts = new Float64Array(k);
  }
}

/**
 * Slack on the bound tests, relative to the size of the numbers involved: a distance computed as
 * √(‖x‖² − 2x·c + ‖c‖²) can be off by about √ε·(‖x‖ + ‖c‖) near zero, and a row only skips when its
 * bounds are apart by far more than that, so skipping never changes the label Lloyd's full
 * comparison would pick.
 */
const BOUND_SLACK = 1e-6;
const INFINITY = Number.POSITIVE_INFINITY;
const MAX_BOUND_ENTRIES = 2 ** 24;

/**
 * Assigns every row to the centre minimising ‖c‖² − 2x·c (‖x‖² is common to all centres), the
 * lowest index winning ties as in scikit-learn. With `accumulate`, also brings each cluster's
 * weighted sum of rows (`sums`) and weight (`weightIn`) up to date: from scratch when they are not
 * valid, else by moving only the rows that changed cluster, which the bounds make cheap.
 *
 * With `useBounds`, Elkan's bounds (without his centre-to-centre distances, which cost k²·d per
 * iteration): each row keeps an upper bound on its distance to its centre and a lower bound on its
 * distance to every centre; when the centres move by δ, they grow and shrink by δ. A row whose
 * upper bound stays clearly below all its lower bounds keeps its label without a dot product;
 * otherwise only the centres whose lower bound comes within reach are scored. The scores computed
 * are Lloyd's own (same sums, same order), and a centre left out is farther by a margin far above
 * rounding, so labels, sums and iterations are exactly Lloyd's.
 */
function assign(problem: Problem, state: LloydState, accumulate: boolean, useBounds: boolean): void {
  prepareCenters(state);
  // Hot loops live in their own functions: V8 optimises a loop while it runs, and code after it
  // that has not run yet has no type feedback, so the cached optimised loop would be thrown away
  // again on every later call (measured: the tail then ran interpreted, several times slower).
  if (useBounds && state.boundsValid) assignBounded(problem, state, accumulate);
  else assignAll(problem, state, accumulate, useBounds);
}

/** Centroids transposed (columns × k, for the blocked dot products) and their squared norms. */
function prepareCenters(state: LloydState): void {
  const { k, d, centers, transposed, centerSquares } = state;
  for (let c = 0; c < k; c++) {
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const value = centers[c * d + j]!;
      transposed[j * k + c] = value;
      sum += value * value;
    }
    centerSquares[c] = sum;
  }
}

/** Every row against every centre; with `recordBounds`, the exact distances become the bounds. */
function assignAll(problem: Problem, state: LloydState, accumulate: boolean, recordBounds: boolean): void {
  const { x, weights, squares } = problem;
  const { k, d, transposed, centerSquares, dots, labels, sums, weightIn, upper, lower } = state;
  const { indptr, indices, values } = x;
  const blocked = k & ~3;
  if (accumulate) {
    // Every row is reassigned here, so the sums start over.
    sums.fill(0);
    weightIn.fill(0);
  }
  for (let i = 0; i < x.rows; i++) {
    const start = indptr[i]!;
    const end = indptr[i + 1]!;
    // Four centroids per pass over the row, summed in registers: 2-3× faster here than updating
    // dots[c] in memory for every entry, with the same summation order (entries ascending).
    let c = 0;
    for (; c < blocked; c += 4) {
      let dot0 = 0;
      let dot1 = 0;
      let dot2 = 0;
      let dot3 = 0;
      for (let t = start; t < end; t++) {
        const value = values[t]!;
        const base = indices[t]! * k + c;
        dot0 += value * transposed[base]!;
        dot1 += value * transposed[base + 1]!;
        dot2 += value * transposed[base + 2]!;
        dot3 += value * transposed[base + 3]!;
      }
      dots[c] = dot0;
      dots[c + 1] = dot1;
      dots[c + 2] = dot2;
      dots[c + 3] = dot3;
    }
    for (; c < k; c++) {
      let dot = 0;
      for (let t = start; t < end; t++) dot += values[t]! * transposed[indices[t]! * k + c]!;
      dots[c] = dot;
    }
    let best = 0;
    let bestScore = centerSquares[0]! - 2 * dots[0]!;
    for (let c2 = 1; c2 < k; c2++) {
      const score = centerSquares[c2]! - 2 * dots[c2]!;
      if (score < bestScore) {
        bestScore = score;
        best = c2;
      }
    }
    labels[i] = best;
    if (recordBounds) {
      const square = squares[i]!;
      const boundBase = i * k;
      for (let c2 = 0; c2 < k; c2++) {
        lower[boundBase + c2] = Math.sqrt(Math.max(0, square + centerSquares[c2]! - 2 * dots[c2]!));
      }
      upper[i] = lower[boundBase + best]!;
    }
    if (accumulate) {
      const w = weights[i]!;
      weightIn[best] += w;
      const base = best * d;
      for (let t = start; t < end; t++) sums[base + indices[t]!] += w * values[t]!;
    }
  }
  if (accumulate) state.sumsValid = true;
}

/** Rows against the centres their bounds cannot rule out (see `assign`). */
function assignBounded(problem: Problem, state: LloydState, accumulate: boolean): void {
  const { x, weights, squares, norms } = problem;
  const { k, d, transposed, centerSquares, labels, sums, weightIn, upper, lower, shifts } = state;
  const incremental = accumulate && state.sumsValid;
  const fromScratch = accumulate && !state.sumsValid;
  if (fromScratch) {
    sums.fill(0);
    weightIn.fill(0);
  }
  const { indptr, indices, values } = x;
  let largestCenterNorm = 0;
  for (let c = 0; c < k; c++) largestCenterNorm = Math.max(largestCenterNorm, Math.sqrt(centerSquares[c]!));
  for (let i = 0; i < x.rows; i++) {
    const boundBase = i * k;
    const label = labels[i]!;
    let up = upper[i]! + shifts[label]!;
    let nearestOther = INFINITY;
    for (let c = 0; c < k; c++) {
      const low = lower[boundBase + c]! - shifts[c]!;
      lower[boundBase + c] = low;
      if (c !== label && low < nearestOther) nearestOther = low;
    }
    const margin = 2 * BOUND_SLACK * (norms[i]! + largestCenterNorm);
    let best = label;
    if (up + margin < nearestOther) {
      upper[i] = up;
    } else {
      // Score the row's own centre first: its exact distance is the tightest reach for the others.
      const square = squares[i]!;
      const ownScore = centerSquares[label]! - 2 * rowDot(x, i, transposed, k, label);
      up = Math.sqrt(Math.max(0, square + ownScore));
      lower[boundBase + label] = up;
      let bestScore = INFINITY;
      for (let c = 0; c < k; c++) {
        let score = ownScore;
        if (c !== label) {
          if (lower[boundBase + c]! > up + margin) continue;
          score = centerSquares[c]! - 2 * rowDot(x, i, transposed, k, c);
          lower[boundBase + c] = Math.sqrt(Math.max(0, square + score));
        }
        if (score < bestScore) {
          bestScore = score;
          best = c;
        }
      }
      upper[i] = lower[boundBase + best]!;
      labels[i] = best;
    }
    if (fromScratch) {
      const w = weights[i]!;
      weightIn[best] += w;
      const base = best * d;
      for (let t = indptr[i]!; t < indptr[i + 1]!; t++) sums[base + indices[t]!] += w * values[t]!;
    } else if (incremental && best !== label) {
      const w = weights[i]!;
      weightIn[label] -= w;
      weightIn[best] += w;
      const from = label * d;
      const to = best * d;
      for (let t = indptr[i]!; t < indptr[i + 1]!; t++) {
        const amount = w * values[t]!;
        sums[from + indices[t]!] -= amount;
        sums[to + indices[t]!] += amount;
      }
    }
  }
  if (accumulate) state.sumsValid = true;
}

/**
 * x_i · centroid c, entries in column order, read from the transposed centroids (columns × k): a
 * row's entries then hit one cache line each for all centroids, where the row-major centroids
 * (600 KB for 10 × 7,600 TF-IDF columns) cost a line per entry per centroid.
 */
function rowDot(x: CsrMatrix, i: number, transposed: Float64Array, k: number, c: number): number {
  const { indptr, indices, values } = x;
  let dot = 0;
  for (let t = indptr[i]!; t < indptr[i + 1]!; t++) dot += values[t]! * transposed[indices[t]! * k + c]!;
  return dot;
}

/**
 * ‖x_i − c‖² as scikit-learn's `_euclidean_sparse_dense` forms it: ‖c‖² plus, over the row's
 * entries, (x − c)² − c², which keeps the digits ‖x‖² − 2x·c + ‖c‖² would cancel.
 */
function rowDistance(
  x: CsrMatrix,
  i: number,
  centers: Float64Array,
  base: number,
  centerSquare: number,
): number {
  const { indptr, indices, values } = x;
  let result = 0;
  for (let t = indptr[i]!; t < indptr[i + 1]!; t++) {
    const c = centers[base + indices[t]!]!;
    const diff = values[t]! - c;
    result += diff * diff - c * c;
  }
  result += centerSquare;
  return Math.max(result, 0);
}

/**
 * scikit-learn's `_relocate_empty_clusters`: each empty cluster takes the row farthest from its
 * current centre (farthest first), moving one copy of that row's weight out of its old cluster's
 * sums. On distinct rows each row can be taken once, where scikit-learn might take two copies of
 * one repeated row for two empty clusters (and then carry two equal centres).
 */
function relocateEmptyClusters(problem: Problem, state: LloydState): void {
  const { k, d, weightIn, centers, centerSquares, labels, sums } = state;
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (weightIn[c] === 0) empty.push(c);
  if (empty.length === 0) return;
  const { x } = problem;
  const distances = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    const label = labels[i]!;
    distances[i] = rowDistance(x, i, centers, label * d, centerSquares[label]!);
  }
  const order = Array.from({ length: x.rows }, (_, i) => i);
  order.sort((a, b) => distances[b]! - distances[a]! || a - b);
  const { indptr, indices, values } = x;
  for (let e = 0; e < empty.length && e < order.length; e++) {
    const target = empty[e]!;
    const far = order[e]!;
    const source = labels[far]!;
    const moved = Math.min(1, problem.weights[far]!);
    // The empty cluster's sums may hold rounding left over from rows that moved out.
    sums.fill(0, target * d, (target + 1) * d);
    for (let t = indptr[far]!; t < indptr[far + 1]!; t++) {
      const col = indices[t]!;
      sums[source * d + col] -= values[t]! * moved;
      sums[target * d + col] = values[t]! * moved;
    }
    weightIn[target] = moved;
    weightIn[source] -= moved;
  }
  // The labels still name the old clusters; the next assignment sums from scratch.
  state.sumsValid = false;
}

interface RunResult {
  readonly labels: Int32Array;
  readonly centers: Float64Array;
  readonly inertia: number;
  readonly iterations: number;
}

/**
 * Divides the cluster sums by their weights into the next centroids, records how far each
 * centroid moved, swaps them in and returns the total squared shift.
 */
function averageCenters(state: LloydState): number {
  const { k, d, centers, nextCenters, sums, weightIn, shifts } = state;
  let shift = 0;
  for (let c = 0; c < k; c++) {
    const w = weightIn[c]!;
    // scikit-learn multiplies by the reciprocal; doing the same keeps centroids bit-comparable.
    const scale = w > 0 ? 1 / w : 1;
    const base = c * d;
    let centerShift = 0;
    for (let j = 0; j < d; j++) {
      const value = w > 0 ? sums[base + j]! * scale : sums[base + j]!;
      nextCenters[base + j] = value;
      const delta = value - centers[base + j]!;
      centerShift += delta * delta;
    }
    shifts[c] = Math.sqrt(centerShift);
    shift += centerShift;
  }
  state.centers = nextCenters;
  state.nextCenters = centers;
  return shift;
}

/** One start of Lloyd's algorithm, step for step as scikit-learn's `_kmeans_single_lloyd`. */
function lloyd(
  problem: Problem,
  initial: Float64Array,
  state: LloydState,
  maxIter: number,
  tolerance: number,
): RunResult {
  const { k, d, labels, previousLabels } = state;
  const useBounds = state.upper.length > 0;
  state.centers.set(initial);
  state.boundsValid = false;
  state.sumsValid = false;
  previousLabels.fill(-1);
  let strict = false;
  let iteration = 0;
  for (; iteration < maxIter; iteration++) {
    assign(problem, state, true, useBounds);
    state.boundsValid = useBounds;
    relocateEmptyClusters(problem, state);
    const shift = averageCenters(state);
    if (sameLabels(labels, previousLabels)) {
      strict = true;
      break;
    }
    if (shift <= tolerance) break;
    previousLabels.set(labels);
  }
  // Without strict convergence the labels belong to the previous centres; one more assignment makes
  // labels and centroids agree, as scikit-learn does.
  if (!strict) assign(problem, state, false, useBounds);
  const iterations = Math.min(iteration + 1, maxIter);
  return {
    labels: labels.slice(),
    centers: state.centers.slice(),
    inertia: inertia(problem, state.centers, labels, k, d),
    iterations,
  };
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function inertia(problem: Problem, centers: Float64Array, labels: Int32Array, k: number, d: number): number {
  const squares = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += centers[c * d + j]! * centers[c * d + j]!;
    squares[c] = sum;
  }
  const { x, weights } = problem;
  let total = 0;
  for (let i = 0; i < x.rows; i++) {
    const label = labels[i]!;
    total += weights[i]! * rowDistance(x, i, centers, label * d, squares[label]!);
  }
  return total;
}

/** scikit-learn's `_is_same_clustering`: equal up to a relabelling. */
function sameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const mapping = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    const from = a[i]!;
    if (mapping[from] === -1) mapping[from] = b[i]!;
    else if (mapping[from] !== b[i]) return false;
  }
  return true;
}

function checkOptions(options: KMeansOptions): {
  k: number;
  nInit: number;
  maxIter: number;
  tol: number;
} {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError(`${WHAT}: options must be an object with at least { k }`);
  }
  const k = checkPositiveInteger(options.k, "k", WHAT);
  const explicit = options.init instanceof Matrix;
  if (options.init !== undefined && options.init !== "k-means++" && !explicit) {
    throw new InvalidArgumentError(`${WHAT}: init must be "k-means++" or a k × columns Matrix of centroids`);
  }
  if (explicit && options.nInit !== undefined && options.nInit !== 1) {
    throw new InvalidArgumentError(
      `${WHAT}: explicit initial centroids give one deterministic start; nInit must be 1, got ${options.nInit}`,
    );
  }
  const nInit = explicit ? 1 : checkPositiveInteger(options.nInit ?? 10, "nInit", WHAT);
  const maxIter = checkPositiveInteger(options.maxIter ?? 300, "maxIter", WHAT);
  const tol = options.tol ?? 1e-4;
  if (typeof tol !== "number" || !Number.isFinite(tol) || tol < 0) {
    throw new InvalidArgumentError(`${WHAT}: tol must be a finite number ≥ 0, got ${String(tol)}`);
  }
  return { k, nInit, maxIter, tol };
}

/**
 * k-means with scikit-learn 1.2's algorithm: greedy k-means++ starts, Lloyd iterations with
 * sparse-row × dense-centroid distances ‖x‖² − 2x·c + ‖c‖², empty clusters relocated to the
 * farthest rows, convergence on unchanged labels or a centroid shift within tol × mean variance,
 * and the best of `nInit` starts by inertia. Works on the distinct rows weighted by multiplicity.
 * Two savings leave the iterations Lloyd's: distance bounds (Elkan's) skip the dot products that
 * cannot change a label, and cluster sums are updated only for rows that change cluster (so
 * centroids can differ from a from-scratch sum in the last bits).
 */
export function kmeans(rows: ClusterRows, options: KMeansOptions): KMeansResult {
  const { k, nInit, maxIter, tol } = checkOptions(options);
  const problem = prepare(rows, options.dedupe ?? true);
  const { x, distinct } = problem;
  if (k > problem.totalWeight) {
    throw new InvalidArgumentError(`${WHAT}: k = ${k} is more than the ${problem.totalWeight} rows`);
  }
  if (k > x.rows) {
    throw new InvalidArgumentError(
      `${WHAT}: k = ${k} is more than the ${x.rows} distinct rows, so some clusters would stay empty; use k ≤ ${x.rows}`,
    );
  }
  const d = x.cols;
  let explicit: Float64Array | null = null;
  if (options.init instanceof Matrix) {
    const init = options.init;
    if (init.rows !== k || init.cols !== d) {
      throw new InvalidArgumentError(
        `${WHAT}: initial centroids must be ${k} × ${d} (k × columns), got ${init.rows} × ${init.cols}`,
      );
    }
    explicit = init.data.slice();
    for (let t = 0; t < explicit.length; t++) {
      if (!Number.isFinite(explicit[t]!))
        throw new InvalidArgumentError(`${WHAT}: initial centroids hold a non-finite value`);
      if (problem.mean) explicit[t] -= problem.mean[t % d]!;
    }
  }
  const tolerance = absoluteTolerance(x, problem.weights, tol);
  const rng = createRng(options.seed ?? 0);
  // The bounds take rows × k numbers; past 2^24 (128 MiB) plain Lloyd is used instead.
  const state = new LloydState(
    k,
    d,
    x.rows,
    true,
    (options.bounds ?? true) && x.rows * k <= MAX_BOUND_ENTRIES,
  );
  const progress = startProgress(options.onProgress, WHAT, { total: nInit, unit: "inits" });
  let best: RunResult | null = null;
  for (let run = 0; run < nInit; run++) {
    const initial = explicit ?? gatherRows(x, kmeansPlusPlusIndices(problem, k, rng));
    const result = lloyd(problem, initial, state, maxIter, tolerance);
    if (best === null || (result.inertia < best.inertia && !sameClustering(result.labels, best.labels, k))) {
      best = result;
    }
    progress.advance(1, `inertia ${best.inertia.toPrecision(6)}`);
  }
  progress.end();
  const centroids = new Matrix(k, d, best!.centers);
  if (problem.mean) {
    for (let t = 0; t < centroids.data.length; t++) centroids.data[t] += problem.mean[t % d]!;
  }
  return {
    labels: expandLabels(best!.labels, distinct),
    centroids,
    inertia: best!.inertia,
    iterations: best!.iterations,
    nInit,
  };
}

/** The k-means++ starting centroids kmeans would use for its first start with this seed (k × columns). */
export function kmeansPlusPlus(rows: ClusterRows, options: { k: number; seed?: Seed }): Matrix {
  const k = checkPositiveInteger(options?.k, "k", "kmeansPlusPlus");
  const problem = prepare(rows, true);
  if (k > problem.x.rows) {
    throw new InvalidArgumentError(
      `kmeansPlusPlus: k = ${k} is more than the ${problem.x.rows} distinct rows; use k ≤ ${problem.x.rows}`,
    );
  }
  const chosen = kmeansPlusPlusIndices(problem, k, createRng(options.seed ?? 0));
  const centers = gatherRows(problem.x, chosen);
  if (problem.mean) {
    for (let t = 0; t < centers.length; t++) centers[t] += problem.mean[t % problem.x.cols]!;
  }
  return new Matrix(k, problem.x.cols, centers);
}

function gatherRows(x: CsrMatrix, chosen: Int32Array): Float64Array {
  const d = x.cols;
  const out = new Float64Array(chosen.length * d);
  const { indptr, indices, values } = x;
  for (let c = 0; c < chosen.length; c++) {
    const i = chosen[c]!;
    for (let t = indptr[i]!; t < indptr[i + 1]!; t++) out[c * d + indices[t]!] = values[t]!;
  }
  return out;
}

export function expandLabels(distinctLabels: Int32Array, distinct: DistinctRows): Int32Array {
  const { rowToDistinct } = distinct;
  const labels = new Int32Array(rowToDistinct.length);
  for (let i = 0; i < labels.length; i++) labels[i] = distinctLabels[rowToDistinct[i]!]!;
  return labels;
}

/** The nearest centroid of every row (lowest index on ties), as a fitted model's predict. */
export function predict(centroids: Matrix, rows: ClusterRows): Int32Array {
  if (!(centroids instanceof Matrix) || centroids.rows === 0) {
    throw new InvalidArgumentError("predict: centroids must be a non-empty k × columns Matrix");
  }
  const x = toCsrRows(rows, "predict");
  if (x.cols !== centroids.cols) {
    throw new InvalidArgumentError(
      `predict: rows have ${x.cols} columns but the centroids have ${centroids.cols}`,
    );
  }
  const state = new LloydState(centroids.rows, centroids.cols, x.rows, false, false);
  state.centers.set(centroids.data);
  const problem: Problem = {
    x,
    weights: new Float64Array(x.rows).fill(1),
    squares: new Float64Array(0),
    norms: new Float64Array(0),
    mean: null,
    distinct: identityRows(x),
    totalWeight: x.rows,
  };
  assign(problem, state, false, false);
  return state.labels.slice();
}
