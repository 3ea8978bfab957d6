import { InvalidArgumentError, Rng } from "@lab/core";
import { CsrMatrix, Matrix } from "@lab/linalg";
import { describe, expect, it } from "vitest";
import { RadiusNeighborIndex } from "./radius-neighbors.js";
import { denseRows, type Metric, randomOneHot, within } from "./test-support.js";

function sparseRandom(seed: number, rows: number, cols: number, density: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () =>
      rng.uniform() < density ? Math.round(rng.normal(0, 2) * 100) / 100 : 0,
    ),
  );
}

function bruteNeighbours(points: number[][], query: number[], radius: number, metric: Metric): number[] {
  return points.flatMap((p, j) => (within(metric, query, p, radius) ? [j] : []));
}

describe("RadiusNeighborIndex", () => {
  const metrics: Metric[] = ["cosine", "euclidean"];

  it("finds exactly the rows a brute-force scan finds, for both metrics and radii across the range", () => {
    // Includes zero rows and rows sharing no column with others.
    const points = sparseRandom(3, 120, 15, 0.2);
    const matrix = CsrMatrix.fromDense(Matrix.fromRows(points));
    const out = new Int32Array(points.length);
    for (const metric of metrics) {
      const index = new RadiusNeighborIndex(matrix, metric);
      const radii = metric === "cosine" ? [0.05, 0.3, 0.7, 1, 1.5] : [0.5, 2, 4, 8];
      for (const radius of radii) {
        for (let q = 0; q < points.length; q++) {
          const count = index.neighborsOfRow(q, radius, out);
          expect(Array.from(out.subarray(0, count))).toEqual(
            bruteNeighbours(points, points[q]!, radius, metric),
          );
        }
      }
    }
  });

  it("stays exact when the cosine walk skips a common column of small weight (TF-IDF-like rows)", () => {
    // Column 0 is in every row with a small weight, like a term every document has; the rest are
    // rare. For small radii the walk stops before column 0's list, which holds every row.
    const rng = new Rng(8);
    const points = Array.from({ length: 300 }, () =>
      Array.from({ length: 40 }, (_, j) =>
        j === 0 ? 0.05 + 0.1 * rng.uniform() : rng.uniform() < 0.08 ? rng.uniform() : 0,
      ),
    );
    const index = new RadiusNeighborIndex(CsrMatrix.fromDense(Matrix.fromRows(points)), "cosine");
    const out = new Int32Array(points.length);
    let found = 0;
    for (const radius of [0.05, 0.2, 0.5]) {
      for (let q = 0; q < points.length; q++) {
        const count = index.neighborsOfRow(q, radius, out);
        found += count;
        expect(Array.from(out.subarray(0, count))).toEqual(
          bruteNeighbours(points, points[q]!, radius, "cosine"),
        );
      }
    }
    expect(found).toBeGreaterThan(3 * points.length);
  });

  it("answers queries from another matrix the same way", () => {
    const points = denseRows(randomOneHot(5, 200, [4, 9, 5]));
    const queries = denseRows(randomOneHot(6, 30, [4, 9, 5])).map((row) =>
      row.map((v, j) => v * (1 + (j % 3))),
    );
    const index = new RadiusNeighborIndex(CsrMatrix.fromDense(Matrix.fromRows(points)), "cosine");
    const queryMatrix = CsrMatrix.fromDense(Matrix.fromRows(queries));
    const out = new Int32Array(points.length);
    for (let q = 0; q < queries.length; q++) {
      const count = index.neighbors(queryMatrix, q, 0.4, out);
      expect(Array.from(out.subarray(0, count))).toEqual(bruteNeighbours(points, queries[q]!, 0.4, "cosine"));
    }
  });

  it("puts a zero row at cosine distance 1 from everything, itself included", () => {
    const matrix = CsrMatrix.fromRowSets([[0], [], [0, 1]], 2);
    const index = new RadiusNeighborIndex(matrix, "cosine");
    const out = new Int32Array(3);
    expect(index.neighborsOfRow(1, 0.99, out)).toBe(0);
    const count = index.neighborsOfRow(1, 1, out);
    expect(Array.from(out.subarray(0, count))).toEqual([0, 1, 2]);
  });

  it("rejects bad arguments", () => {
    const matrix = CsrMatrix.fromRowSets([[0], [1]], 2);
    expect(() => new RadiusNeighborIndex(matrix, "jaccard" as never)).toThrow(InvalidArgumentError);
    const index = new RadiusNeighborIndex(matrix, "euclidean");
    expect(() => index.neighborsOfRow(0, 0, new Int32Array(2))).toThrow(/radius must be a finite number > 0/);
    expect(() => index.neighborsOfRow(0, 1, new Int32Array(1))).toThrow(/out needs room for 2 rows/);
    expect(() => index.neighbors(CsrMatrix.fromRowSets([[0]], 3), 0, 1, new Int32Array(2))).toThrow(
      /queries have 3 columns, the collection 2/,
    );
  });
});
