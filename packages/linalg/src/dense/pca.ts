import { InvalidArgumentError } from "@lab/core";
import { Matrix } from "../matrix.js";
import { matmul, matmulTransposeB } from "./matmul.js";
import { svd } from "./svd.js";

/** A fitted principal component analysis (plain data, so it can be saved as JSON). */
export interface PcaModel {
  /** Per-feature mean of the training data (length d), subtracted before projecting. */
  readonly mean: Float64Array;
  /** k×d: row i is the i-th principal axis (unit length), by decreasing variance. */
  readonly components: Matrix;
  /** Variance of the data along each component: σᵢ²/(n − 1), as scikit-learn reports it. */
  readonly explainedVariance: Float64Array;
  /** explainedVariance divided by the total variance of all d features. */
  readonly explainedVarianceRatio: Float64Array;
  /** The k largest singular values of the centred data. */
  readonly singularValues: Float64Array;
}

export interface PcaOptions {
  /** How many components to keep; default min(n, d). */
  readonly components?: number;
}

/**
 * PCA of the rows of X (n samples × d features) by the SVD of the centred data, Xc = U·Σ·Vᵀ: the
 * components are the rows of Vᵀ (set 5, problem A: the eigenvectors of XcᵀXc, with eigenvalues σ²).
 * Each component's largest-magnitude entry is positive (the SVD's sign convention, scikit-learn's
 * `svd_flip` on Vᵀ, its PCA default since 1.5), so fits are deterministic.
 */
export function fitPca(x: Matrix, options: PcaOptions = {}): PcaModel {
  const n = x.rows;
  const d = x.cols;
  if (n < 2 || d < 1) {
    throw new InvalidArgumentError(`fitPca needs at least 2 samples and 1 feature, got ${n}×${d}`);
  }
  const maxComponents = Math.min(n, d);
  const k = options.components ?? maxComponents;
  if (!Number.isInteger(k) || k < 1 || k > maxComponents) {
    throw new InvalidArgumentError(
      `fitPca components must be an integer in [1, ${maxComponents}] for ${n}×${d} data, got ${k}`,
    );
  }
  const mean = new Float64Array(d);
  const data = x.data;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const centered = center(x, mean);
  const { s, v } = svd(centered);
  const components = new Matrix(k, d);
  for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) components.data[i * d + j] = v.data[j * v.cols + i];
  let totalVariance = 0;
  for (const value of s) totalVariance += (value * value) / (n - 1);
  const explainedVariance = new Float64Array(k);
  const explainedVarianceRatio = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    explainedVariance[i] = (s[i] * s[i]) / (n - 1);
    // Constant data has no variance to explain; report 0 rather than 0/0.
    explainedVarianceRatio[i] = totalVariance === 0 ? 0 : explainedVariance[i] / totalVariance;
  }
  return { mean, components, explainedVariance, explainedVarianceRatio, singularValues: s.slice(0, k) };
}

/** Coordinates of the rows of X on the components: (X − mean)·componentsᵀ (n×k). */
export function pcaTransform(model: PcaModel, x: Matrix): Matrix {
  const d = model.mean.length;
  if (x.cols !== d) {
    throw new InvalidArgumentError(`pcaTransform: the model was fitted on ${d} features, got ${x.cols}`);
  }
  return matmulTransposeB(center(x, model.mean), model.components);
}

/** Back to feature space: Z·components + mean (n×d); exact for Z from pcaTransform when k = d. */
export function pcaInverseTransform(model: PcaModel, z: Matrix): Matrix {
  const k = model.components.rows;
  if (z.cols !== k) {
    throw new InvalidArgumentError(
      `pcaInverseTransform: the model has ${k} components, got ${z.cols} columns`,
    );
  }
  const result = matmul(z, model.components);
  const d = model.mean.length;
  const data = result.data;
  for (let i = 0; i < result.rows; i++) for (let j = 0; j < d; j++) data[i * d + j] += model.mean[j];
  return result;
}

function center(x: Matrix, mean: Float64Array): Matrix {
  const result = x.clone();
  const d = x.cols;
  const data = result.data;
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < d; j++) data[i * d + j] -= mean[j];
  return result;
}
