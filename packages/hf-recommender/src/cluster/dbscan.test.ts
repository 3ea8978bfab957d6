import { InvalidArgumentError, type ProgressEvent } from "@lab/core";
import { CsrMatrix, Matrix } from "@lab/linalg";
import { describe, expect, it } from "vitest";
import { dbscan } from "./dbscan.js";
import { bruteDbscan, denseRows, randomBlobs, randomOneHot, withRepeats } from "./test-support.js";

describe("dbscan", () => {
  it("labels a hand-made 1-D example: two clusters, a shared border point and noise", () => {
    // eps 1.1, minPts 3: the cores (three rows within 1.1, itself included) are 1, 2 and 7; 0.5 and 3
    // are border points of the left cluster, 6 and 8 of the right one; 4.5 and 20 are noise.
    const points = [[0.5], [1], [2], [3], [4.5], [6], [7], [8], [20]];
    const result = dbscan(Matrix.fromRows(points), { eps: 1.1, minPts: 3, metric: "euclidean" });
    expect(Array.from(result.labels)).toEqual([0, 0, 0, 0, -1, 1, 1, 1, -1]);
    expect(Array.from(result.coreIndices)).toEqual([1, 2, 6]);
    expect(result.clusters).toBe(2);
    expect(result.noise).toBe(2);
  });

  it("gives a border point shared by two clusters to the one numbered first", () => {
    // Row 0 (x=5) is within eps=1 of both cores 4 and 6 but has only 3 neighbours (itself included).
    // The right-hand cluster's first core (row 1) comes before the left's (row 2) in row order.
    const points = [[5], [6], [4], [3.5], [6.5], [3], [7]];
    const result = dbscan(Matrix.fromRows(points), { eps: 1, minPts: 4, metric: "euclidean" });
    const reference = bruteDbscan(points, 1, 4, "euclidean");
    expect(Array.from(result.labels)).toEqual(reference.labels);
    expect(result.labels[0]).toBe(result.labels[1]);
    expect(result.labels[1]).toBe(0);
  });

  it("matches scikit-learn's algorithm label for label on one-hot rows (cosine and Euclidean)", () => {
    const matrix = randomOneHot(31, 500, [6, 30, 12, 3]);
    const points = denseRows(matrix);
    for (const [eps, minPts] of [
      [0.2, 3],
      [0.3, 5],
      [0.5, 2],
      [0.5, 12],
      [0.75, 40],
    ] as const) {
      const reference = bruteDbscan(points, eps, minPts, "cosine");
      for (const dedupe of [true, false]) {
        const result = dbscan(matrix, { eps, minPts, dedupe });
        expect(Array.from(result.labels)).toEqual(reference.labels);
        expect(Array.from(result.coreIndices)).toEqual(reference.core);
      }
    }
    // Euclidean on the same rows: √2 apart differ in one field, 2 apart in two.
    for (const [eps, minPts] of [
      [1, 3],
      [1.5, 5],
      [2, 20],
    ] as const) {
      const reference = bruteDbscan(points, eps, minPts, "euclidean");
      const result = dbscan(matrix, { eps, minPts, metric: "euclidean", dedupe: false });
      expect(Array.from(result.labels)).toEqual(reference.labels);
    }
  });

  it("matches it on real-valued rows with repeats, for both metrics", () => {
    const points = withRepeats(2, randomBlobs(12, 150, 3, 5, 1.2), 3);
    for (const metric of ["euclidean", "cosine"] as const) {
      for (const [eps, minPts] of metric === "euclidean"
        ? ([
            [0.8, 4],
            [1.5, 8],
          ] as const)
        : ([
            [0.01, 4],
            [0.05, 10],
          ] as const)) {
        const reference = bruteDbscan(points, eps, minPts, metric);
        expect(new Set(reference.labels).size).toBeGreaterThan(2);
        for (const dedupe of [true, false]) {
          const result = dbscan(Matrix.fromRows(points), { eps, minPts, metric, dedupe });
          expect(Array.from(result.labels)).toEqual(reference.labels);
        }
      }
    }
  });

  it("counts each row as its own neighbour, so minPts 1 makes every nonzero row core", () => {
    const matrix = CsrMatrix.fromRowSets([[0], [1], [2], [0]], 3);
    const result = dbscan(matrix, { eps: 0.1, minPts: 1 });
    expect(Array.from(result.labels)).toEqual([0, 1, 2, 0]);
    expect(result.coreIndices.length).toBe(4);
  });

  it("makes zero rows noise under cosine, even at minPts 1; at eps ≥ 1 everything is one cluster", () => {
    const matrix = CsrMatrix.fromRowSets([[0], [], [0, 1], [], [1]], 2);
    expect(Array.from(dbscan(matrix, { eps: 0.5, minPts: 1 }).labels)).toEqual([0, -1, 0, -1, 0]);
    expect(Array.from(dbscan(matrix, { eps: 1, minPts: 2 }).labels)).toEqual([0, 0, 0, 0, 0]);
  });

  it("puts identical rows in one cluster when there are at least minPts of them, else marks them noise", () => {
    const matrix = CsrMatrix.fromRowSets([[2], [2], [2], [2]], 3);
    expect(Array.from(dbscan(matrix, { eps: 0.1, minPts: 4 }).labels)).toEqual([0, 0, 0, 0]);
    const sparse = dbscan(matrix, { eps: 0.1, minPts: 5 });
    expect(Array.from(sparse.labels)).toEqual([-1, -1, -1, -1]);
    expect(sparse.noise).toBe(4);
    expect(sparse.clusters).toBe(0);
  });

  it("reports progress and rejects bad parameters", () => {
    const matrix = randomOneHot(1, 100, [3, 5]);
    const events: ProgressEvent[] = [];
    dbscan(matrix, { eps: 0.3, minPts: 3, onProgress: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ task: "dbscan", phase: "start" });
    expect(events.at(-1)).toMatchObject({ phase: "end" });
    const cases: [unknown, RegExp][] = [
      [{ eps: 0, minPts: 3 }, /eps must be a finite number > 0/],
      [{ eps: Number.NaN, minPts: 3 }, /eps must be a finite number > 0/],
      [{ eps: 0.5, minPts: 0 }, /minPts must be a positive integer/],
      [{ eps: 0.5, minPts: 2.5 }, /minPts must be a positive integer/],
      [{ eps: 0.5, minPts: 2, metric: "manhattan" }, /metric must be "cosine" or "euclidean"/],
    ];
    for (const [options, message] of cases) {
      expect(() => dbscan(matrix, options as never)).toThrow(InvalidArgumentError);
      expect(() => dbscan(matrix, options as never)).toThrow(message);
    }
  });
});
