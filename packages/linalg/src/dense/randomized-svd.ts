import { InvalidArgumentError, Rng, type Seed } from "@lab/core";
import { Matrix } from "../matrix.js";
import type { LinearOperator } from "../sparse/linear-operator.js";
import { leadingColumns } from "./columns.js";
import { matmul, matmulTransposeA } from "./matmul.js";
import { formQ, householderQr } from "./qr.js";
import type { SingularValueDecomposition } from "./svd.js";
import { svd } from "./svd.js";

export interface RandomizedSvdOptions {
  /** Extra random directions beyond `rank`, which make the captured subspace reliable; default 10. */
  readonly oversampling?: number;
  /**
   * Subspace (power) iterations with (AAᵀ); each sharpens the spectrum's decay, needed when singular
   * values decay slowly. Default 4 (scikit-learn's default for randomized_svd when k is not tiny).
   */
  readonly powerIterations?: number;
  /** Seed of the Gaussian test matrix; same seed, same result. Default 0. */
  readonly seed?: Seed;
}

/** Wraps a dense matrix as a `LinearOperator`. */
export function matrixOperator(a: Matrix): LinearOperator {
  return {
    rows: a.rows,
    cols: a.cols,
    multiply: (x) => matmul(a, x),
    multiplyTranspose: (x) => matmulTransposeA(a, x),
  };
}

/**
 * The leading `rank` singular triplets by the randomized range finder of Halko, Martinsson & Tropp
 * (2011, Algorithms 4.4 and 5.1): sample the range with a Gaussian block Y = A·Ω of rank+p columns,
 * refine it by power iterations, re-orthonormalising with Householder QR after every product (in
 * floating point, (AAᵀ)^q·Y alone collapses onto the top singular vector), then take the exact SVD of
 * the small Qᵀ·A. Accepts a dense matrix or any `LinearOperator` (e.g. a CSR sparse matrix), touching
 * it only through products with (rank+p)-column blocks. Same sign convention as `svd`.
 */
export function randomizedSvd(
  a: Matrix | LinearOperator,
  rank: number,
  options: RandomizedSvdOptions = {},
): SingularValueDecomposition {
  const operator = a instanceof Matrix ? matrixOperator(a) : a;
  const { rows: m, cols: n } = operator;
  const smaller = Math.min(m, n);
  if (!Number.isInteger(rank) || rank < 1 || rank > smaller) {
    throw new InvalidArgumentError(
      `randomizedSvd rank must be an integer in [1, ${smaller}] for ${m}×${n}, got ${rank}`,
    );
  }
  const oversampling = options.oversampling ?? 10;
  const powerIterations = options.powerIterations ?? 4;
  if (!Number.isInteger(oversampling) || oversampling < 0) {
    throw new InvalidArgumentError(
      `randomizedSvd oversampling must be a non-negative integer, got ${oversampling}`,
    );
  }
  if (!Number.isInteger(powerIterations) || powerIterations < 0) {
    throw new InvalidArgumentError(
      `randomizedSvd powerIterations must be a non-negative integer, got ${powerIterations}`,
    );
  }
  const sampleCount = Math.min(rank + oversampling, smaller);
  const rng = new Rng(options.seed ?? 0);
  const omega = new Matrix(n, sampleCount);
  rng.fillNormal(omega.data);

  let basis = orthonormalColumns(checkedProduct(operator.multiply(omega), m, sampleCount, "multiply"));
  for (let iteration = 0; iteration < powerIterations; iteration++) {
    const back = orthonormalColumns(
      checkedProduct(operator.multiplyTranspose(basis), n, sampleCount, "multiplyTranspose"),
    );
    basis = orthonormalColumns(checkedProduct(operator.multiply(back), m, sampleCount, "multiply"));
  }
  // B = Qᵀ·A (l×n) is the transpose of Aᵀ·Q, which the operator gives directly.
  const projectedTranspose = checkedProduct(
    operator.multiplyTranspose(basis),
    n,
    sampleCount,
    "multiplyTranspose",
  );
  const small = svd(projectedTranspose.transpose());
  const u = matmul(basis, small.u);
  return {
    u: leadingColumns(u, rank),
    s: small.s.slice(0, rank),
    v: leadingColumns(small.v, rank),
  };
}

/** Q of the thin Householder QR: an orthonormal basis of the columns' span. */
function orthonormalColumns(block: Matrix): Matrix {
  return formQ(householderQr(block), Math.min(block.rows, block.cols));
}

function checkedProduct(result: Matrix, rows: number, cols: number, method: string): Matrix {
  if (result.rows !== rows || result.cols !== cols) {
    throw new InvalidArgumentError(
      `randomizedSvd: operator.${method} returned ${result.rows}×${result.cols}, expected ${rows}×${cols}`,
    );
  }
  return result;
}
