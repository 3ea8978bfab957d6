import { InvalidArgumentError, type ProgressEvent } from "@lab/core";
import { CsrMatrix, Matrix } from "@lab/linalg";
import { describe, expect, it } from "vitest";
import { kmeans, kmeansPlusPlus, predict } from "./kmeans.js";
import {
  bruteLloyd,
  denseRows,
  randomBlobs,
  randomOneHot,
  samePartition,
  withRepeats,
} from "./test-support.js";

/** Rows of the matrix, picked by index, as initial centroids. */
function rowsAsInit(points: number[][], picks: number[]): Matrix {
  return Matrix.fromRows(picks.map((i) => points[i]!));
}

function inertiaOf(points: number[][], labels: Int32Array, centroids: Matrix): number {
  return points.reduce(
    (sum, p, i) => sum + p.reduce((s, value, j) => s + (value - centroids.get(labels[i]!, j)) ** 2, 0),
    0,
  );
}

describe("kmeans", () => {
  it("splits two obvious groups, with the means as centroids and the hand-computed inertia", () => {
    const points = [
      [0, 0],
      [0, 2],
      [2, 0],
      [10, 10],
      [10, 12],
      [12, 10],
    ];
    const result = kmeans(Matrix.fromRows(points), { k: 2, seed: 1 });
    expect(samePartition(result.labels, [0, 0, 0, 1, 1, 1])).toBe(true);
    const first = result.labels[0]!;
    expect(Array.from(result.centroids.row(first))).toEqual([2 / 3, 2 / 3].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(result.centroids.row(1 - first))).toEqual(
      [32 / 3, 32 / 3].map((v) => expect.closeTo(v, 12)),
    );
    // Each group: squared distances to (2/3, 2/3) are 8/9, 8/9 + 4 − 8/3 ... summing to 16/3.
    expect(result.inertia).toBeCloseTo(2 * (16 / 3), 10);
    expect(result.nInit).toBe(10);
  });

  it("follows scikit-learn's Lloyd step for step from given centroids (sparse one-hot with repeats)", () => {
    const matrix = randomOneHot(11, 600, [6, 25, 10, 3]);
    const points = denseRows(matrix);
    const picks = [0, 5, 17, 40, 99, 123, 200];
    const init = rowsAsInit(points, picks);
    const reference = bruteLloyd(points, init.toArray(), 300, 1e-4);
    for (const [dedupe, bounds] of [
      [true, true],
      [false, true],
      [true, false],
    ] as const) {
      const ours = kmeans(matrix, { k: picks.length, init, dedupe, bounds });
      expect(Array.from(ours.labels)).toEqual(reference.labels);
      expect(ours.iterations).toBe(reference.iterations);
      expect(ours.inertia).toBeCloseTo(reference.inertia, 9);
      ours.centroids.toArray().forEach((row, c) => {
        row.forEach((value, j) => {
          expect(value).toBeCloseTo(reference.centroids[c]![j]!, 12);
        });
      });
      expect(ours.nInit).toBe(1);
    }
  });

  it("follows it on dense real-valued rows too, and stops early on a loose tolerance", () => {
    const points = randomBlobs(3, 300, 4, 5, 2);
    const init = rowsAsInit(points, [1, 2, 3, 4, 5]);
    for (const tol of [1e-4, 0.5]) {
      const reference = bruteLloyd(points, init.toArray(), 300, tol);
      for (const bounds of [true, false]) {
        const ours = kmeans(Matrix.fromRows(points), { k: 5, init, tol, bounds });
        expect(Array.from(ours.labels)).toEqual(reference.labels);
        expect(ours.iterations).toBe(reference.iterations);
        expect(ours.inertia).toBeCloseTo(reference.inertia, 8);
      }
    }
    const loose = kmeans(Matrix.fromRows(points), { k: 5, init, tol: 1e6 });
    expect(loose.iterations).toBe(1);
  });

  it("relocates an empty cluster to the farthest row, as scikit-learn", () => {
    const points = randomBlobs(5, 120, 3, 3, 1);
    // A centroid far from every point gets no rows in the first assignment.
    const init = Matrix.fromRows([points[0]!, points[1]!, [1000, 1000, 1000]]);
    const reference = bruteLloyd(points, init.toArray(), 300, 1e-4);
    const ours = kmeans(Matrix.fromRows(points), { k: 3, init });
    expect(Array.from(ours.labels)).toEqual(reference.labels);
    expect(ours.inertia).toBeCloseTo(reference.inertia, 8);
    expect(new Set(ours.labels).size).toBe(3);
  });

  it("gives the same clustering on de-duplicated and on all rows", () => {
    const base = randomBlobs(8, 40, 3, 4, 1.5);
    const points = withRepeats(9, base, 5);
    const init = rowsAsInit(points, [0, 10, 20, 30]);
    const deduped = kmeans(Matrix.fromRows(points), { k: 4, init, dedupe: true });
    const all = kmeans(Matrix.fromRows(points), { k: 4, init, dedupe: false });
    expect(Array.from(deduped.labels)).toEqual(Array.from(all.labels));
    expect(deduped.inertia).toBeCloseTo(all.inertia, 9);
    expect(deduped.iterations).toBe(all.iterations);
  });

  it("is reproducible for a seed, reports the inertia of its centroids and keeps the best start", () => {
    const matrix = randomOneHot(21, 800, [8, 40, 15, 4]);
    const points = denseRows(matrix);
    const a = kmeans(matrix, { k: 6, seed: 42 });
    const b = kmeans(matrix, { k: 6, seed: 42 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    expect(a.inertia).toBeCloseTo(inertiaOf(points, a.labels, a.centroids), 9);
    // The first of the ten starts is the single start with the same seed, so ten can only do better.
    const single = kmeans(matrix, { k: 6, seed: 42, nInit: 1 });
    expect(a.inertia).toBeLessThanOrEqual(single.inertia);
    const inertias = Array.from(
      { length: 10 },
      (_, seed) => kmeans(matrix, { k: 6, seed, nInit: 1 }).inertia,
    );
    expect(new Set(inertias.map((v) => v.toFixed(6))).size).toBeGreaterThan(1);
  });

  it("starts from kmeansPlusPlus's centroids: distinct data rows, the same for the same seed", () => {
    const matrix = randomOneHot(4, 500, [6, 20, 8, 3]);
    const points = denseRows(matrix);
    const init = kmeansPlusPlus(matrix, { k: 8, seed: 5 });
    const keys = new Set(points.map((p) => p.join(",")));
    const chosen = init.toArray().map((row) => row.join(","));
    for (const key of chosen) expect(keys.has(key)).toBe(true);
    expect(new Set(chosen).size).toBe(8);
    const fromInit = kmeans(matrix, { k: 8, init });
    const seeded = kmeans(matrix, { k: 8, seed: 5, nInit: 1 });
    expect(Array.from(seeded.labels)).toEqual(Array.from(fromInit.labels));
    expect(seeded.inertia).toBe(fromInit.inertia);
  });

  it("draws the first centre with probability proportional to a row's multiplicity", () => {
    // Row [1, 0] occurs three times, [0, 1] once: over many seeds about 3/4 of the first centres are [1, 0].
    const matrix = CsrMatrix.fromRowSets([[0], [1], [0], [0]], 2);
    let heavy = 0;
    const draws = 2000;
    for (let seed = 0; seed < draws; seed++) {
      if (kmeansPlusPlus(matrix, { k: 1, seed }).get(0, 0) === 1) heavy++;
    }
    expect(heavy / draws).toBeGreaterThan(0.72);
    expect(heavy / draws).toBeLessThan(0.78);
  });

  it("handles identical rows: one cluster with zero inertia, and refuses k above the distinct rows", () => {
    const matrix = CsrMatrix.fromRowSets(
      [
        [1, 3],
        [1, 3],
        [1, 3],
        [1, 3],
      ],
      5,
    );
    const one = kmeans(matrix, { k: 1 });
    expect(Array.from(one.labels)).toEqual([0, 0, 0, 0]);
    expect(one.inertia).toBe(0);
    expect(Array.from(one.centroids.row(0))).toEqual([0, 1, 0, 1, 0]);
    expect(() => kmeans(matrix, { k: 2 })).toThrow(/k = 2 is more than the 1 distinct rows/);
  });

  it("reports progress per start", () => {
    const events: ProgressEvent[] = [];
    kmeans(randomOneHot(2, 200, [4, 10, 3]), { k: 3, nInit: 4, onProgress: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ task: "kmeans", phase: "start", total: 4 });
    expect(events.at(-1)).toMatchObject({ phase: "end", done: 4 });
  });

  it("rejects bad parameters with one clear line", () => {
    const matrix = randomOneHot(1, 50, [4, 6]);
    const cases: [unknown, RegExp][] = [
      [{ k: 0 }, /k must be a positive integer/],
      [{ k: 2.5 }, /k must be a positive integer/],
      [{ k: 60 }, /k = 60 is more than the 50 rows/],
      [{ k: 2, nInit: 0 }, /nInit must be a positive integer/],
      [{ k: 2, maxIter: -1 }, /maxIter must be a positive integer/],
      [{ k: 2, tol: -1 }, /tol must be a finite number ≥ 0/],
      [{ k: 2, init: "random" }, /init must be "k-means\+\+" or a k × columns Matrix/],
      [{ k: 2, init: new Matrix(3, 10) }, /initial centroids must be 2 × 10/],
      [{ k: 2, init: new Matrix(2, 10), nInit: 5 }, /nInit must be 1/],
    ];
    for (const [options, message] of cases) {
      expect(() => kmeans(matrix, options as never)).toThrow(InvalidArgumentError);
      expect(() => kmeans(matrix, options as never)).toThrow(message);
    }
    expect(() => kmeans(Matrix.fromRows([[1, Number.NaN]]), { k: 1 })).toThrow(/row 0, column 1 is NaN/);
    expect(() => kmeans([[1, 2]] as never, { k: 1 })).toThrow(/CsrMatrix or Matrix/);
  });
});

describe("predict", () => {
  it("assigns rows to the nearest centroid, the lower index on ties", () => {
    const centroids = Matrix.fromRows([
      [0, 0],
      [2, 0],
      [10, 10],
    ]);
    const rows = Matrix.fromRows([
      [0.2, 0.1],
      [1, 0], // equally far from centroids 0 and 1
      [9, 9],
      [1.5, -1],
    ]);
    expect(Array.from(predict(centroids, rows))).toEqual([0, 0, 2, 1]);
  });

  it("reproduces the fitted labels and checks the column count", () => {
    const matrix = randomOneHot(6, 300, [5, 12, 4]);
    const fit = kmeans(matrix, { k: 4, seed: 3 });
    expect(Array.from(predict(fit.centroids, matrix))).toEqual(Array.from(fit.labels));
    expect(() => predict(fit.centroids, new Matrix(2, 3))).toThrow(
      /rows have 3 columns but the centroids have 21/,
    );
  });
});
