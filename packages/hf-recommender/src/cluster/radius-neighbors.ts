import { InvalidArgumentError } from "@lab/core";
import { CsrMatrix } from "@lab/linalg";
import { squaredRowNorms } from "./rows.js";

/** Distances a radius search supports: 1 − cosine similarity, or Euclidean. */
export type RadiusMetric = "cosine" | "euclidean";

/**
 * All rows of a sparse collection within a radius of a query row, without any N×N block: the
 * query's columns are walked through an inverted index (each column's list of rows), rarest column
 * first, and the rows met are scored exactly afterwards against the query scattered over the
 * columns. Rows not met yet share none of the lists walked so far, which bounds how close they can
 * be, and two bounds cut the walk:
 *  - cosine, between lists: such a row has cosine at most Σ |q_c|·(largest |x_c|/‖x‖ in column c)
 *    over the remaining columns; once that is below the similarity needed, the walk stops;
 *  - cosine, within a list: such a row has cosine at most share(x)·Σ |q_c| over the remaining
 *    columns, with share(x) its largest |x_c|/‖x‖; lists are sorted by share, descending, so the
 *    first row that fails ends the list. On one-hot rows share is 1/√(fields present), so in the
 *    list of a common column (a library most models share) only rows with few fields are met;
 *  - Euclidean: q·x ≤ a·‖x‖ with a the norm of q on the remaining columns, so
 *    d² ≥ ‖q‖² − a² + (‖x‖ − a)²; lists are sorted by ‖x‖ and only the window of norms that can
 *    come within the radius is walked (none once ‖q‖² − a² exceeds radius²).
 * Each bound only tightens along the walk, so a row left out of one list stays out of later ones.
 * Rows sharing no column have a known distance (1 for cosine, √(‖q‖² + ‖x‖²) for Euclidean) and
 * are added without a walk — for Euclidean from a list sorted by norm, cut where the distance
 * passes the radius, each scored exactly since it may share a column whose list was cut.
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
  /** Cosine: largest |x_c|/‖x‖ in each column, the bound on a column's share of a similarity. */
  private readonly columnReach: Float64Array;
  /**
   * The key the posting lists are sorted by: cosine, each row's share (largest |x_c|/‖x‖),
   * descending; Euclidean, each row's norm, ascending.
   */
  private readonly rowKey: Float64Array;
  private readonly queryDense: Float64Array;
  private scanOrder = new Int32Array(16);
  private remainingBound = new Float64Array(17);
  private remainingMass = new Float64Array(17);
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
    this.queryDense = new Float64Array(collection.cols);
    this.rowKey = new Float64Array(collection.rows);
    const { indptr } = collection;
    for (let i = 0; i < collection.rows; i++) {
      if (metric === "cosine") {
        let share = 0;
        for (let t = indptr[i]!; t < indptr[i + 1]!; t++) {
          share = Math.max(share, Math.abs(this.collectionValues[t]!));
        }
        this.rowKey[i] = share;
      } else {
        this.rowKey[i] = Math.sqrt(this.squares[i]!);
      }
    }
    sortPostings(this.postingStart, this.postingRows, this.postingValues, this.rowKey, metric === "cosine");
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
    const { postingStart, postingRows, collectionValues, stamp, columnReach, queryDense, rowKey } = this;
    const { indptr, indices } = this.collection;
    const length = end - start;
    const order = this.rarestFirst(queryColumns, start, end);
    const bound = this.remainingBound;
    const mass = this.remainingMass;
    bound[length] = 0;
    mass[length] = 0;
    for (let t = length - 1; t >= 0; t--) {
      const position = order[t]!;
      const weight = Math.abs(queryValues[position]!);
      bound[t] = bound[t + 1]! + weight * columnReach[queryColumns[position]!]!;
      mass[t] = mass[t + 1]! + weight;
    }
    // A row is a neighbour when 1 − cos ≤ radius, i.e. cos ≥ 1 − radius; the slack keeps rounding in
    // the bound (a few ulps per term) from ever cutting a true neighbour.
    const needed = 1 - radius - 1e-9;
    let touched = 0;
    for (let t = 0; t < length; t++) {
      if (bound[t]! < needed) break;
      const col = queryColumns[order[t]!]!;
      const remaining = mass[t]!;
      for (let p = postingStart[col]!; p < postingStart[col + 1]!; p++) {
        const j = postingRows[p]!;
        // Rows met before are candidates already; the rest of the list is sorted by share.
        if (rowKey[j]! * remaining < needed) break;
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
    const { postingStart, postingRows, stamp, squares, rowKey, queryDense } = this;
    const length = end - start;
    const order = this.rarestFirst(queryColumns, start, end);
    const mass = this.remainingMass;
    mass[length] = 0;
    for (let t = length - 1; t >= 0; t--) {
      const value = queryValues[order[t]!]!;
      mass[t] = mass[t + 1]! + value * value;
    }
    const radiusSquared = radius * radius;
    // A row first met in list t shares only that list and later ones, so by Cauchy–Schwarz
    // q·x ≤ a·‖x‖ with a = ‖q on those columns‖, and d² ≥ ‖q‖² − a² + (‖x‖ − a)². Lists are sorted by
    // ‖x‖, so the rows that can be within the radius form one window of each list. The window only
    // shrinks along the walk, so a row left out of one list is left out of every later one too.
    const slack = 1e-9 * (radiusSquared + querySquare) + 1e-300;
    let touched = 0;
    for (let t = 0; t < length; t++) {
      const a2 = mass[t]!;
      const room = radiusSquared - querySquare + a2 + slack;
      if (room < 0) break;
      const a = Math.sqrt(a2);
      const halfWidth = Math.sqrt(room);
      const low = a - halfWidth;
      const high = a + halfWidth;
      const col = queryColumns[order[t]!]!;
      let lo = postingStart[col]!;
      let hi = postingStart[col + 1]!;
      const listEnd = hi;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (rowKey[postingRows[mid]!]! < low) lo = mid + 1;
        else hi = mid;
      }
      for (let p = lo; p < listEnd; p++) {
        const j = postingRows[p]!;
        if (rowKey[j]! > high) break;
        if (stamp[j] !== mark) {
          stamp[j] = mark;
          out[touched++] = j;
        }
      }
    }
    for (let t = start; t < end; t++) queryDense[queryColumns[t]!] = queryValues[t]!;
    let count = 0;
    for (let s = 0; s < touched; s++) {
      const j = out[s]!;
      if (this.euclideanWithin(j, querySquare, radiusSquared)) out[count++] = j;
    }
    // Rows not met: those sharing no column are at √(‖q‖² + ‖x‖²), growing along the norm order; a
    // row there may still share a column whose list was cut, so each one is scored exactly.
    const { byNorm } = this;
    for (let s = 0; s < byNorm.length; s++) {
      const j = byNorm[s]!;
      if (querySquare + squares[j]! > radiusSquared) break;
      if (stamp[j] !== mark && this.euclideanWithin(j, querySquare, radiusSquared)) out[count++] = j;
    }
    for (let t = start; t < end; t++) queryDense[queryColumns[t]!] = 0;
    return count;
  }

  /** (−2q·x + ‖q‖²) + ‖x‖² ≤ radius², clamped at 0, q·x summed in column order (q in `queryDense`). */
  private euclideanWithin(j: number, querySquare: number, radiusSquared: number): boolean {
    const { indptr, indices } = this.collection;
    const { collectionValues, queryDense } = this;
    let dot = 0;
    for (let t = indptr[j]!; t < indptr[j + 1]!; t++) {
      const q = queryDense[indices[t]!]!;
      if (q !== 0) dot += q * collectionValues[t]!;
    }
    let squared = -2 * dot + querySquare + this.squares[j]!;
    if (squared < 0) squared = 0;
    return squared <= radiusSquared;
  }

  /** The query's entry positions, rarest column (shortest list) first; insertion sort, as queries are short rows. */
  private rarestFirst(queryColumns: Int32Array, start: number, end: number): Int32Array {
    const { postingStart } = this;
    const length = end - start;
    if (this.scanOrder.length < length) {
      this.scanOrder = new Int32Array(2 * length);
      this.remainingBound = new Float64Array(2 * length + 1);
      this.remainingMass = new Float64Array(2 * length + 1);
    }
    const order = this.scanOrder;
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
    return order;
  }
}

/**
 * Sorts each column's posting list by a per-row key (descending or ascending), then row index,
 * moving the values along (the transpose leaves each list in row order).
 */
function sortPostings(
  start: Int32Array,
  rows: Int32Array,
  values: Float64Array,
  key: Float64Array,
  descending: boolean,
): void {
  const sign = descending ? -1 : 1;
  for (let c = 0; c + 1 < start.length; c++) {
    const from = start[c]!;
    const to = start[c + 1]!;
    if (to - from < 2) continue;
    const order = Array.from({ length: to - from }, (_, t) => from + t);
    order.sort((a, b) => sign * (key[rows[a]!]! - key[rows[b]!]!) || rows[a]! - rows[b]!);
    const sortedRows = order.map((p) => rows[p]!);
    const sortedValues = order.map((p) => values[p]!);
    rows.set(sortedRows, from);
    values.set(sortedValues, from);
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
