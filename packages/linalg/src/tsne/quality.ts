import { InvalidArgumentError } from "@lab/core";
import type { Matrix } from "../matrix.js";
import { nearestNeighbors } from "./neighbors.js";

/**
 * Measures of how well an embedding keeps the neighbourhoods of the original points. Each uses
 * exact neighbours (brute force, O(N²·D)), so they suit evaluation on up to tens of thousands of
 * points, not use inside an optimisation loop.
 */

function checkPair(original: Matrix, embedding: Matrix, k: number): void {
  if (original.rows !== embedding.rows) {
    throw new InvalidArgumentError(
      `original has ${original.rows} rows but the embedding has ${embedding.rows}`,
    );
  }
  if (!Number.isInteger(k) || k < 1 || k >= original.rows) {
    throw new InvalidArgumentError(`k must be an integer in [1, ${original.rows - 1}], got ${k}`);
  }
}

/**
 * Mean fraction of each point's k nearest neighbours in `original` that are also among its k
 * nearest in `embedding`: 1 when every neighbourhood is kept, about k/N for a random layout.
 */
export function neighborPreservation(original: Matrix, embedding: Matrix, k: number): number {
  checkPair(original, embedding, k);
  const size = original.rows;
  const before = nearestNeighbors(original, k).indices;
  const after = nearestNeighbors(embedding, k).indices;
  const marked = new Int32Array(size).fill(-1);
  let kept = 0;
  for (let i = 0; i < size; i++) {
    for (let e = i * k; e < (i + 1) * k; e++) marked[before[e]] = i;
    for (let e = i * k; e < (i + 1) * k; e++) if (marked[after[e]] === i) kept++;
  }
  return kept / (size * k);
}

/**
 * Trustworthiness (Venna and Kaski, 2001): penalises points that are among a point's k nearest in
 * the embedding without being so in the original space, by how far down the original ranking
 * they are. 1 is perfect; k must be below N/2 for the normalisation to hold.
 *   T(k) = 1 - 2/(N k (2N - 3k - 1)) Σ_i Σ_{j ∈ U_k(i)} (r(i, j) - k)
 * where r(i, j) is j's rank (1 = nearest) among i's neighbours in the original space.
 */
export function trustworthiness(original: Matrix, embedding: Matrix, k: number): number {
  checkPair(original, embedding, k);
  const size = original.rows;
  if (k >= size / 2) throw new InvalidArgumentError(`trustworthiness needs k < N/2 = ${size / 2}, got ${k}`);
  const dims = original.cols;
  const data = original.data;
  const after = nearestNeighbors(embedding, k).indices;
  const distances = new Float64Array(size);
  let penalty = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let sum = 0;
      for (let d = 0; d < dims; d++) {
        const diff = data[i * dims + d] - data[j * dims + d];
        sum += diff * diff;
      }
      distances[j] = sum;
    }
    for (let e = i * k; e < (i + 1) * k; e++) {
      const j = after[e];
      // Rank = points strictly nearer than j, ties broken by index as a stable sort would; i
      // itself (distance 0) is excluded so the nearest other point has rank 1.
      const target = distances[j];
      let rank = 0;
      for (let m = 0; m < size; m++) {
        if (m === i) continue;
        const value = distances[m];
        if (value < target || (value === target && m <= j)) rank++;
      }
      if (rank > k) penalty += rank - k;
    }
  }
  return 1 - (2 / (size * k * (2 * size - 3 * k - 1))) * penalty;
}

/**
 * Leave-one-out k-nearest-neighbour classification accuracy in `points`: the fraction of points
 * whose label equals the majority label of their k nearest neighbours (among tied labels, the one
 * that reached the winning count first, nearest first). Labels are non-negative integers.
 */
export function neighborLabelAgreement(points: Matrix, labels: ArrayLike<number>, k: number): number {
  const size = points.rows;
  if (labels.length !== size) {
    throw new InvalidArgumentError(`got ${labels.length} labels for ${size} points`);
  }
  if (!Number.isInteger(k) || k < 1 || k >= size) {
    throw new InvalidArgumentError(`k must be an integer in [1, ${size - 1}], got ${k}`);
  }
  let labelCount = 0;
  for (let i = 0; i < size; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0) {
      throw new InvalidArgumentError(`labels must be non-negative integers, got ${label} at ${i}`);
    }
    labelCount = Math.max(labelCount, label + 1);
  }
  const neighbors = nearestNeighbors(points, k).indices;
  const votes = new Int32Array(labelCount);
  let correct = 0;
  for (let i = 0; i < size; i++) {
    votes.fill(0);
    let best = -1;
    let bestVotes = 0;
    // Walking nearest first and switching only on a strictly larger count breaks ties toward the
    // label that reached the top count with nearer votes.
    for (let e = i * k; e < (i + 1) * k; e++) {
      const label = labels[neighbors[e]];
      const count = ++votes[label];
      if (count > bestVotes) {
        bestVotes = count;
        best = label;
      }
    }
    if (best === labels[i]) correct++;
  }
  return correct / size;
}
