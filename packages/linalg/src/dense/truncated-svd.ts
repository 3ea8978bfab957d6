import { InvalidArgumentError } from "@lab/core";
import { Matrix } from "../matrix.js";
import { leadingColumns } from "./columns.js";
import { frobeniusNorm } from "./norms.js";
import { type SingularValueDecomposition, svd } from "./svd.js";

/**
 * The rank-k truncated SVD: U (m×k), the k largest singular values, V (n×k). U_k·Σ_k·V_kᵀ is the best
 * rank-k approximation of X in Frobenius and spectral norm (Eckart–Young). Computes the exact thin
 * SVD first; for large or sparse inputs with small k use `randomizedSvd`.
 */
export function truncatedSvd(x: Matrix, rank: number): SingularValueDecomposition {
  return truncate(svd(x), rank);
}

/** The leading `rank` triplets of an existing decomposition. */
export function truncate(
  decomposition: SingularValueDecomposition,
  rank: number,
): SingularValueDecomposition {
  const { u, s, v } = decomposition;
  checkRank(rank, s.length);
  return { u: leadingColumns(u, rank), s: s.slice(0, rank), v: leadingColumns(v, rank) };
}

/** U_k·Σ_k·V_kᵀ (m×n) from the first `rank` triplets (all of them by default). */
export function lowRankApproximation(
  decomposition: SingularValueDecomposition,
  rank = decomposition.s.length,
): Matrix {
  const { u, s, v } = decomposition;
  checkRank(rank, s.length, true);
  const m = u.rows;
  const n = v.rows;
  const result = new Matrix(m, n);
  const out = result.data;
  // Σ_p σ_p·u_p·v_pᵀ accumulated row by row: out[i, :] += (σ_p·u_ip)·v_p, v_p read as column p of V.
  const vTransposed = leadingColumns(v, rank).transpose();
  const vt = vTransposed.data;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < rank; p++) {
      const weight = s[p] * u.data[i * u.cols + p];
      if (weight === 0) continue;
      const source = p * n;
      for (let j = 0; j < n; j++) out[row + j] += weight * vt[source + j];
    }
  }
  return result;
}

/** What storing a rank-k truncated SVD of an m×n matrix costs against storing the matrix. */
export interface CompressionStorage {
  readonly rank: number;
  /** k·(m + n + 1): k columns of U and of V plus the k singular values (Σ's zeros are not stored). */
  readonly truncatedValues: number;
  /** m·n. */
  readonly fullValues: number;
  /** truncatedValues / fullValues. */
  readonly ratio: number;
  /** Whether the truncated form is strictly smaller. */
  readonly saves: boolean;
}

/**
 * Storage of a rank-k truncated SVD (set 5, problem D): k(2N + 1) values for an N×N matrix against
 * N², and k(m + n + 1) against m·n in general. `cols` defaults to `rows` (the square case).
 */
export function compressionStorage(rows: number, rank: number, cols = rows): CompressionStorage {
  for (const [name, value] of [
    ["rows", rows],
    ["cols", cols],
    ["rank", rank],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new InvalidArgumentError(
        `compressionStorage ${name} must be a non-negative integer, got ${value}`,
      );
    }
  }
  const truncatedValues = rank * (rows + cols + 1);
  const fullValues = rows * cols;
  return {
    rank,
    truncatedValues,
    fullValues,
    ratio: fullValues === 0 ? Number.POSITIVE_INFINITY : truncatedValues / fullValues,
    saves: truncatedValues < fullValues,
  };
}

/** The largest k whose truncated SVD is strictly smaller than the matrix: k(m+n+1) < mn. */
export function largestSavingRank(rows: number, cols = rows): number {
  if (rows * cols === 0) return 0;
  return Math.floor((rows * cols - 1) / (rows + cols + 1));
}

export interface CompressionRow extends CompressionStorage {
  /** ‖X − X_k‖_F / ‖X‖_F of the rank-k reconstruction, measured (0 for X = 0). */
  readonly relativeError: number;
}

/**
 * One SVD, then for each requested rank the storage cost and the measured relative reconstruction
 * error (which equals √(Σ_{i>k} σᵢ²)/‖X‖_F by Eckart–Young; measuring it checks the factors too).
 */
export function compressionTable(x: Matrix, ranks: readonly number[]): CompressionRow[] {
  const decomposition = svd(x);
  const norm = frobeniusNorm(x);
  return ranks.map((rank) => {
    checkRank(rank, decomposition.s.length, true);
    const approximation = lowRankApproximation(decomposition, rank);
    let squaredError = 0;
    for (let index = 0; index < x.data.length; index++) {
      const difference = x.data[index] - approximation.data[index];
      squaredError += difference * difference;
    }
    const error = Math.sqrt(squaredError);
    return { ...compressionStorage(x.rows, rank, x.cols), relativeError: norm === 0 ? error : error / norm };
  });
}

function checkRank(rank: number, available: number, allowZero = false): void {
  const lowest = allowZero ? 0 : 1;
  if (!Number.isInteger(rank) || rank < lowest || rank > available) {
    throw new InvalidArgumentError(`rank must be an integer in [${lowest}, ${available}], got ${rank}`);
  }
}
