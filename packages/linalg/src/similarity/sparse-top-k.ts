import type { CsrMatrix } from "../sparse/csr-matrix.js";
import { sparseSquaredDistance } from "./pairwise.js";
import { PROGRESS_BLOCK_ROWS, type SearchPlan, type SimilarityMetric, type TieOrder } from "./search-plan.js";
import type { TopKHeaps } from "./top-k-heaps.js";

/** Relative slack on the pruning bounds, far above their rounding error (a few ulps per term). */
const BOUND_SLACK = 1e-9;
const COSINE = 0;
const JACCARD = 1;
const EUCLIDEAN = 2;
/** Query rows up to this many entries sort their columns by insertion sort (no comparator closure). */
const INSERTION_SORT_LIMIT = 32;

/**
 * Top-k of every query row against a sparse collection, through an inverted index: for each
 * column, the list of rows that have it ("posting list").
 *
 * For one query row q, the posting lists of its columns are walked rarest first; each row met for
 * the first time is scored exactly against q and offered to q's heap. Two upper bounds on the
 * score of rows not met yet let the walk stop early, which on skewed one-hot data skips most of
 * the huge lists of very common columns:
 *  - between lists: a row absent from the lists scanned so far can share only q's remaining
 *    columns. Jaccard: J ≤ (|q| − p)/|q| after p lists; cosine: cos ≤ ‖q on the remaining
 *    columns‖/‖q‖ (Cauchy–Schwarz) and ≤ Σ |q_c|·(column c's largest |x_c|/‖x‖)/‖q‖; Euclidean:
 *    d ≥ √(Σ q_c² over the scanned columns), where such a row is zero.
 *  - within a list: each list is sorted by a per-row quantity that makes a per-row bound monotone
 *    along it (row size for Jaccard, the row's largest |x_c|/‖x‖ for cosine, ‖x‖ for Euclidean),
 *    so once that bound falls below the worst kept score, the rest of the list cannot enter.
 * A stop needs the worst kept score to beat the bound strictly, since a row that ties may still
 * win on tie order. Where the bound is computed with the score's own arithmetic (Jaccard always;
 * cosine and Euclidean when both rows are 0/1) a tie is decided exactly: lists are sorted by tie
 * order within equal bounds, so the first row that ties and loses ends the list. That matters on
 * real one-hot data, where large groups of identical rows tie at the top.
 *
 * Rows sharing no column with q all have one known score (0 for cosine and Jaccard,
 * √(‖q‖² + ‖x‖²) for Euclidean); when every list was scanned they are offered best-first and the
 * pass stops as soon as the heap's worst beats them. No N×N block is ever formed.
 *
 * Cosine and Jaccard scores are computed as the pairwise functions compute them (sums in column
 * order), so they match `cosine` and `jaccard` bit for bit. Euclidean candidates are ranked by
 * ‖q‖² + ‖x‖² − 2q·x and the kept ones re-summed exactly, so the reported distances match
 * `euclidean` bit for bit but, on non-integer data, two rows within rounding of each other at the
 * k-th place may be swapped relative to an exact brute force.
 *
 * Both matrices must hold no explicit zeros (Jaccard counts stored entries).
 */
export class SparseTopKIndex {
  private readonly collection: CsrMatrix;
  private readonly kind: number;
  private readonly ties: TieOrder;
  private readonly sizes: Int32Array;
  private readonly norms: Float64Array;
  private readonly squares: Float64Array;
  private readonly shares: Float64Array | null;
  private readonly columnReach: Float64Array | null;
  private readonly untouched: UntouchedOrder;
  private readonly postingStart: Int32Array;
  private readonly postingRows: Int32Array;
  private readonly binaryCollection: boolean;
  /** `stamp[j]` is the mark of the last query that met row j, so nothing is cleared between queries. */
  private readonly stamp: Int32Array;
  private lastMark = -1;
  /** The current query scattered over all columns, so scoring a row reads its own entries only. */
  private readonly queryDense: Float64Array;

  constructor(collection: CsrMatrix, metric: SimilarityMetric, ties: TieOrder) {
    const kind = metric === "cosine" ? COSINE : metric === "jaccard" ? JACCARD : EUCLIDEAN;
    this.collection = collection;
    this.kind = kind;
    this.ties = ties;
    this.sizes = collection.rowNnz();
    this.norms = collection.rowNorms("l2");
    this.squares = squaredRowNorms(collection);
    this.shares = kind === COSINE ? largestShares(collection, this.norms) : null;
    this.columnReach = kind === COSINE ? largestNormalisedValues(collection, this.norms) : null;
    this.untouched = untouchedOrder(kind === EUCLIDEAN ? this.squares : null, ties);
    const postings = invertedIndex(
      collection,
      kind === JACCARD ? this.sizes : kind === COSINE ? this.shares! : this.norms,
      kind !== COSINE,
      ties.position,
    );
    this.postingStart = postings.start;
    this.postingRows = postings.rows;
    this.binaryCollection = collection.values.every((value) => value === 1);
    this.stamp = new Int32Array(collection.rows).fill(-1);
    this.queryDense = new Float64Array(collection.cols);
  }

  /** Fills `plan.heaps` with the top-k of each row of `queries` (no explicit zeros, same columns). */
  search(queries: CsrMatrix, plan: SearchPlan): void {
    const { heaps, excluded, skipSelf } = plan;
    const {
      kind,
      sizes,
      norms,
      squares,
      shares,
      columnReach,
      untouched,
      postingStart,
      postingRows,
      stamp,
      queryDense,
    } = this;
    const binaryCollection = this.binaryCollection;
    const tieOrder = this.ties.position;
    const collection = this.collection;
    const k = heaps.k;
    const keys = heaps.keys;
    const { indptr: rowStart, indices: rowColumns, values: rowValues } = collection;
    const { indptr: queryStart, indices: queryColumns, values: queryValues } = queries;
    let longestQuery = 0;
    for (let q = 0; q < queries.rows; q++)
      longestQuery = Math.max(longestQuery, queryStart[q + 1]! - queryStart[q]!);
    const scanOrder = new Int32Array(longestQuery);
    const scanLengths = new Int32Array(longestQuery);
    /** Bound on the score of a row absent from the first p lists (for Euclidean, a lower bound on d²). */
    const listBound = new Float64Array(longestQuery + 1);
    /** Factor of the within-list bound from list p on: Σ|q_c|/‖q‖ (cosine) or ‖q‖ on those columns (Euclidean). */
    const remaining = new Float64Array(longestQuery + 1);

    for (let q = 0; q < queries.rows; q++) {
      const start = queryStart[q]!;
      const size = queryStart[q + 1]! - start;
      const self = skipSelf ? q : -1;
      const mark = this.nextMark();
      let querySquares = 0;
      for (let t = start; t < start + size; t++) {
        queryDense[queryColumns[t]!] = kind === JACCARD ? 1 : queryValues[t]!;
        querySquares += queryValues[t]! * queryValues[t]!;
      }
      const queryNorm = Math.sqrt(querySquares);
      let binaryQuery = true;
      for (let t = start; t < start + size; t++) if (queryValues[t] !== 1) binaryQuery = false;
      // With 0/1 rows on both sides a cosine is shared/(‖q‖·‖x‖) and a squared distance
      // |q| + |x| − 2·shared: bounds can then be computed with the very same operations as the
      // score, which makes ties at a bound decidable (Jaccard always is).
      const exactBounds = kind === JACCARD || (binaryQuery && binaryCollection);
      orderByPostingLength(scanOrder, scanLengths, size, queryColumns, start, postingStart);
      if (kind === JACCARD) {
        for (let p = 0; p <= size; p++) listBound[p] = (size - p) / size;
      } else if (kind === COSINE) {
        let tailSquares = 0;
        let tailReach = 0;
        let tailAbs = 0;
        listBound[size] = 0;
        remaining[size] = 0;
        for (let p = size - 1; p >= 0; p--) {
          const t = start + scanOrder[p]!;
          tailSquares += queryValues[t]! * queryValues[t]!;
          tailReach += Math.abs(queryValues[t]!) * columnReach![queryColumns[t]!]!;
          tailAbs += Math.abs(queryValues[t]!);
          listBound[p] = Math.min(Math.sqrt(tailSquares), tailReach) / queryNorm;
          remaining[p] = tailAbs / queryNorm;
        }
      } else {
        let headSquares = 0;
        for (let p = 0; p <= size; p++) {
          listBound[p] = headSquares;
          if (p < size) headSquares += queryValues[start + scanOrder[p]!]! ** 2;
        }
        let tailSquares = 0;
        remaining[size] = 0;
        for (let p = size - 1; p >= 0; p--) {
          tailSquares += queryValues[start + scanOrder[p]!]! ** 2;
          remaining[p] = Math.sqrt(tailSquares);
        }
      }
      let scannedAll = true;
      // The worst key kept once the heap is full; until then every candidate is offered.
      let worst = heaps.size(q) === k ? keys[q * k]! : Number.NEGATIVE_INFINITY;
      let worstTieOrder = heaps.size(q) === k ? tieOrder[heaps.ids[q * k]!]! : 0;
      for (let p = 0; p < size; p++) {
        const bound = listBound[p]!;
        if (kind === EUCLIDEAN ? beyondSquared(bound, worst, querySquares) : beyondSimilarity(bound, worst)) {
          scannedAll = false;
          break;
        }
        const column = queryColumns[start + scanOrder[p]!]!;
        const postingEnd = postingStart[column + 1]!;
        const shared = size - p;
        const factor = remaining[p]!;
        for (let s = postingStart[column]!; s < postingEnd; s++) {
          const j = postingRows[s]!;
          if (worst !== Number.NEGATIVE_INFINITY) {
            // Bound on row j's score given only columns from list p on; `beyondPeak` says whether it
            // can only fall further along this list.
            let cannotEnter: boolean;
            let beyondPeak: boolean;
            if (exactBounds) {
              // At most `most` shared columns; the bound uses the score's own arithmetic, so a row at
              // the bound can at best tie, and then loses when its tie order is later than the worst's.
              // Lists are sorted by (size, tie order) and past the peak the bound strictly falls, so
              // every later row loses too.
              const rowSize = sizes[j]!;
              const most = Math.min(rowSize, shared);
              let rowBound: number;
              if (kind === JACCARD) rowBound = most / (size + rowSize - most);
              else if (kind === COSINE) rowBound = most / (queryNorm * norms[j]!);
              else rowBound = -Math.sqrt(querySquares + squares[j]! - 2 * most);
              cannotEnter = rowBound < worst || (rowBound === worst && tieOrder[j]! > worstTieOrder);
              beyondPeak = rowSize >= shared;
            } else if (kind === COSINE) {
              cannotEnter = beyondSimilarity(Math.min(bound, factor * shares![j]!), worst);
              beyondPeak = true;
            } else {
              // q·x ≤ ‖q on the remaining columns‖·‖x‖, so d² ≥ ‖q‖² + ‖x‖² − 2·factor·‖x‖.
              const norm = norms[j]!;
              const lowest = Math.max(bound, querySquares + squares[j]! - 2 * factor * norm);
              cannotEnter = beyondSquared(lowest, worst, querySquares + squares[j]!);
              beyondPeak = norm >= factor;
            }
            if (cannotEnter) {
              if (beyondPeak) break;
              continue;
            }
          }
          if (stamp[j] === mark) continue;
          stamp[j] = mark;
          if (j === self || (excluded !== null && excluded[j] === 1)) continue;
          const rowEnd = rowStart[j + 1]!;
          let key: number;
          if (kind === JACCARD) {
            // queryDense marks the query's columns with 1s, so this counts the shared columns.
            let both = 0;
            for (let t = rowStart[j]!; t < rowEnd; t++) both += queryDense[rowColumns[t]!]!;
            key = both / (size + sizes[j]! - both);
          } else {
            // Row j's entries in column order: the same nonzero terms, in the same order, as the
            // pairwise dense loop; the extra terms here and there are exact zeros. For binary rows
            // each value is 1 and 1·v = v exactly, so their loads can be skipped.
            let dot = 0;
            if (binaryCollection) {
              for (let t = rowStart[j]!; t < rowEnd; t++) dot += queryDense[rowColumns[t]!]!;
            } else {
              for (let t = rowStart[j]!; t < rowEnd; t++) dot += rowValues[t]! * queryDense[rowColumns[t]!]!;
            }
            if (kind === COSINE) {
              const denominator = queryNorm * norms[j]!;
              key = denominator === 0 ? 0 : dot / denominator;
            } else {
              // The expansion can dip below zero by rounding for near-identical rows.
              const squared = querySquares + squares[j]! - 2 * dot;
              key = -Math.sqrt(Math.max(squared, 0));
            }
          }
          // Equal keys still go to the heap, which breaks the tie by tie order.
          if (key < worst) continue;
          heaps.offer(q, key, j);
          if (heaps.size(q) === k) {
            worst = keys[q * k]!;
            worstTieOrder = tieOrder[heaps.ids[q * k]!]!;
          }
        }
      }
      for (let t = start; t < start + size; t++) queryDense[queryColumns[t]!] = 0;

      if (scannedAll) offerUntouched(q, mark, querySquares, untouched, stamp, self, plan);
      if (kind === EUCLIDEAN) resumKeptDistances(q, queries, collection, heaps);
      heaps.sortRow(q);
      if ((q + 1) % PROGRESS_BLOCK_ROWS === 0) plan.progress.advance(PROGRESS_BLOCK_ROWS);
    }
    plan.progress.advance(queries.rows % PROGRESS_BLOCK_ROWS);
  }

  /** A mark no earlier query used; the stamps restart before the counter would overflow. */
  private nextMark(): number {
    if (this.lastMark === 2147483646) {
      this.stamp.fill(-1);
      this.lastMark = -1;
    }
    return ++this.lastMark;
  }
}

/**
 * Whether a similarity bound lies strictly below the worst kept key, by more than its rounding
 * error: then no row under the bound can enter, not even on a tie.
 */
function beyondSimilarity(bound: number, worst: number): boolean {
  return worst > bound + BOUND_SLACK * Math.abs(bound);
}

/**
 * The Euclidean version, on squared distances (keys are −d): a lower bound on d² beats the worst
 * kept when it exceeds worst² by more than rounding, which for sums of squares is relative to the
 * squared norms involved (`scale`), not to the bound itself.
 */
function beyondSquared(lowestSquared: number, worst: number, scale: number): boolean {
  const worstSquared = worst * worst;
  return (
    worst !== Number.NEGATIVE_INFINITY && lowestSquared > worstSquared + BOUND_SLACK * (scale + worstSquared)
  );
}

/**
 * Posting lists of the collection: `rows[start[c]..start[c+1])` are the rows with column c,
 * ordered by `sortKey` (ascending, or descending when `ascending` is false), then by tie order.
 */
function invertedIndex(
  collection: CsrMatrix,
  sortKey: ArrayLike<number>,
  ascending: boolean,
  tieOrder: Int32Array,
): { start: Int32Array; rows: Int32Array } {
  const { rows: n, cols, indptr, indices } = collection;
  const rowOrder = new Int32Array(n);
  for (let j = 0; j < n; j++) rowOrder[j] = j;
  const direction = ascending ? 1 : -1;
  rowOrder.sort((a, b) => direction * (sortKey[a]! - sortKey[b]!) || tieOrder[a]! - tieOrder[b]!);
  const start = new Int32Array(cols + 1);
  for (let t = 0; t < indices.length; t++) start[indices[t]! + 1]++;
  for (let c = 0; c < cols; c++) start[c + 1] += start[c]!;
  const next = start.slice(0, cols);
  const rows = new Int32Array(indices.length);
  // Filling the lists in row order sorts each one by the key, without sorting any list.
  for (let r = 0; r < n; r++) {
    const j = rowOrder[r]!;
    for (let t = indptr[j]!; t < indptr[j + 1]!; t++) rows[next[indices[t]!]++] = j;
  }
  return { start, rows };
}

/** Per row, its largest |x_c| / ‖x‖: how much one column can contribute to its cosine. */
function largestShares(collection: CsrMatrix, norms: Float64Array): Float64Array {
  const result = new Float64Array(collection.rows);
  for (let j = 0; j < collection.rows; j++) {
    const norm = norms[j]!;
    if (norm === 0) continue;
    let largest = 0;
    for (let t = collection.indptr[j]!; t < collection.indptr[j + 1]!; t++) {
      largest = Math.max(largest, Math.abs(collection.values[t]!));
    }
    result[j] = largest / norm;
  }
  return result;
}

/**
 * Fills order[0..size) with the positions of a query row's entries, shortest posting list first.
 * `lengths` is scratch space of at least `size` entries.
 */
function orderByPostingLength(
  order: Int32Array,
  lengths: Int32Array,
  size: number,
  columns: Int32Array,
  start: number,
  postingStart: Int32Array,
): void {
  for (let p = 0; p < size; p++) {
    const column = columns[start + p]!;
    lengths[p] = postingStart[column + 1]! - postingStart[column]!;
  }
  if (size > INSERTION_SORT_LIMIT) {
    const view = order.subarray(0, size);
    for (let p = 0; p < size; p++) view[p] = p;
    view.sort((a, b) => lengths[a]! - lengths[b]! || a - b);
    return;
  }
  for (let p = 0; p < size; p++) {
    const length = lengths[p]!;
    let slot = p;
    while (slot > 0 && lengths[order[slot - 1]!]! > length) {
      order[slot] = order[slot - 1]!;
      slot--;
    }
    order[slot] = p;
  }
}

/** Per column, the largest |x_jc| / ‖x_j‖ over its rows: a row's possible cosine share in that column. */
function largestNormalisedValues(collection: CsrMatrix, norms: Float64Array): Float64Array {
  const result = new Float64Array(collection.cols);
  for (let j = 0; j < collection.rows; j++) {
    const norm = norms[j]!;
    if (norm === 0) continue;
    for (let t = collection.indptr[j]!; t < collection.indptr[j + 1]!; t++) {
      const share = Math.abs(collection.values[t]!) / norm;
      const column = collection.indices[t]!;
      if (share > result[column]!) result[column] = share;
    }
  }
  return result;
}

/**
 * Collection rows in the order their "no shared column" score ranks them, best first, split into
 * runs that share that score (within a run the order is the tie order). For cosine and Jaccard
 * every such row scores 0: one run in tie order. For Euclidean the score is −√(‖q‖² + ‖x‖²), so
 * rows go by ‖x‖².
 */
interface UntouchedOrder {
  readonly rows: Int32Array;
  /** For position p, the position just past p's run. */
  readonly runEnd: Int32Array;
  /** ‖x‖² per collection row for Euclidean, null otherwise. */
  readonly squares: Float64Array | null;
}

function untouchedOrder(squares: Float64Array | null, ties: TieOrder): UntouchedOrder {
  const n = ties.rows.length;
  const runEnd = new Int32Array(n);
  if (squares === null) return { rows: ties.rows, runEnd: runEnd.fill(n), squares };
  const rows = ties.rows.slice();
  rows.sort((a, b) => squares[a]! - squares[b]! || ties.position[a]! - ties.position[b]!);
  for (let p = n - 1; p >= 0; p--) {
    runEnd[p] = p + 1 < n && squares[rows[p + 1]!] === squares[rows[p]!] ? runEnd[p + 1]! : p + 1;
  }
  return { rows, runEnd, squares };
}

/** Offers the rows that share no column with query q (those `stamp` does not mark). */
function offerUntouched(
  q: number,
  mark: number,
  querySquares: number,
  order: UntouchedOrder,
  stamp: Int32Array,
  self: number,
  plan: SearchPlan,
): void {
  const { heaps, excluded } = plan;
  const { rows, runEnd, squares } = order;
  const k = heaps.k;
  const n = rows.length;
  let p = 0;
  while (p < n) {
    const j = rows[p]!;
    const key = squares === null ? 0 : -Math.sqrt(querySquares + squares[j]!);
    if (heaps.size(q) === k) {
      // Keys never increase along the order, so once the worst kept beats this key nothing later enters.
      if (key < heaps.keys[q * k]!) return;
      if (!heaps.beatsWorst(q, key, j)) {
        p = runEnd[p]!;
        continue;
      }
    }
    if (stamp[j] !== mark && j !== self && (excluded === null || excluded[j] === 0)) heaps.offer(q, key, j);
    p++;
  }
}

/**
 * Replaces the kept rows' expanded distances by sums of squared differences in column order,
 * exactly as the pairwise `euclidean` computes them; the expansion loses all precision for
 * near-duplicates. Selection used the expansion, so on non-integer data two rows within rounding
 * of each other at the k-th place may be swapped relative to an exact brute force.
 */
function resumKeptDistances(q: number, queries: CsrMatrix, collection: CsrMatrix, heaps: TopKHeaps): void {
  const base = q * heaps.k;
  const qStart = queries.indptr[q]!;
  const qEnd = queries.indptr[q + 1]!;
  for (let t = 0; t < heaps.size(q); t++) {
    const j = heaps.ids[base + t]!;
    const jStart = collection.indptr[j]!;
    const jEnd = collection.indptr[j + 1]!;
    const squared = sparseSquaredDistance(
      queries.indices,
      queries.values,
      qStart,
      qEnd,
      collection.indices,
      collection.values,
      jStart,
      jEnd,
    );
    heaps.keys[base + t] = -Math.sqrt(squared);
  }
  heaps.reheapRow(q);
}

function squaredRowNorms(matrix: CsrMatrix): Float64Array {
  const result = new Float64Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) {
    let sum = 0;
    for (let t = matrix.indptr[i]!; t < matrix.indptr[i + 1]!; t++)
      sum += matrix.values[t]! * matrix.values[t]!;
    result[i] = sum;
  }
  return result;
}
