import { Rng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import {
  calibrateConditional,
  denseConditionalAffinities,
  ENTROPY_TOLERANCE,
  pairwiseDistancesSquared,
  sparseConditionalAffinities,
  symmetrizeDense,
  symmetrizeSparse,
} from "./affinities.js";
import { nearestNeighbors } from "./neighbors.js";

function entropy(distribution: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < distribution.length; j++) {
    const p = distribution[j]!;
    if (p > 0) sum -= p * Math.log(p);
  }
  return sum;
}

function total(values: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < values.length; j++) sum += values[j]!;
  return sum;
}

/** Points on very different scales per row, so calibration cannot rely on distances near 1. */
function mixedScalePoints(rows: number, cols: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const points = Matrix.zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    const scale = i % 3 === 0 ? 1e-3 : i % 3 === 1 ? 1 : 1e3;
    for (let d = 0; d < cols; d++) points.set(i, d, scale * rng.normal());
  }
  return points;
}

describe("calibrateConditional", () => {
  it("reaches log(perplexity) within tolerance for distances of any scale", () => {
    const rng = new Rng(5);
    for (const scale of [1e-6, 1, 1e6]) {
      for (const perplexity of [2, 10, 40]) {
        const distances = new Float64Array(120);
        for (let j = 0; j < distances.length; j++) distances[j] = scale * rng.uniform() ** 2;
        const out = new Float64Array(distances.length);
        const beta = calibrateConditional(distances, perplexity, out);
        expect(beta).toBeGreaterThan(0);
        expect(Math.abs(entropy(out) - Math.log(perplexity))).toBeLessThanOrEqual(ENTROPY_TOLERANCE);
        expect(total(out)).toBeCloseTo(1, 12);
      }
    }
  });

  it("gives nearer candidates more weight, and the uniform distribution when all are equally far", () => {
    const out = new Float64Array(4);
    calibrateConditional(Float64Array.from([1, 2, 3, 4]), 2, out);
    expect(out[0]).toBeGreaterThan(out[1]!);
    expect(out[1]).toBeGreaterThan(out[2]!);
    expect(out[2]).toBeGreaterThan(out[3]!);
    calibrateConditional(Float64Array.from([7, 7, 7, 7]), 2, out);
    expect(Array.from(out)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it("ends at the uniform distribution when the perplexity exceeds the number of candidates", () => {
    const out = new Float64Array(3);
    calibrateConditional(Float64Array.from([1, 4, 9]), 10, out);
    for (const p of out) expect(p).toBeCloseTo(1 / 3, 6);
  });
});

describe("dense affinities", () => {
  it("calibrates every row's conditional entropy to log(perplexity) and symmetrises to a joint distribution", () => {
    const points = mixedScalePoints(90, 5, 2);
    const size = points.rows;
    const perplexity = 12;
    const conditional = denseConditionalAffinities(pairwiseDistancesSquared(points), size, perplexity);
    for (let i = 0; i < size; i++) {
      const row = conditional.subarray(i * size, (i + 1) * size);
      expect(row[i]).toBe(0);
      expect(total(row)).toBeCloseTo(1, 12);
      expect(Math.abs(entropy(row) - Math.log(perplexity))).toBeLessThanOrEqual(ENTROPY_TOLERANCE);
    }
    const copy = conditional.slice();
    const joint = symmetrizeDense(conditional, size);
    expect(total(joint)).toBeCloseTo(1, 12);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        expect(joint[i * size + j]).toBe(joint[j * size + i]);
        expect(joint[i * size + j]).toBeCloseTo((copy[i * size + j]! + copy[j * size + i]!) / (2 * size), 15);
      }
    }
  });
});

describe("sparse affinities", () => {
  it("calibrates each point's kNN conditional to log(perplexity)", () => {
    const points = mixedScalePoints(200, 8, 4);
    const perplexity = 10;
    const graph = nearestNeighbors(points, 31);
    const conditional = sparseConditionalAffinities(graph, perplexity);
    for (let i = 0; i < graph.size; i++) {
      const row = conditional.subarray(i * graph.k, (i + 1) * graph.k);
      expect(total(row)).toBeCloseTo(1, 12);
      expect(Math.abs(entropy(row) - Math.log(perplexity))).toBeLessThanOrEqual(ENTROPY_TOLERANCE);
    }
  });

  it("symmetrises into CSR that equals the dense joint P when every point is a neighbour", () => {
    const points = mixedScalePoints(40, 4, 6);
    const size = points.rows;
    const perplexity = 8;
    const dense = symmetrizeDense(
      denseConditionalAffinities(pairwiseDistancesSquared(points), size, perplexity),
      size,
    );
    const graph = nearestNeighbors(points, size - 1);
    const sparse = symmetrizeSparse(graph, sparseConditionalAffinities(graph, perplexity));
    expect(sparse.rowStart[size]).toBe(size * (size - 1));
    const rebuilt = new Float64Array(size * size);
    for (let i = 0; i < size; i++) {
      for (let e = sparse.rowStart[i]!; e < sparse.rowStart[i + 1]!; e++) {
        // Each column at most once per row: duplicates must have been merged.
        expect(rebuilt[i * size + sparse.columns[e]!]).toBe(0);
        rebuilt[i * size + sparse.columns[e]!] = sparse.values[e]!;
      }
    }
    for (let e = 0; e < size * size; e++) expect(rebuilt[e]).toBeCloseTo(dense[e]!, 14);
  });

  it("keeps the union of the kNN graph and its transpose, symmetric and summing to 1", () => {
    const points = mixedScalePoints(120, 6, 8);
    const graph = nearestNeighbors(points, 10);
    const sparse = symmetrizeSparse(graph, sparseConditionalAffinities(graph, 3));
    const entries = new Map<string, number>();
    for (let i = 0; i < sparse.size; i++) {
      for (let e = sparse.rowStart[i]!; e < sparse.rowStart[i + 1]!; e++) {
        entries.set(`${i},${sparse.columns[e]}`, sparse.values[e]!);
      }
    }
    for (const [key, value] of entries) {
      const [i, j] = key.split(",");
      expect(entries.get(`${j},${i}`)).toBe(value);
    }
    for (let e = 0; e < graph.indices.length; e++) {
      const i = Math.floor(e / graph.k);
      expect(entries.has(`${i},${graph.indices[e]}`)).toBe(true);
    }
    expect(total(sparse.values)).toBeCloseTo(1, 12);
    // Mutual neighbours share one entry, so there are fewer than 2·N·k entries but at least N·k.
    expect(sparse.values.length).toBeGreaterThanOrEqual(graph.size * graph.k);
    expect(sparse.values.length).toBeLessThan(2 * graph.size * graph.k);
  });
});
