import { InvalidArgumentError, type ProgressEvent, Rng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { CsrMatrix } from "../sparse/csr-matrix.js";
import { cosine, euclidean, jaccard, toSparseVector } from "./pairwise.js";
import type { SimilarityMetric } from "./search-plan.js";
import {
  allPairsTopK,
  batchTopKSimilar,
  type RowCollection,
  SimilarityIndex,
  type TopKResult,
  topKSimilar,
} from "./top-k.js";

const METRICS: readonly SimilarityMetric[] = ["cosine", "jaccard", "euclidean"];
const pairwise = { cosine, jaccard, euclidean };

interface BruteForceOptions {
  skipSelf?: boolean;
  exclude?: readonly number[];
  tieRank?: ArrayLike<number>;
}

/**
 * The obvious O(N²) search: score every pair with the pairwise function, sort each query's
 * candidates by score (descending similarity, ascending distance), then tie rank, then index.
 */
function bruteForce(
  queries: Matrix,
  collection: Matrix,
  metric: SimilarityMetric,
  k: number,
  options: BruteForceOptions = {},
): { indices: number[]; scores: number[] } {
  const indices: number[] = [];
  const scores: number[] = [];
  const rank = (j: number) => (options.tieRank ? options.tieRank[j]! : 0);
  for (let q = 0; q < queries.rows; q++) {
    const candidates: { j: number; score: number }[] = [];
    for (let j = 0; j < collection.rows; j++) {
      if ((options.skipSelf && j === q) || options.exclude?.includes(j)) continue;
      candidates.push({ j, score: pairwise[metric](queries.row(q), collection.row(j)) });
    }
    const direction = metric === "euclidean" ? 1 : -1;
    candidates.sort((a, b) => direction * (a.score - b.score) || rank(a.j) - rank(b.j) || a.j - b.j);
    for (const { j, score } of candidates.slice(0, k)) {
      indices.push(j);
      scores.push(score);
    }
  }
  return { indices, scores };
}

function expectBruteForce(
  result: TopKResult,
  expected: { indices: number[]; scores: number[] },
  k: number,
): void {
  expect(result.k).toBe(k);
  expect(Array.from(result.indices)).toEqual(expected.indices);
  expect(Array.from(result.scores)).toEqual(expected.scores);
}

/** Gaussian rows, with a duplicated row and an all-zero row to create exact ties and 0/0 cases. */
function gaussianRows(rng: Rng, rows: number, cols: number): Matrix {
  const matrix = new Matrix(rows, cols);
  for (let t = 0; t < matrix.data.length; t++) matrix.data[t] = rng.normal();
  matrix.row(7).set(matrix.row(2));
  matrix.row(11).fill(0);
  return matrix;
}

/** Small integers in [-2, 2], mostly zero: many exactly equal scores. */
function smallIntegerRows(rng: Rng, rows: number, cols: number): Matrix {
  const matrix = new Matrix(rows, cols);
  for (let t = 0; t < matrix.data.length; t++) matrix.data[t] = rng.uniform() < 0.5 ? 0 : rng.int(5) - 2;
  return matrix;
}

/**
 * One-hot rows shaped like the model metadata: one value per field, field values drawn with
 * weight 1/(v+1)^1.5 so a few columns are in most rows, fields sometimes missing, some rows empty.
 */
function skewedOneHot(rng: Rng, rows: number, fieldSizes: readonly number[]): CsrMatrix {
  const weights = fieldSizes.map((size) => Array.from({ length: size }, (_, v) => 1 / (v + 1) ** 1.5));
  const sets: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const set: number[] = [];
    let offset = 0;
    fieldSizes.forEach((size, field) => {
      if (i % 17 !== 3 && rng.uniform() < 0.85) set.push(offset + rng.weightedIndex(weights[field]!));
      offset += size;
    });
    sets.push(set);
  }
  return CsrMatrix.fromRowSets(
    sets,
    fieldSizes.reduce((sum, size) => sum + size, 0),
  );
}

/** Sparse rows with real values of both signs. */
function sparseGaussian(rng: Rng, rows: number, cols: number, density: number): CsrMatrix {
  const dense = new Matrix(rows, cols);
  for (let t = 0; t < dense.data.length; t++) if (rng.uniform() < density) dense.data[t] = rng.normal();
  return CsrMatrix.fromDense(dense);
}

function dense(rows: RowCollection): Matrix {
  return rows instanceof Matrix ? rows : rows.toDense();
}

describe("allPairsTopK equals brute force", () => {
  const rng = new Rng(20261123);

  it("on dense Gaussian rows (cosine, Euclidean, Jaccard), rows not a multiple of the tile", () => {
    const data = gaussianRows(rng, 37, 6);
    for (const metric of METRICS) {
      for (const k of [1, 5, 36]) {
        expectBruteForce(
          allPairsTopK(data, k, { metric }),
          bruteForce(data, data, metric, k, { skipSelf: true }),
          k,
        );
      }
    }
  });

  it("on dense small-integer rows full of ties", () => {
    const data = smallIntegerRows(rng, 41, 5);
    for (const metric of METRICS) {
      expectBruteForce(
        allPairsTopK(data, 8, { metric }),
        bruteForce(data, data, metric, 8, { skipSelf: true }),
        8,
      );
    }
  });

  it("on sparse skewed one-hot rows with empty rows, for every k up to all rows", () => {
    const data = skewedOneHot(rng, 260, [6, 40, 12, 3]);
    const asDense = data.toDense();
    for (const metric of METRICS) {
      for (const k of [1, 3, 10, 259]) {
        expectBruteForce(
          allPairsTopK(data, k, { metric }),
          bruteForce(asDense, asDense, metric, k, { skipSelf: true }),
          k,
        );
      }
    }
  });

  it("on sparse real-valued rows with negative entries", () => {
    const data = sparseGaussian(rng, 150, 40, 0.08);
    const asDense = data.toDense();
    for (const metric of METRICS) {
      // Random reals leave no near-ties, so even Euclidean (selected on the expansion, then
      // re-summed exactly) must pick the brute-force rows.
      expectBruteForce(
        allPairsTopK(data, 6, { metric }),
        bruteForce(asDense, asDense, metric, 6, { skipSelf: true }),
        6,
      );
    }
  });

  it("gives dense and sparse storage of the same rows the same answer", () => {
    const data = smallIntegerRows(rng, 53, 9);
    const sparse = CsrMatrix.fromDense(data);
    for (const metric of METRICS) {
      const fromDense = allPairsTopK(data, 4, { metric });
      const fromSparse = allPairsTopK(sparse, 4, { metric });
      expect(Array.from(fromSparse.indices)).toEqual(Array.from(fromDense.indices));
      expect(Array.from(fromSparse.scores)).toEqual(Array.from(fromDense.scores));
    }
  });

  it("caps k at the number of other rows and includes the row itself when asked", () => {
    const data = skewedOneHot(rng, 12, [3, 4]);
    const asDense = data.toDense();
    const capped = allPairsTopK(data, 50, { metric: "jaccard" });
    expectBruteForce(capped, bruteForce(asDense, asDense, "jaccard", 11, { skipSelf: true }), 11);
    for (const metric of METRICS) {
      const withSelf = allPairsTopK(data, 50, { metric, excludeSelf: false });
      expectBruteForce(withSelf, bruteForce(asDense, asDense, metric, 12), 12);
    }
    expect(allPairsTopK(data, 0, { metric: "cosine" }).indices.length).toBe(0);
    const single = CsrMatrix.fromRowSets([[0]], 2);
    expect(allPairsTopK(single, 3, { metric: "cosine" }).k).toBe(0);
  });

  it("breaks ties by tieRank, then by index", () => {
    const data = skewedOneHot(rng, 90, [4, 9, 5]);
    const asDense = data.toDense();
    const shuffled = Array.from(rng.permutation(90));
    // Only three distinct ranks, so equal ranks must fall back to the index.
    const coarse = Array.from({ length: 90 }, (_, j) => (90 - j) % 3);
    for (const tieRank of [shuffled, coarse]) {
      for (const metric of METRICS) {
        expectBruteForce(
          allPairsTopK(data, 7, { metric, tieRank }),
          bruteForce(asDense, asDense, metric, 7, { skipSelf: true, tieRank }),
          7,
        );
      }
    }
  });

  it("on hundreds of small random sets with duplicate rows, random k and shuffled tie ranks", () => {
    // Duplicates put many rows exactly at the pruning bounds, where rounding in a bound must
    // never drop a row that ties with the worst kept one.
    const sweep = new Rng(5);
    for (let trial = 0; trial < 300; trial++) {
      const n = 5 + sweep.int(40);
      const cols = 2 + sweep.int(10);
      const data = new Matrix(n, cols);
      for (let i = 0; i < n; i++) {
        if (i > 0 && sweep.uniform() < 0.3) {
          data.row(i).set(data.row(sweep.int(i)));
          continue;
        }
        for (let c = 0; c < cols; c++) {
          // Later columns are more common, as in one-hot data with a few very common values.
          if (sweep.uniform() < 0.15 + 0.7 * (c / cols) ** 2)
            data.set(i, c, trial % 2 === 1 ? sweep.int(5) - 2 : 1);
        }
      }
      const sparse = CsrMatrix.fromDense(data);
      const tieRank = trial % 3 === 0 ? undefined : Array.from(sweep.permutation(n));
      for (const metric of METRICS) {
        const k = 1 + sweep.int(n - 1);
        expectBruteForce(
          allPairsTopK(sparse, k, { metric, tieRank }),
          bruteForce(data, data, metric, k, { skipSelf: true, tieRank }),
          k,
        );
      }
    }
  });

  it("keeps scanning when unseen rows can tie with the worst kept score", () => {
    // Query row 6 = {a, b}: column a (0) is rare, b (1) common. After a's list the two rows {a}
    // fill k = 2 at Jaccard 1/2, exactly the bound for rows seen only in b's list; rows 0 and 1
    // ({b}) tie at 1/2 and win on index, so stopping at ">=" would be wrong.
    const data = CsrMatrix.fromRowSets([[1], [1], [1, 2], [1, 3], [0], [0], [0, 1], [1, 4]], 5);
    const asDense = data.toDense();
    for (const metric of METRICS) {
      const result = allPairsTopK(data, 2, { metric });
      expectBruteForce(result, bruteForce(asDense, asDense, metric, 2, { skipSelf: true }), 2);
    }
    expect(Array.from(allPairsTopK(data, 2, { metric: "jaccard" }).indices.subarray(12, 14))).toEqual([0, 1]);
  });
});

describe("topKSimilar and batchTopKSimilar", () => {
  const rng = new Rng(99);
  const sparse = skewedOneHot(rng, 140, [5, 30, 8]);
  const asDense = sparse.toDense();

  it("answers one query, dense or sparse, against dense or sparse rows, with exclusions", () => {
    for (const collection of [sparse, asDense] as RowCollection[]) {
      for (const metric of METRICS) {
        for (const q of [0, 3, 77]) {
          const query = asDense.row(q);
          const exclude = [q, 5, 6];
          const expected = bruteForce(new Matrix(1, asDense.cols, query.slice()), asDense, metric, 9, {
            exclude,
          });
          for (const form of [query, Array.from(query), toSparseVector(query)]) {
            const result = topKSimilar(form, collection, 9, { metric, exclude });
            expect(Array.from(result.indices)).toEqual(expected.indices);
            expect(Array.from(result.scores)).toEqual(expected.scores);
          }
        }
      }
    }
    const all = topKSimilar(asDense.row(0), sparse, 1000, { metric: "cosine", exclude: 0 });
    expect(all.indices.length).toBe(139);
  });

  it("answers a separate set of queries, mixing dense queries with a sparse collection", () => {
    const queries = skewedOneHot(rng, 23, [5, 30, 8]);
    const queriesDense = queries.toDense();
    for (const metric of METRICS) {
      const expected = bruteForce(queriesDense, asDense, metric, 5);
      expectBruteForce(batchTopKSimilar(queries, sparse, 5, { metric }), expected, 5);
      expectBruteForce(batchTopKSimilar(queriesDense, sparse, 5, { metric }), expected, 5);
      expectBruteForce(batchTopKSimilar(queries, asDense, 5, { metric }), expected, 5);
    }
  });

  it("scores an all-zero query 0 against everything and returns rows in index order", () => {
    const zero = new Float64Array(asDense.cols);
    for (const metric of ["cosine", "jaccard"] as const) {
      const result = topKSimilar(zero, sparse, 4, { metric });
      expect(Array.from(result.indices)).toEqual([0, 1, 2, 3]);
      expect(Array.from(result.scores)).toEqual([0, 0, 0, 0]);
    }
  });
});

describe("SimilarityIndex", () => {
  it("answers many queries in a row, with and without exclusions, like fresh searches", () => {
    const rng = new Rng(31);
    const sparse = skewedOneHot(rng, 120, [4, 25, 7]);
    const asDense = sparse.toDense();
    for (const collection of [sparse, asDense] as RowCollection[]) {
      for (const metric of METRICS) {
        const index = new SimilarityIndex(collection, { metric });
        for (let round = 0; round < 40; round++) {
          const q = rng.int(120);
          // Alternate excluded and unexcluded calls: exclusions must not leak into the next call.
          const exclude = round % 2 === 0 ? [q, (q + 1) % 120] : [];
          const query = new Matrix(1, asDense.cols, asDense.row(q).slice());
          const expected = bruteForce(query, asDense, metric, 6, { exclude });
          const result = index.query(asDense.row(q), 6, { exclude });
          expect(Array.from(result.indices)).toEqual(expected.indices);
          expect(Array.from(result.scores)).toEqual(expected.scores);
        }
        expectBruteForce(index.allPairs(4), bruteForce(asDense, asDense, metric, 4, { skipSelf: true }), 4);
        expectBruteForce(index.queryBatch(asDense, 3), bruteForce(asDense, asDense, metric, 3), 3);
      }
    }
  });

  it("validates exclusions before using them", () => {
    const index = new SimilarityIndex(CsrMatrix.fromRowSets([[0], [0, 1], [1]], 2), { metric: "jaccard" });
    expect(() => index.query([1, 0], 2, { exclude: [0, 7] })).toThrow("excluded row 7");
    // Row 0 must not stay excluded after the failed call.
    expect(Array.from(index.query([1, 0], 1).indices)).toEqual([0]);
  });
});

describe("progress and argument checks", () => {
  it("reports progress in rows from start to end", () => {
    const data = skewedOneHot(new Rng(1), 700, [5, 20]);
    for (const collection of [data, dense(data)]) {
      const events: ProgressEvent[] = [];
      allPairsTopK(collection, 3, { metric: "cosine", onProgress: (event) => events.push(event) });
      expect(events[0]).toMatchObject({ phase: "start", done: 0, total: 700, unit: "rows" });
      expect(events.at(-1)).toMatchObject({ phase: "end", done: 700, total: 700 });
    }
  });

  it("rejects bad k, metrics, shapes, tie ranks and exclusions", () => {
    const data = skewedOneHot(new Rng(2), 10, [3, 3]);
    expect(() => allPairsTopK(data, -1, { metric: "cosine" })).toThrow(
      "k must be a non-negative integer, got -1",
    );
    expect(() => allPairsTopK(data, 2, { metric: "manhattan" as SimilarityMetric })).toThrow(
      'metric must be one of cosine, jaccard, euclidean; got "manhattan"',
    );
    expect(() => batchTopKSimilar(new Matrix(2, 5), data, 2, { metric: "cosine" })).toThrow(
      "queries have 5 columns but the collection has 6",
    );
    expect(() => allPairsTopK(data, 2, { metric: "cosine", tieRank: [1, 2] })).toThrow(
      "tieRank needs one rank per collection row (10), got 2",
    );
    expect(() => topKSimilar(new Float64Array(6), data, 2, { metric: "cosine", exclude: 10 })).toThrow(
      "excluded row 10 is not a row of the 10-row collection",
    );
    expect(() => topKSimilar(new Float64Array(5), data, 2, { metric: "cosine" })).toThrow(
      "the query has 5 entries but collection rows have 6",
    );
    expect(() => allPairsTopK([[1]] as unknown as Matrix, 1, { metric: "cosine" })).toThrow(
      InvalidArgumentError,
    );
  });
});
