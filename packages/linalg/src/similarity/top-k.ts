import { InvalidArgumentError, type ProgressListener, startProgress } from "@lab/core";
import { Matrix } from "../matrix.js";
import { CsrMatrix } from "../sparse/csr-matrix.js";
import { denseTopK } from "./dense-top-k.js";
import { isSparseVector, type Vector } from "./pairwise.js";
import type { SimilarityMetric, TieOrder } from "./search-plan.js";
import { SparseTopKIndex } from "./sparse-top-k.js";
import { TopKHeaps } from "./top-k-heaps.js";

/** Rows to search: dense or sparse. Jaccard treats every nonzero entry as set membership. */
export type RowCollection = Matrix | CsrMatrix;

/**
 * The k nearest collection rows of each query row, best first: `indices[r·k + t]` is the t-th
 * neighbour of query row r and `scores[r·k + t]` its cosine or Jaccard similarity (descending) or
 * Euclidean distance (ascending).
 */
export interface TopKResult {
  /** Neighbours per query row: the k asked for, or fewer when the collection has fewer candidates. */
  readonly k: number;
  readonly indices: Int32Array;
  readonly scores: Float64Array;
}

/** The neighbours of a single query, best first. */
export interface Neighbours {
  readonly indices: Int32Array;
  readonly scores: Float64Array;
}

export interface SimilarityIndexOptions {
  readonly metric: SimilarityMetric;
  /**
   * Breaks exact score ties: the collection row with the lower rank wins; equal ranks fall back to
   * the lower index. Without it ties go to the lower index. A recommender passes, say, each model's
   * position when sorted by downloads so equally similar models come out most-downloaded first,
   * and the cut at k respects that order too.
   */
  readonly tieRank?: ArrayLike<number>;
}

export interface TopKOptions extends SimilarityIndexOptions {
  /** Receives progress events in query rows ("rows"). */
  readonly onProgress?: ProgressListener;
}

export interface AllPairsTopKOptions extends TopKOptions {
  /** Leave each row out of its own neighbour list (default true). */
  readonly excludeSelf?: boolean;
}

export interface TopKSimilarOptions extends SimilarityIndexOptions {
  /** Collection row(s) that must not be returned, e.g. the query's own row. */
  readonly exclude?: number | ArrayLike<number>;
}

const METRICS: readonly SimilarityMetric[] = ["cosine", "jaccard", "euclidean"];

/**
 * A collection prepared for repeated top-k searches under one metric and tie order. Sparse rows
 * (and any Jaccard search) get an inverted index whose posting lists are sorted for early
 * termination; building it costs O(nnz + N log N), a few milliseconds for 10,000 rows, which
 * `topKSimilar` pays on every call and an index pays once. Dense rows are scanned in tiles.
 *
 * The index keeps references to the collection's arrays: do not modify them while using it.
 * Memory is O(nnz + N) beyond the collection; results are O(queries·k). No N×N matrix is formed.
 */
export class SimilarityIndex {
  readonly metric: SimilarityMetric;
  readonly rows: number;
  readonly cols: number;
  private readonly ties: TieOrder;
  private readonly sparse: { readonly rows: CsrMatrix; readonly index: SparseTopKIndex } | null;
  private readonly dense: Matrix | null;
  /** Reused by `query` for its exclusions, cleared after each call. */
  private readonly excludedScratch: Uint8Array;

  constructor(collection: RowCollection, options: SimilarityIndexOptions) {
    if (!(collection instanceof Matrix) && !(collection instanceof CsrMatrix)) {
      throw new InvalidArgumentError("the collection must be a Matrix or a CsrMatrix");
    }
    const metric = options.metric;
    if (!METRICS.includes(metric)) {
      throw new InvalidArgumentError(
        `metric must be one of ${METRICS.join(", ")}; got ${JSON.stringify(metric)}`,
      );
    }
    this.metric = metric;
    this.rows = collection.rows;
    this.cols = collection.cols;
    this.ties = tieOrderOf(options.tieRank, collection.rows);
    if (metric === "jaccard" || collection instanceof CsrMatrix) {
      const rows = asSparse(collection);
      this.sparse = { rows, index: new SparseTopKIndex(rows, metric, this.ties) };
      this.dense = null;
    } else {
      this.sparse = null;
      this.dense = collection;
    }
    this.excludedScratch = new Uint8Array(collection.rows);
  }

  /**
   * The k rows nearest to one query vector (dense, or sparse as `{ indices, values }`), best
   * first, leaving out the rows in `exclude`.
   */
  query(
    query: Vector,
    k: number,
    options: { readonly exclude?: number | ArrayLike<number> } = {},
  ): Neighbours {
    const excluded = this.excludedScratch;
    const list =
      options.exclude === undefined
        ? []
        : typeof options.exclude === "number"
          ? [options.exclude]
          : options.exclude;
    for (let t = 0; t < list.length; t++) {
      const row = list[t]!;
      if (!Number.isInteger(row) || row < 0 || row >= this.rows) {
        throw new InvalidArgumentError(`excluded row ${row} is not a row of the ${this.rows}-row collection`);
      }
    }
    let excludedCount = 0;
    try {
      for (let t = 0; t < list.length; t++) {
        if (excluded[list[t]!] === 0) excludedCount++;
        excluded[list[t]!] = 1;
      }
      const { indices, scores } = this.run(
        this.queryAsRow(query),
        k,
        this.rows - excludedCount,
        false,
        excluded,
      );
      return { indices, scores };
    } finally {
      for (let t = 0; t < list.length; t++) excluded[list[t]!] = 0;
    }
  }

  /** The k nearest rows for each row of `queries` (a separate set with the same columns). */
  queryBatch(
    queries: RowCollection,
    k: number,
    options: { readonly onProgress?: ProgressListener } = {},
  ): TopKResult {
    if (!(queries instanceof Matrix) && !(queries instanceof CsrMatrix)) {
      throw new InvalidArgumentError("queries must be a Matrix or a CsrMatrix");
    }
    if (queries.cols !== this.cols) {
      throw new InvalidArgumentError(
        `queries have ${queries.cols} columns but the collection has ${this.cols}`,
      );
    }
    return this.run(queries, k, this.rows, false, null, options.onProgress);
  }

  /** The k nearest neighbours of every collection row among the collection's rows. */
  allPairs(
    k: number,
    options: { readonly excludeSelf?: boolean; readonly onProgress?: ProgressListener } = {},
  ): TopKResult {
    const excludeSelf = options.excludeSelf ?? true;
    const candidates = excludeSelf ? Math.max(0, this.rows - 1) : this.rows;
    const rows = this.sparse ? this.sparse.rows : this.dense!;
    return this.run(rows, k, candidates, excludeSelf, null, options.onProgress);
  }

  private run(
    queries: RowCollection,
    k: number,
    candidates: number,
    skipSelf: boolean,
    excluded: Uint8Array | null,
    onProgress?: ProgressListener,
  ): TopKResult {
    if (!Number.isInteger(k) || k < 0)
      throw new InvalidArgumentError(`k must be a non-negative integer, got ${k}`);
    const effectiveK = Math.min(k, candidates);
    const heaps = new TopKHeaps(queries.rows, effectiveK, this.ties.position);
    if (effectiveK === 0) return { k: 0, indices: heaps.ids, scores: heaps.keys };

    const progress = startProgress(onProgress, `top-${effectiveK} ${this.metric} neighbours`, {
      total: queries.rows,
      unit: "rows",
    });
    const plan = { heaps, skipSelf, excluded, progress };
    if (this.sparse) {
      this.sparse.index.search(asSparse(queries), plan);
    } else {
      const denseQueries = queries instanceof Matrix ? queries : queries.toDense();
      denseTopK(denseQueries, this.dense!, this.metric as "cosine" | "euclidean", plan);
    }
    progress.end();
    // Heaps rank by "bigger is better", so Euclidean ran on negated distances.
    if (this.metric === "euclidean")
      for (let t = 0; t < heaps.keys.length; t++) heaps.keys[t] = -heaps.keys[t]!;
    return { k: effectiveK, indices: heaps.ids, scores: heaps.keys };
  }

  /** The query as a one-row matrix of the kind this index searches. */
  private queryAsRow(query: Vector): RowCollection {
    const cols = this.cols;
    if (!isSparseVector(query)) {
      if (query.length !== cols) {
        throw new InvalidArgumentError(
          `the query has ${query.length} entries but collection rows have ${cols}`,
        );
      }
      const row = new Matrix(1, cols, Float64Array.from(query));
      return this.sparse ? CsrMatrix.fromDense(row) : row;
    }
    const { indices, values } = query;
    if (indices.length !== values.length) {
      throw new InvalidArgumentError(
        `the sparse query has ${indices.length} indices but ${values.length} values`,
      );
    }
    const row = CsrMatrix.fromTriplets(1, cols, new Int32Array(indices.length), indices, values, {
      sumDuplicates: false,
    });
    return this.sparse ? row : row.toDense();
  }
}

/**
 * The k nearest neighbours of every row of `collection` among its other rows, without ever
 * materialising the N×N similarity matrix (see `SimilarityIndex`). Zero rows have cosine 0 and
 * Jaccard 0 with everything, including other empty rows.
 */
export function allPairsTopK(collection: RowCollection, k: number, options: AllPairsTopKOptions): TopKResult {
  return new SimilarityIndex(collection, options).allPairs(k, options);
}

/** The k nearest rows of `collection` for each row of `queries` (a separate set of rows). */
export function batchTopKSimilar(
  queries: RowCollection,
  collection: RowCollection,
  k: number,
  options: TopKOptions,
): TopKResult {
  return new SimilarityIndex(collection, options).queryBatch(queries, k, options);
}

/**
 * The k rows of `collection` nearest to one query vector, best first. Builds the index on every
 * call; for repeated queries against one collection keep a `SimilarityIndex`.
 */
export function topKSimilar(
  query: Vector,
  collection: RowCollection,
  k: number,
  options: TopKSimilarOptions,
): Neighbours {
  return new SimilarityIndex(collection, options).query(query, k, options);
}

function asSparse(rows: RowCollection): CsrMatrix {
  return (rows instanceof CsrMatrix ? rows : CsrMatrix.fromDense(rows)).eliminateZeros();
}

/** Positions in the tie-break order: by rank, then index. */
function tieOrderOf(tieRank: ArrayLike<number> | undefined, n: number): TieOrder {
  const rows = new Int32Array(n);
  for (let j = 0; j < n; j++) rows[j] = j;
  if (tieRank !== undefined) {
    if (tieRank.length !== n) {
      throw new InvalidArgumentError(
        `tieRank needs one rank per collection row (${n}), got ${tieRank.length}`,
      );
    }
    for (let j = 0; j < n; j++) {
      if (Number.isNaN(tieRank[j])) throw new InvalidArgumentError(`tieRank[${j}] is NaN`);
    }
    rows.sort((a, b) => tieRank[a]! - tieRank[b]! || a - b);
  }
  const position = new Int32Array(n);
  for (let p = 0; p < n; p++) position[rows[p]!] = p;
  return { position, rows };
}
