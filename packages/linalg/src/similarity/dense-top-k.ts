import type { Matrix } from "../matrix.js";
import { PROGRESS_BLOCK_ROWS, type SearchPlan } from "./search-plan.js";

/** Query rows scored together against each collection row, sharing its loads from memory. */
const QUERY_TILE = 4;

/**
 * Top-k of every query row against a dense collection, by cosine similarity or Euclidean
 * distance. Query rows go in tiles of four: each collection row is read once per tile and feeds
 * four independent sums, which keeps the floating-point units busy instead of waiting on one
 * dependency chain. Each sum still runs over the columns in order, so every score equals, bit for
 * bit, the pairwise `cosine` / `euclidean` of the same two rows. Scores go straight into the
 * per-row heaps; no block of the N×N matrix is kept.
 */
export function denseTopK(
  queries: Matrix,
  collection: Matrix,
  metric: "cosine" | "euclidean",
  plan: SearchPlan,
): void {
  const m = queries.rows;
  const n = collection.rows;
  const d = collection.cols;
  const q = queries.data;
  const x = collection.data;
  const cosine = metric === "cosine";
  const queryNorms = cosine ? rowNorms(queries) : null;
  const collectionNorms = cosine ? rowNorms(collection) : null;
  const { heaps, excluded, skipSelf } = plan;
  let reported = 0;

  let first = 0;
  for (; first + QUERY_TILE <= m; first += QUERY_TILE) {
    const o0 = first * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    for (let j = 0; j < n; j++) {
      if (excluded !== null && excluded[j] === 1) continue;
      const xo = j * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      if (cosine) {
        for (let c = 0; c < d; c++) {
          const value = x[xo + c]!;
          s0 += q[o0 + c]! * value;
          s1 += q[o1 + c]! * value;
          s2 += q[o2 + c]! * value;
          s3 += q[o3 + c]! * value;
        }
        const norm = collectionNorms![j]!;
        s0 = cosineFromDot(s0, queryNorms![first]! * norm);
        s1 = cosineFromDot(s1, queryNorms![first + 1]! * norm);
        s2 = cosineFromDot(s2, queryNorms![first + 2]! * norm);
        s3 = cosineFromDot(s3, queryNorms![first + 3]! * norm);
      } else {
        for (let c = 0; c < d; c++) {
          const value = x[xo + c]!;
          const d0 = q[o0 + c]! - value;
          const d1 = q[o1 + c]! - value;
          const d2 = q[o2 + c]! - value;
          const d3 = q[o3 + c]! - value;
          s0 += d0 * d0;
          s1 += d1 * d1;
          s2 += d2 * d2;
          s3 += d3 * d3;
        }
        s0 = -Math.sqrt(s0);
        s1 = -Math.sqrt(s1);
        s2 = -Math.sqrt(s2);
        s3 = -Math.sqrt(s3);
      }
      if (!skipSelf || j !== first) heaps.offer(first, s0, j);
      if (!skipSelf || j !== first + 1) heaps.offer(first + 1, s1, j);
      if (!skipSelf || j !== first + 2) heaps.offer(first + 2, s2, j);
      if (!skipSelf || j !== first + 3) heaps.offer(first + 3, s3, j);
    }
    for (let r = first; r < first + QUERY_TILE; r++) heaps.sortRow(r);
    if (first + QUERY_TILE - reported >= PROGRESS_BLOCK_ROWS) {
      plan.progress.advance(first + QUERY_TILE - reported);
      reported = first + QUERY_TILE;
    }
  }

  for (let r = first; r < m; r++) {
    const o = r * d;
    for (let j = 0; j < n; j++) {
      if ((skipSelf && j === r) || (excluded !== null && excluded[j] === 1)) continue;
      const xo = j * d;
      let sum = 0;
      if (cosine) {
        for (let c = 0; c < d; c++) sum += q[o + c]! * x[xo + c]!;
        heaps.offer(r, cosineFromDot(sum, queryNorms![r]! * collectionNorms![j]!), j);
      } else {
        for (let c = 0; c < d; c++) {
          const difference = q[o + c]! - x[xo + c]!;
          sum += difference * difference;
        }
        heaps.offer(r, -Math.sqrt(sum), j);
      }
    }
    heaps.sortRow(r);
  }
  plan.progress.advance(m - reported);
}

function cosineFromDot(dot: number, denominator: number): number {
  return denominator === 0 ? 0 : dot / denominator;
}

/** √(Σ x²) per row, summed in column order as the pairwise `cosine` does. */
function rowNorms(matrix: Matrix): Float64Array {
  const { rows, cols, data } = matrix;
  const result = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += data[i * cols + c]! * data[i * cols + c]!;
    result[i] = Math.sqrt(sum);
  }
  return result;
}
