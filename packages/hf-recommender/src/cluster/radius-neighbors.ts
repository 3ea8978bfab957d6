import { InvalidArgumentError } from "@lab/core";
import { CsrMatrix } from "@lab/linalg";
import { squaredRowNorms } from "./rows.js";

/** Distances a radius search supports: 1 − cosine similarity, or Euclidean. */
export type RadiusMetric = "cosine" | "euclidean";

/**
 * All rows of a sparse collection within a radius of a query row, without any N×N block: the
 * query's columns are walked through an inverted index (each column's list of rows), so only rows
 * sharing a column with the query are scored; rows sharing none have a known distance (1 for
 * cosine, √(‖q‖² + ‖x‖²) for Euclidean) and are added without being scored — for Euclidean from a
 * list sorted by norm, cut where the distance passes the radius.
 *
 * The arithmetic is scikit-learn's, so results match it at the boundary: cosine distance is
 * 1 − Σ (q_c/‖q‖)(x_c/‖x‖) summed in column order and clipped to [0, 2] (`cosine_distances`); the
 * Euclidean test is (−2q·x + ‖q‖²) + ‖x‖², clamped at 0, against radius². A zero row has cosine
 * similarity 0 with every row, itself included, so its cosine distance to everything is 1, as in
 * scikit-learn.
 *
 * A general tool that belongs in @lab/linalg's similarity module next to the top-k search; it lives
 * here until it moves.
 */
export class RadiusNeighborIndex {
  readonly metric: RadiusMetric;
  readonly rows: number;
  readonly cols: number;
  private readonly postingStart: Int32Array;
  private readonly postingRows: Int32Array;
  private readonly postingValues: Float64Array;
  private readonly squares: Float64Array;
  /** Rows by ascending squared norm (Euclidean): rows sharing no column are read off its head. */
  private readonly byNorm: Int32Array;
  private readonly collection: CsrMatrix;
  private readonly collectionValues: Float64Array;
  private readonly stamp: Int32Array;
  private readonly dots: Float64Array;
  private mark = 0;

  constructor(collection: CsrMatrix, metric: RadiusMetric) {
    if (!(collection instanceof CsrMatrix)) {
      throw new InvalidArgumentError("RadiusNeighborIndex: the collection must be a CsrMatrix");
    }
    if (metric !== "cosine" && metric !== "euclidean") {
      throw new InvalidArgumentError(
        `RadiusNeighborIndex: metric must be "cosine" or "euclidean", got ${String(metric)}`,
      );
    }
    this.metric = metric;
    this.rows = collection.rows;
    this.cols = collection.cols;
    this.collection = collection;
    this.squares = squaredRowNorms(collection);
    this.collectionValues =
      metric === "cosine" ? normalisedValues(collection, this.squares) : collection.values;
    const scored = new CsrMatrix(
      collection.rows,
      collection.cols,
      collection.indptr,
      collection.indices,
      this.collectionValues,
    );
    const postings = scored.transpose();
    this.postingStart = postings.indptr;
    this.postingRows = postings.indices;
    this.postingValues = postings.values;
    const order = Array.from({ length: collection.rows }, (_, i) => i);
    if (metric === "euclidean") order.sort((a, b) => this.squares[a]! - this.squares[b]! || a - b);
    this.byNorm = Int32Array.from(order);
    this.stamp = new Int32Array(collection.rows);
    this.dots = new Float64Array(collection.rows);
  }

  /**
   * Writes the collection rows within `radius` (distance ≤ radius) of row `row` of the collection
   * into `out` in ascending order and returns how many there are. `out` needs room for every row.
   */
  neighborsOfRow(row: number, radius: number, out: Int32Array): number {
    const { indptr, indices } = this.collection;
    const start = indptr[row]!;
    const end = indptr[row + 1]!;
    return this.search(indices, this.collectionValues, start, end, this.squares[row]!, radius, out);
  }

  /** The same for row `row` of another matrix with the same columns (not normalised beforehand). */
  neighbors(queries: CsrMatrix, row: number, radius: number, out: Int32Array): number {
    if (queries.cols !== this.cols) {
      throw new InvalidArgumentError(
        `RadiusNeighborIndex: queries have ${queries.cols} columns, the collection ${this.cols}`,
      );
    }
    const start = queries.indptr[row]!;
    const end = queries.indptr[row + 1]!;
    let square = 0;
    for (let t = start; t < end; t++) square += queries.values[t]! * queries.values[t]!;
    let values = queries.values;
    if (this.metric === "cosine") {
      values = new Float64Array(queries.values.subarray(0, end));
      const norm = Math.sqrt(square);
      for (let t = start; t < end; t++) values[t] = norm === 0 ? 0 : queries.values[t]! / norm;
    }
    return this.search(queries.indices, values, start, end, square, radius, out);
  }

  private search(
    queryColumns: Int32Array,
    queryValues: Float64Array,
    start: number,
    end: number,
    querySquare: number,
    radius: number,
    out: Int32Array,
  ): number {
    if (!(radius > 0) || !Number.isFinite(radius)) {
      throw new InvalidArgumentError(
        `RadiusNeighborIndex: radius must be a finite number > 0, got ${radius}`,
      );
    }
    if (out.length < this.rows) {
      throw new InvalidArgumentError(`RadiusNeighborIndex: out needs room for ${this.rows} rows`);
    }
    const { postingStart, postingRows, postingValues, stamp, dots, squares } = this;
    const mark = ++this.mark;
    let touched = 0;
    // First gather the rows sharing a column, accumulating the dot products in the query's column
    // order (the order scipy's sparse product sums them in).
    for (let t = start; t < end; t++) {
      const col = queryColumns[t]!;
      const value = queryValues[t]!;
      for (let p = postingStart[col]!; p < postingStart[col + 1]!; p++) {
        const j = postingRows[p]!;
        if (stamp[j] !== mark) {
          stamp[j] = mark;
          dots[j] = 0;
          out[touched++] = j;
        }
        dots[j] += value * postingValues[p]!;
      }
    }
    let count = 0;
    if (this.metric === "cosine") {
      for (let s = 0; s < touched; s++) {
        const j = out[s]!;
        let distance = 1 - dots[j]!;
        if (distance < 0) distance = 0;
        else if (distance > 2) distance = 2;
        if (distance <= radius) out[count++] = j;
      }
      // Rows sharing no column: similarity 0, distance exactly 1.
      if (1 <= radius) {
        for (let j = 0; j < this.rows; j++) if (stamp[j] !== mark) out[count++] = j;
      }
    } else {
      const radiusSquared = radius * radius;
      for (let s = 0; s < touched; s++) {
        const j = out[s]!;
        let squared = -2 * dots[j]! + querySquare + squares[j]!;
        if (squared < 0) squared = 0;
        if (squared <= radiusSquared) out[count++] = j;
      }
      // Rows sharing no column: ‖q‖² + ‖x‖², growing along the norm order.
      const { byNorm } = this;
      for (let s = 0; s < byNorm.length; s++) {
        const j = byNorm[s]!;
        if (querySquare + squares[j]! > radiusSquared) break;
        if (stamp[j] !== mark) out[count++] = j;
      }
    }
    out.subarray(0, count).sort();
    // Reset the stamp wrap-around well before Int32 overflow.
    if (this.mark > 2_000_000_000) {
      this.mark = 0;
      stamp.fill(0);
    }
    return count;
  }
}

/** Each row divided by its L2 norm (zero rows stay zero), as scikit-learn's `normalize`. */
function normalisedValues(matrix: CsrMatrix, squares: Float64Array): Float64Array {
  const { indptr, values } = matrix;
  const out = new Float64Array(values.length);
  for (let i = 0; i < matrix.rows; i++) {
    if (squares[i] === 0) continue;
    const norm = Math.sqrt(squares[i]!);
    for (let t = indptr[i]!; t < indptr[i + 1]!; t++) out[t] = values[t]! / norm;
  }
  return out;
}
