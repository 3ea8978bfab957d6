import type { Matrix } from "../matrix.js";
import type { NeighborGraph } from "./neighbors.js";

/** Largest gap allowed between a row's entropy (nats) and log(perplexity) before the search stops. */
export const ENTROPY_TOLERANCE = 1e-5;
/** Bisection steps per row; each halves the bracket, so 200 covers any double-precision scale. */
const MAX_SEARCH_STEPS = 200;

/**
 * Calibrates one point's conditional distribution p_{j|i} ∝ exp(-β·d_j) over its candidate
 * neighbours (d_j are squared distances) by bisection on the precision β = 1/(2σ²), until the
 * distribution's entropy H = -Σ p log p equals log(perplexity) within {@link ENTROPY_TOLERANCE}.
 * Writes the normalised distribution into `out` (same length as `distancesSquared`) and returns β.
 *
 * When the perplexity is at least the number of candidates no β reaches it (the uniform
 * distribution has the largest entropy, log(count)); the search then ends at the uniform limit.
 */
export function calibrateConditional(
  distancesSquared: Float64Array,
  perplexity: number,
  out: Float64Array,
): number {
  const count = distancesSquared.length;
  const targetEntropy = Math.log(perplexity);
  let nearest = Number.POSITIVE_INFINITY;
  let meanDistance = 0;
  for (let j = 0; j < count; j++) {
    const d = distancesSquared[j];
    if (d < nearest) nearest = d;
    meanDistance += d;
  }
  meanDistance = meanDistance / count - nearest;
  if (!(meanDistance > 0)) {
    // Every candidate is equally far: every β gives the uniform distribution.
    out.fill(1 / count);
    return 0;
  }
  // Distances are shifted by the nearest one so exp() cannot underflow to an all-zero row; the
  // shift cancels in the normalisation. Starting at 1/mean puts β at the data's scale, which saves
  // the many doubling/halving steps a fixed start of 1 needs for distances far from 1.
  let beta = 1 / meanDistance;
  let low = 0;
  let high = Number.POSITIVE_INFINITY;
  for (let step = 0; step < MAX_SEARCH_STEPS; step++) {
    let sum = 0;
    let weighted = 0;
    for (let j = 0; j < count; j++) {
      const shifted = distancesSquared[j] - nearest;
      const weight = Math.exp(-beta * shifted);
      out[j] = weight;
      sum += weight;
      weighted += weight * shifted;
    }
    // With p_j = w_j / sum and log w_j = -β·d_j: H = log(sum) + β·Σ p_j d_j.
    const entropy = Math.log(sum) + (beta * weighted) / sum;
    const inverse = 1 / sum;
    for (let j = 0; j < count; j++) out[j] *= inverse;
    const gap = entropy - targetEntropy;
    if (Math.abs(gap) <= ENTROPY_TOLERANCE) break;
    if (gap > 0) {
      // Too flat: sharpen with a larger precision.
      low = beta;
      beta = high === Number.POSITIVE_INFINITY ? beta * 2 : (beta + high) / 2;
    } else {
      high = beta;
      beta = (beta + low) / 2;
    }
  }
  return beta;
}

/** Squared Euclidean distances between all rows, as a symmetric N×N row-major array. */
export function pairwiseDistancesSquared(points: Matrix): Float64Array {
  const size = points.rows;
  const dims = points.cols;
  const data = points.data;
  const distances = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    const iOffset = i * dims;
    for (let j = i + 1; j < size; j++) {
      const jOffset = j * dims;
      let sum = 0;
      for (let d = 0; d < dims; d++) {
        const diff = data[iOffset + d] - data[jOffset + d];
        sum += diff * diff;
      }
      distances[i * size + j] = sum;
      distances[j * size + i] = sum;
    }
  }
  return distances;
}

/**
 * Row-stochastic conditional affinities p_{j|i} over all other points (N×N, zero diagonal), each
 * row calibrated to `perplexity`. `onRow` is called after each row (for progress).
 */
export function denseConditionalAffinities(
  distancesSquared: Float64Array,
  size: number,
  perplexity: number,
  onRow?: (row: number) => void,
): Float64Array {
  const conditional = new Float64Array(size * size);
  const others = new Float64Array(size - 1);
  const row = new Float64Array(size - 1);
  for (let i = 0; i < size; i++) {
    const base = i * size;
    // Gather the row without its diagonal, calibrate, scatter back leaving p_{i|i} = 0.
    for (let j = 0, slot = 0; j < size; j++) if (j !== i) others[slot++] = distancesSquared[base + j];
    calibrateConditional(others, perplexity, row);
    for (let j = 0, slot = 0; j < size; j++) if (j !== i) conditional[base + j] = row[slot++];
    onRow?.(i);
  }
  return conditional;
}

/**
 * Joint affinities p_ij = (p_{j|i} + p_{i|j}) / (2N) from row-stochastic conditionals, in place:
 * symmetric, summing to 1 over all i ≠ j.
 */
export function symmetrizeDense(conditional: Float64Array, size: number): Float64Array {
  const scale = 1 / (2 * size);
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const joint = (conditional[i * size + j] + conditional[j * size + i]) * scale;
      conditional[i * size + j] = joint;
      conditional[j * size + i] = joint;
    }
  }
  return conditional;
}

/**
 * Conditional affinities over each point's k nearest neighbours only, aligned with
 * `graph.indices` (k per point, each point's k values summing to 1).
 */
export function sparseConditionalAffinities(
  graph: NeighborGraph,
  perplexity: number,
  onRow?: (row: number) => void,
): Float64Array {
  const { size, k, distancesSquared } = graph;
  const conditional = new Float64Array(size * k);
  for (let i = 0; i < size; i++) {
    calibrateConditional(
      distancesSquared.subarray(i * k, (i + 1) * k),
      perplexity,
      conditional.subarray(i * k, (i + 1) * k),
    );
    onRow?.(i);
  }
  return conditional;
}

/** A symmetric sparse affinity matrix in compressed sparse rows; its values sum to 1. */
export interface SparseAffinities {
  readonly size: number;
  /** Row i's entries are at [rowStart[i], rowStart[i+1]). */
  readonly rowStart: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float64Array;
}

/**
 * Joint affinities p_ij = (p_{j|i} + p_{i|j}) / (2N) from kNN conditionals. The pattern is the union
 * of the kNN graph and its transpose, so a row holds between k and k + (in-degree) entries.
 */
export function symmetrizeSparse(graph: NeighborGraph, conditional: Float64Array): SparseAffinities {
  const { size, k, indices } = graph;
  // Upper bound per row: its own k neighbours plus every point that lists it.
  const rowStart = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) rowStart[i + 1] += k;
  for (let e = 0; e < size * k; e++) rowStart[indices[e] + 1] += 1;
  for (let i = 0; i < size; i++) rowStart[i + 1] += rowStart[i];
  const columns = new Int32Array(rowStart[size]);
  const values = new Float64Array(rowStart[size]);
  const fill = rowStart.slice(0, size);
  const scale = 1 / (2 * size);
  for (let i = 0; i < size; i++) {
    for (let e = i * k; e < (i + 1) * k; e++) {
      const j = indices[e];
      const value = conditional[e] * scale;
      columns[fill[i]] = j;
      values[fill[i]++] = value;
      columns[fill[j]] = i;
      values[fill[j]++] = value;
    }
  }
  // Merge entries listed twice (i and j in each other's lists) and compact rows to the front.
  const slotOfColumn = new Int32Array(size).fill(-1);
  const compactStart = new Int32Array(size + 1);
  let write = 0;
  for (let i = 0; i < size; i++) {
    compactStart[i] = write;
    const rowBegin = write;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const j = columns[e];
      const slot = slotOfColumn[j];
      if (slot >= 0) {
        values[slot] += values[e];
      } else {
        slotOfColumn[j] = write;
        columns[write] = j;
        values[write++] = values[e];
      }
    }
    for (let e = rowBegin; e < write; e++) slotOfColumn[columns[e]] = -1;
  }
  compactStart[size] = write;
  return { size, rowStart: compactStart, columns: columns.slice(0, write), values: values.slice(0, write) };
}
