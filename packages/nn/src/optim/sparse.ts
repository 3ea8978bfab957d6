import { checkFraction, checkRate } from "./optimizer.js";

/**
 * The update of one sparse embedding table, applied in TypeScript to the rows a step used: the
 * table stays in JS memory, the training graph receives those rows and returns their gradients.
 */
export interface SparseTableUpdate {
  /**
   * Updates rows ids[0 .. count) of `table` (row r at r·dim) from `gradients` (row u at u·dim, for
   * ids[u]); `step` is the 1-based step number, `learningRate` the rate for this step.
   */
  apply(
    table: Float32Array | Float64Array,
    ids: Int32Array,
    count: number,
    gradients: Float32Array | Float64Array,
    learningRate: number,
    step: number,
  ): void;
}

/** A rule for sparse embedding tables; creates the per-table state (e.g. Adam's moments). */
export interface SparseOptimizer {
  readonly name: string;
  readonly learningRate: number;
  forTable(rows: number, dim: number): SparseTableUpdate;
}

/**
 * Plain SGD on the rows used: row ← row − lr·g. For rows a step does not use the gradient is zero,
 * so this equals dense SGD on the whole table, at the cost of the used rows only.
 */
export function sparseSgd(options: { readonly learningRate: number }): SparseOptimizer {
  const { learningRate } = options;
  checkRate(learningRate, "sparse SGD learning rate");
  return {
    name: "sparse_sgd",
    learningRate,
    forTable(_rows, dim) {
      return {
        apply(table, ids, count, gradients, rate) {
          for (let u = 0; u < count; u++) {
            const base = ids[u] * dim;
            const from = u * dim;
            for (let k = 0; k < dim; k++) table[base + k] -= rate * gradients[from + k];
          }
        },
      };
    },
  };
}

export interface LazyAdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/**
 * Lazy Adam (PyTorch's SparseAdam, TensorFlow's LazyAdam): Adam's update applied to the rows a step
 * uses only; the moments of other rows are left as they are rather than decayed. Bias correction
 * uses the global step number, as both of those do. The moments are full-table Float64Arrays,
 * allocated once.
 */
export function lazyAdam(options: LazyAdamOptions): SparseOptimizer {
  const { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
  checkRate(learningRate, "lazy Adam learning rate");
  checkFraction(beta1, "lazy Adam beta1");
  checkFraction(beta2, "lazy Adam beta2");
  checkRate(epsilon, "lazy Adam epsilon");
  return {
    name: "lazy_adam",
    learningRate,
    forTable(rows, dim) {
      const m = new Float64Array(rows * dim);
      const v = new Float64Array(rows * dim);
      return {
        apply(table, ids, count, gradients, rate, step) {
          const stepSize = rate / (1 - beta1 ** step);
          const inverseRootCorrection2 = 1 / Math.sqrt(1 - beta2 ** step);
          for (let u = 0; u < count; u++) {
            const base = ids[u] * dim;
            const from = u * dim;
            for (let k = 0; k < dim; k++) {
              const g = gradients[from + k];
              const i = base + k;
              m[i] = beta1 * m[i] + (1 - beta1) * g;
              v[i] = beta2 * v[i] + (1 - beta2) * g * g;
              table[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) * inverseRootCorrection2 + epsilon);
            }
          }
        },
      };
    },
  };
}
