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
 * Cosine walks the query's lists rarest first and stops taking new candidates once the columns left
 * cannot add up to the similarity needed: a row met only in the remaining lists has cosine at most
 * Σ |q_c|·(largest |x_c|/‖x‖ in column c) over them. The long lists of common columns (a library
 * most models share, frequent TF-IDF terms with small weights) are then never walked; candidates
 * are scored exactly afterwards against the query scattered over the columns.
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
  /** Cosine: largest |x_c|/‖x‖ in each column, the bound on a column's share of a similarity. */
  private readonly columnReach: Float64Array;
  private readonly queryDense: Float64Array;
  private scanOrder = new Int32Array(16);
  private remainingBound = new Float64Array(17);
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
    this.columnReach = new Float64Array(metric === "cosine" ? collection.cols : 0);
    if (metric === "cosine") {
      for (let c = 0; c < collection.cols; c++) {
        let reach = 0;
        for (let p = this.postingStart[c]!; p < this.postingStart[c + 1]!; p++) {
          reach = Math.max(reach, Math.abs(this.postingValues[p]!));
        }
        this.columnReach[c] = reach;
      }
    }
    this.queryDense = new Float64Array(metric === "cosine" ? collection.cols : 0);
  }

  /**
   * Writes the collection rows within `radius` (distance ≤ radius) of row `row` of the collection
   * into `out` and returns how many there are. `out` needs room for every row. The rows come in
   * ascending order unless `sorted` is false (sorting a large neighbourhood costs more than finding
   * it, and a caller that only counts or links does not need the order).
   */
  neighborsOfRow(row: number, radius: number, out: Int32Array, sorted = true): number {
    const { indptr, indices } = this.collection;
    const start = indptr[row]!;
    const end = indptr[row + 1]!;
    return this.search(indices, this.collectionValues, start, end, this.squares[row]!, radius, out, sorted);
  }

  /** The same for row `row` of another matrix with the same columns (not normalised beforehand). */
  neighbors(queries: CsrMatrix, row: number, radius: number, out: Int32Array, sorted = true): number {
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
    return this.search(queries.indices, values, start, end, square, radius, out, sorted);
  }

  private search(
    queryColumns: Int32Array,
    queryValues: Float64Array,
    start: number,
    end: number,
    querySquare: number,
    radius: number,
    out: Int32Array,
    sorted: boolean,
  ): number {
    if (!(radius > 0) || !Number.isFinite(radius)) {
      throw new InvalidArgumentError(
        `RadiusNeighborIndex: radius must be a finite number > 0, got ${radius}`,
      );
    }
    if (out.length < this.rows) {
      throw new InvalidArgumentError(`RadiusNeighborIndex: out needs room for ${this.rows} rows`);
    }
    const mark = ++this.mark;
    const count =
      this.metric === "cosine"
        ? this.cosineSearch(queryColumns, queryValues, start, end, radius, out, mark)
        : this.euclideanSearch(queryColumns, queryValues, start, end, querySquare, radius, out, mark);
    if (sorted) out.subarray(0, count).sort();
    // Reset the stamp wrap-around well before Int32 overflow.
    if (this.mark > 2_000_000_000) {
      this.mark = 0;
      this.stamp.fill(0);
    }
    return count;
  }

  private cosineSearch(
    queryColumns: Int32Array,
    queryValues: Float64Array,
    start: number,
    end: number,
    radius: number,
    out: Int32Array,
    mark: number,
  ): number {
    const { postingStart, postingRows, collectionValues, stamp, columnReach, queryDense } = this;
    const { indptr, indices } = this.collection;
    const length = end - start;
    if (this.scanOrder.length < length) {
      this.scanOrder = new Int32Array(2 * length);
      this.remainingBound = new Float64Array(2 * length + 1);
    }
    const order = this.scanOrder;
    const bound = this.remainingBound;
    // Rarest list first (insertion sort: queries are short rows).
    for (let t = 0; t < length; t++) {
      const position = start + t;
      const size = postingStart[queryColumns[position]! + 1]! - postingStart[queryColumns[position]!]!;
      let u = t;
      while (u > 0) {
        const previous = order[u - 1]!;
        const previousSize =
          postingStart[queryColumns[previous]! + 1]! - postingStart[queryColumns[previous]!]!;
        if (previousSize <= size) break;
        order[u] = previous;
        u--;
      }
      order[u] = position;
    }
    bound[length] = 0;
    for (let t = length - 1; t >= 0; t--) {
      const position = order[t]!;
      bound[t] = bound[t + 1]! + Math.abs(queryValues[position]!) * columnReach[queryColumns[position]!]!;
    }
    // A row is a neighbour when 1 − cos ≤ radius, i.e. cos ≥ 1 − radius; the slack keeps rounding in
    // the bound (a few ulps per term) from ever cutting a true neighbour.
    const needed = 1 - radius - 1e-9;
    let touched = 0;
    for (let t = 0; t < length; t++) {
      if (bound[t]! < needed) break;
      const col = queryColumns[order[t]!]!;
      for (let p = postingStart[col]!; p < postingStart[col + 1]!; p++) {
        const j = postingRows[p]!;
        if (stamp[j] !== mark) {
          stamp[j] = mark;
          out[touched++] = j;
        }
      }
    }
    // Score the candidates: the products summed in ascending column order over the shared columns,
    // as scipy's sparse product sums them (the query's other columns add exact zeros).
    for (let t = start; t < end; t++) queryDense[queryColumns[t]!] = queryValues[t]!;
    let count = 0;
    for (let s = 0; s < touched; s++) {
      const j = out[s]!;
      let dot = 0;
      for (let t = indptr[j]!; t < indptr[j + 1]!; t++) {
        const q = queryDense[indices[t]!]!;
        if (q !== 0) dot += q * collectionValues[t]!;
      }
      let distance = 1 - dot;
      if (distance < 0) distance = 0;
      else if (distance > 2) distance = 2;
      if (distance <= radius) out[count++] = j;
    }
    for (let t = start; t < end; t++) queryDense[queryColumns[t]!] = 0;
    // Rows sharing no column: similarity 0, distance exactly 1. Only reachable with radius ≥ 1,
    // where the bound never stops the walk, so every row sharing a column was met.
    if (1 <= radius) {
      for (let j = 0; j < this.rows; j++) if (stamp[j] !== mark) out[count++] = j;
    }
    return count;
  }

  private euclideanSearch(
    queryColumns: Int32Array,
    queryValues: Float64Array,
    start: number,
    end: number,
    querySquare: number,
    radius: number,
    out: Int32Array,
    mark: number,
  ): number {
    const { postingStart, postingRows, postingValues, stamp, dots, squares } = this;
    let touched = 0;
    // Dot products accumulated in the query's column order (the order scipy's sparse product uses).
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
