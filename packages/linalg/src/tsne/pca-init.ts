import type { Rng } from "@lab/core";
import type { Matrix } from "../matrix.js";

/** Subspace change (1 - |cos|, per axis) under which the iteration counts as converged. */
const CONVERGENCE_TOLERANCE = 1e-10;
const MAX_SUBSPACE_ITERATIONS = 300;

/**
 * Scores of the rows on the top `components` principal axes (N × components, row-major), by
 * orthogonal (subspace) iteration on the covariance, applied implicitly as Xcᵀ(Xc V) so it costs
 * O(N·D·components) per step and never forms the D×D covariance; a final Rayleigh–Ritz rotation
 * orders the axes by variance even when two eigenvalues are too close for the iteration to split.
 *
 * Kept local to t-SNE initialisation, where only 2–3 leading axes and modest accuracy are needed;
 * it is not a general PCA. Signs are fixed so each score column's largest-magnitude entry is
 * positive, making the result independent of the random start.
 */
export function principalScores(points: Matrix, components: number, rng: Rng): Float64Array {
  const size = points.rows;
  const dims = points.cols;
  const data = points.data;
  const mean = new Float64Array(dims);
  for (let i = 0; i < size; i++) for (let d = 0; d < dims; d++) mean[d] += data[i * dims + d];
  for (let d = 0; d < dims; d++) mean[d] /= size;

  // Axes are stored column-wise as `components` consecutive vectors of length dims.
  let axes = new Float64Array(components * dims);
  rng.fillNormal(axes);
  orthonormalize(axes, components, dims);
  const scores = new Float64Array(size * components);
  let next = new Float64Array(components * dims);
  for (let iteration = 0; iteration < MAX_SUBSPACE_ITERATIONS; iteration++) {
    projectCentered(data, mean, size, dims, axes, components, scores);
    applyTransposeCentered(data, mean, size, dims, scores, components, next);
    orthonormalize(next, components, dims);
    let change = 0;
    for (let c = 0; c < components; c++) {
      let cosine = 0;
      for (let d = 0; d < dims; d++) cosine += axes[c * dims + d] * next[c * dims + d];
      change = Math.max(change, 1 - Math.abs(cosine));
    }
    [axes, next] = [next, axes];
    if (change < CONVERGENCE_TOLERANCE) break;
  }

  projectCentered(data, mean, size, dims, axes, components, scores);
  rayleighRitzRotate(scores, size, components);
  for (let c = 0; c < components; c++) {
    let largest = 0;
    for (let i = 0; i < size; i++) {
      const value = scores[i * components + c];
      if (Math.abs(value) > Math.abs(largest)) largest = value;
    }
    if (largest < 0) for (let i = 0; i < size; i++) scores[i * components + c] = -scores[i * components + c];
  }
  return scores;
}

/** scores = (X - mean) · axesᵀ, i.e. each row's coordinate along each axis. */
function projectCentered(
  data: Float64Array,
  mean: Float64Array,
  size: number,
  dims: number,
  axes: Float64Array,
  components: number,
  scores: Float64Array,
): void {
  for (let i = 0; i < size; i++) {
    for (let c = 0; c < components; c++) {
      let sum = 0;
      for (let d = 0; d < dims; d++) sum += (data[i * dims + d] - mean[d]) * axes[c * dims + d];
      scores[i * components + c] = sum;
    }
  }
}

/** out_c = (X - mean)ᵀ · scores_c for each component: the covariance applied to the axes (unscaled). */
function applyTransposeCentered(
  data: Float64Array,
  mean: Float64Array,
  size: number,
  dims: number,
  scores: Float64Array,
  components: number,
  out: Float64Array,
): void {
  out.fill(0);
  for (let i = 0; i < size; i++) {
    for (let c = 0; c < components; c++) {
      const score = scores[i * components + c];
      for (let d = 0; d < dims; d++) out[c * dims + d] += (data[i * dims + d] - mean[d]) * score;
    }
  }
}

/** Modified Gram–Schmidt on `count` vectors of length `length`; a vector that vanishes is reset to a basis vector. */
function orthonormalize(vectors: Float64Array, count: number, length: number): void {
  for (let c = 0; c < count; c++) {
    for (let attempt = 0; attempt <= length; attempt++) {
      for (let previous = 0; previous < c; previous++) {
        let dot = 0;
        for (let d = 0; d < length; d++) dot += vectors[c * length + d] * vectors[previous * length + d];
        for (let d = 0; d < length; d++) vectors[c * length + d] -= dot * vectors[previous * length + d];
      }
      let norm = 0;
      for (let d = 0; d < length; d++) norm += vectors[c * length + d] ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-12) {
        for (let d = 0; d < length; d++) vectors[c * length + d] /= norm;
        break;
      }
      // The data has fewer directions of variance than components (e.g. rank-1 input): any unit
      // vector orthogonal to the earlier axes will do, so try the basis vectors in turn.
      vectors.fill(0, c * length, (c + 1) * length);
      vectors[c * length + (attempt % length)] = 1;
    }
  }
}

/**
 * Rotates the score columns onto the eigenvectors of their own k×k covariance (cyclic Jacobi),
 * largest variance first, so the columns are uncorrelated and ordered like true principal axes.
 */
function rayleighRitzRotate(scores: Float64Array, size: number, components: number): void {
  const k = components;
  const gram = new Float64Array(k * k);
  for (let i = 0; i < size; i++) {
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) gram[a * k + b] += scores[i * k + a] * scores[i * k + b];
    }
  }
  const rotation = new Float64Array(k * k);
  for (let a = 0; a < k; a++) rotation[a * k + a] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let offDiagonal = 0;
    for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) offDiagonal += gram[a * k + b] ** 2;
    if (offDiagonal < 1e-30 * (1 + gram[0] ** 2)) break;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        const offValue = gram[a * k + b];
        if (offValue === 0) continue;
        // Jacobi rotation angle that zeroes gram[a][b].
        const tau = (gram[b * k + b] - gram[a * k + a]) / (2 * offValue);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const cos = 1 / Math.sqrt(1 + t * t);
        const sin = t * cos;
        for (let r = 0; r < k; r++) {
          const ra = gram[r * k + a];
          const rb = gram[r * k + b];
          gram[r * k + a] = cos * ra - sin * rb;
          gram[r * k + b] = sin * ra + cos * rb;
        }
        for (let r = 0; r < k; r++) {
          const ar = gram[a * k + r];
          const br = gram[b * k + r];
          gram[a * k + r] = cos * ar - sin * br;
          gram[b * k + r] = sin * ar + cos * br;
        }
        for (let r = 0; r < k; r++) {
          const ra = rotation[r * k + a];
          const rb = rotation[r * k + b];
          rotation[r * k + a] = cos * ra - sin * rb;
          rotation[r * k + b] = sin * ra + cos * rb;
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, index) => index).sort(
    (a, b) => gram[b * k + b] - gram[a * k + a],
  );
  const row = new Float64Array(k);
  for (let i = 0; i < size; i++) {
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let a = 0; a < k; a++) sum += scores[i * k + a] * rotation[a * k + order[c]];
      row[c] = sum;
    }
    for (let c = 0; c < k; c++) scores[i * k + c] = row[c];
  }
}
