import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { InvalidArgumentError, loadHfModels, type ProgressEvent } from "@lab/core";
import { CsrMatrix, Matrix } from "@lab/linalg";
import { describe, expect, it } from "vitest";
import { recordFromCsvRow } from "../data/record.js";
import { oneHotFeatures } from "../features/one-hot.js";
import { cutTree, type Linkage, linkageMatrix } from "./linkage.js";
import { bruteWard, randomBlobs, randomOneHot, withRepeats } from "./test-support.js";
import { wardLinkage } from "./ward.js";

function expectValidLinkage(linkage: Linkage): void {
  const { n, left, right, distances, sizes } = linkage;
  expect(left.length).toBe(n - 1);
  const size = new Array<number>(2 * n - 1).fill(1);
  const used = new Set<number>();
  for (let t = 0; t < n - 1; t++) {
    expect(left[t]).toBeLessThan(right[t]!);
    expect(right[t]).toBeLessThan(n + t);
    expect(used.has(left[t]!) || used.has(right[t]!)).toBe(false);
    used.add(left[t]!);
    used.add(right[t]!);
    size[n + t] = size[left[t]!]! + size[right[t]!]!;
    expect(sizes[t]).toBe(size[n + t]);
    if (t > 0) expect(distances[t]).toBeGreaterThanOrEqual(distances[t - 1]!);
  }
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, relative: number): void {
  expect(actual.length).toBe(expected.length);
  for (let t = 0; t < expected.length; t++) {
    expect(Math.abs(actual[t]! - expected[t]!)).toBeLessThanOrEqual(
      relative * Math.max(1, Math.abs(expected[t]!)),
    );
  }
}

describe("wardLinkage", () => {
  it("gives scipy's linkage for a hand-worked example", () => {
    const linkage = wardLinkage(Matrix.fromRows([[0], [1], [5], [7]]));
    expect(linkageMatrix(linkage)).toEqual([
      [0, 1, 1, 2],
      [2, 3, 2, 2],
      [4, 5, expect.closeTo(Math.SQRT2 * 5.5, 12), 4],
    ]);
  });

  it("matches the O(N³) definition on random real-valued data: heights and every cut", () => {
    for (const seed of [1, 2, 3]) {
      const points = randomBlobs(seed, 45, 5, 4, 1.5);
      const linkage = wardLinkage(Matrix.fromRows(points));
      const brute = bruteWard(points);
      expectValidLinkage(linkage);
      expectClose(linkage.distances, brute.heights, 1e-10);
      for (let k = 1; k <= points.length; k++) {
        expect(Array.from(cutTree(linkage, { clusters: k }))).toEqual(brute.partition(k));
      }
    }
  });

  it("gives the same tree above 0 on distinct weighted rows as on all rows", () => {
    const base = randomBlobs(4, 18, 3, 3, 1);
    const points = withRepeats(5, base, 4);
    const deduped = wardLinkage(Matrix.fromRows(points), { dedupe: true });
    const all = wardLinkage(Matrix.fromRows(points), { dedupe: false });
    const brute = bruteWard(points);
    expect(deduped.clusteredRows).toBe(base.length);
    expect(all.clusteredRows).toBe(points.length);
    expectValidLinkage(deduped);
    const zeros = Array.from(deduped.distances).filter((d) => d === 0).length;
    expect(zeros).toBe(points.length - base.length);
    expectClose(deduped.distances, all.distances, 1e-10);
    expectClose(deduped.distances, brute.heights, 1e-10);
    for (let k = 1; k <= base.length; k++) {
      const labels = Array.from(cutTree(deduped, { clusters: k }));
      expect(labels).toEqual(Array.from(cutTree(all, { clusters: k })));
      expect(labels).toEqual(brute.partition(k));
    }
  });

  it("matches the definition on sparse rows, and float32 storage stays within 1e-6", () => {
    const points = randomBlobs(6, 40, 8, 3, 1).map((row) => row.map((v) => (Math.abs(v) < 2 ? 0 : v)));
    const sparse = CsrMatrix.fromDense(Matrix.fromRows(points));
    const linkage = wardLinkage(sparse, { precision: "float64" });
    expectClose(linkage.distances, bruteWard(points).heights, 1e-10);
    const single = wardLinkage(sparse, { precision: "float32" });
    expect(single.precision).toBe("float32");
    expect(single.matrixBytes).toBe(((40 * 39) / 2) * 4);
    expectClose(single.distances, linkage.distances, 1e-6);
    // "auto" switches to float32 above the float64 budget.
    expect(wardLinkage(sparse, { float64LimitBytes: 1000 }).precision).toBe("float32");
    expect(wardLinkage(sparse).precision).toBe("float64");
  });

  it("builds a valid tree on tie-heavy one-hot rows, identical rows merging at 0 first", () => {
    const matrix = randomOneHot(12, 400, [5, 14, 8, 3]);
    const linkage = wardLinkage(matrix);
    expectValidLinkage(linkage);
    const zeros = Array.from(linkage.distances).filter((d) => d === 0).length;
    expect(zeros).toBe(matrix.rows - linkage.clusteredRows);
    const atZero = cutTree(linkage, { distance: 0 });
    expect(new Set(atZero).size).toBe(linkage.clusteredRows);
    const dense = matrix
      .toDense()
      .toArray()
      .map((row) => row.join(","));
    for (let i = 1; i < dense.length; i++) {
      expect(atZero[i] === atZero[0]).toBe(dense[i] === dense[0]);
    }
  });

  it("handles one row, identical rows, and reports progress", () => {
    expect(wardLinkage(Matrix.fromRows([[3, 4]])).left.length).toBe(0);
    const same = wardLinkage(CsrMatrix.fromRowSets([[1], [1], [1]], 2));
    expect(linkageMatrix(same)).toEqual([
      [0, 1, 0, 2],
      [2, 3, 0, 3],
    ]);
    const events: ProgressEvent[] = [];
    wardLinkage(Matrix.fromRows(randomBlobs(1, 30, 2, 2)), { onProgress: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ task: "ward linkage", phase: "start" });
    expect(events.at(-1)).toMatchObject({ phase: "end" });
  });

  it("rejects bad options and matrices over the memory limit", () => {
    const rows = Matrix.fromRows(randomBlobs(2, 100, 2, 2));
    expect(() => wardLinkage(rows, { precision: "half" as never })).toThrow(/precision must be "auto"/);
    expect(() => wardLinkage(rows, { maxMatrixBytes: 1000 })).toThrow(InvalidArgumentError);
    expect(() => wardLinkage(rows, { maxMatrixBytes: 1000 })).toThrow(
      /float64 distance matrix would take 0 MiB, over the 0 MiB limit/,
    );
    expect(() => wardLinkage(new Matrix(0, 3))).toThrow(/the input has no rows/);
  });
});

const dataDir = process.env.LAB_DATA_DIR ? resolve(process.env.LAB_DATA_DIR) : null;
const hasReal = dataDir !== null && existsSync(join(dataDir, "hf-models", "data.csv"));

describe("wardLinkage on the seed's 10,000 models", () => {
  it.skipIf(!hasReal)(
    "clusters all rows of the four-field one-hot (skipped without LAB_DATA_DIR/hf-models)",
    async () => {
      const { matrix } = oneHotFeatures((await loadHfModels()).map(recordFromCsvRow));
      const linkage = wardLinkage(matrix);
      expect(linkage.n).toBe(10_000);
      expectValidLinkage(linkage);
      expect(linkage.clusteredRows).toBeLessThan(2000);
      expect(new Set(cutTree(linkage, { clusters: 10 })).size).toBe(10);
    },
  );
});
