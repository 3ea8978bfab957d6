import { InvalidArgumentError, Rng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { nearestNeighbors } from "./neighbors.js";

function randomPoints(rows: number, cols: number, seed: number): Matrix {
  const rng = new Rng(seed);
  return new Matrix(rows, cols, rng.fillNormal(new Float64Array(rows * cols)));
}

/** Reference: all distances from i, sorted; returns the k smallest (distance, index) pairs. */
function bruteForce(points: Matrix, i: number, k: number): { index: number; distance: number }[] {
  const candidates: { index: number; distance: number }[] = [];
  for (let j = 0; j < points.rows; j++) {
    if (j === i) continue;
    let sum = 0;
    for (let d = 0; d < points.cols; d++) sum += (points.get(i, d) - points.get(j, d)) ** 2;
    candidates.push({ index: j, distance: sum });
  }
  candidates.sort((a, b) => a.distance - b.distance || a.index - b.index);
  return candidates.slice(0, k);
}

describe("nearestNeighbors", () => {
  it("returns each point's k nearest others, nearest first, across tile boundaries", () => {
    // 150 rows spans three 64-row tiles, so pairs within and across tiles are both exercised.
    const points = randomPoints(150, 7, 3);
    const k = 9;
    const graph = nearestNeighbors(points, k);
    expect(graph.size).toBe(150);
    expect(graph.k).toBe(k);
    for (let i = 0; i < points.rows; i++) {
      const expected = bruteForce(points, i, k);
      for (let slot = 0; slot < k; slot++) {
        expect(graph.indices[i * k + slot]).toBe(expected[slot]!.index);
        expect(graph.distancesSquared[i * k + slot]).toBeCloseTo(expected[slot]!.distance, 12);
      }
    }
  });

  it("treats exact duplicates as neighbours at distance 0 and never lists a point as its own neighbour", () => {
    const points = Matrix.fromRows([
      [0, 0],
      [0, 0],
      [0, 0],
      [5, 5],
      [6, 5],
    ]);
    const graph = nearestNeighbors(points, 2);
    for (let i = 0; i < 3; i++) {
      const listed = Array.from(graph.indices.subarray(i * 2, i * 2 + 2));
      expect(listed).not.toContain(i);
      expect(listed.every((j) => j < 3)).toBe(true);
      expect(Array.from(graph.distancesSquared.subarray(i * 2, i * 2 + 2))).toEqual([0, 0]);
    }
    expect(graph.indices[3 * 2]).toBe(4);
    expect(graph.distancesSquared[3 * 2]).toBe(1);
  });

  it("allows k = N - 1 (every other point) and rejects larger or non-integer k", () => {
    const points = randomPoints(6, 3, 1);
    const graph = nearestNeighbors(points, 5);
    for (let i = 0; i < 6; i++) {
      const listed = Array.from(graph.indices.subarray(i * 5, i * 5 + 5)).sort();
      expect(listed).toEqual([0, 1, 2, 3, 4, 5].filter((j) => j !== i));
    }
    expect(() => nearestNeighbors(points, 6)).toThrow(InvalidArgumentError);
    expect(() => nearestNeighbors(points, 0)).toThrow(InvalidArgumentError);
    expect(() => nearestNeighbors(points, 2.5)).toThrow(InvalidArgumentError);
  });
});
