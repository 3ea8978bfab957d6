import { Rng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { principalScores } from "./pca-init.js";

/** A random orthonormal basis of R^dims (Gram–Schmidt on Gaussian vectors), rows are the axes. */
function randomRotation(dims: number, rng: Rng): Float64Array {
  const basis = rng.fillNormal(new Float64Array(dims * dims));
  for (let a = 0; a < dims; a++) {
    for (let b = 0; b < a; b++) {
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += basis[a * dims + d]! * basis[b * dims + d]!;
      for (let d = 0; d < dims; d++) basis[a * dims + d]! -= dot * basis[b * dims + d]!;
    }
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += basis[a * dims + d]! ** 2;
    for (let d = 0; d < dims; d++) basis[a * dims + d]! /= Math.sqrt(norm);
  }
  return basis;
}

/** Points whose latent factor c has standard deviation spreads[c], along hidden rotated axes, plus an offset. */
function latentData(size: number, spreads: number[], seed: number) {
  const rng = new Rng(seed);
  const dims = spreads.length;
  const rotation = randomRotation(dims, rng);
  const latent = new Float64Array(size * dims);
  const points = Matrix.zeros(size, dims);
  for (let i = 0; i < size; i++) {
    for (let c = 0; c < dims; c++) latent[i * dims + c] = spreads[c]! * rng.normal();
    for (let d = 0; d < dims; d++) {
      let value = 100;
      for (let c = 0; c < dims; c++) value += latent[i * dims + c]! * rotation[c * dims + d]!;
      points.set(i, d, value);
    }
  }
  return { points, latent };
}

function column(values: Float64Array, width: number, c: number): Float64Array {
  const out = new Float64Array(values.length / width);
  for (let i = 0; i < out.length; i++) out[i] = values[i * width + c]!;
  return out;
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i]! / n;
    meanB += b[i]! / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - meanA) * (b[i]! - meanB);
    aa += (a[i]! - meanA) ** 2;
    bb += (b[i]! - meanB) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

function variance(values: Float64Array): number {
  const n = values.length;
  let mean = 0;
  for (const value of values) mean += value / n;
  let sum = 0;
  for (const value of values) sum += (value - mean) ** 2;
  return sum / n;
}

describe("principalScores", () => {
  it("recovers the leading latent factors, ordered by variance and uncorrelated", () => {
    const spreads = [10, 4, 2, 0.5, 0.3, 0.1];
    const { points, latent } = latentData(600, spreads, 3);
    for (const components of [2, 3]) {
      const scores = principalScores(points, components, new Rng(1));
      for (let c = 0; c < components; c++) {
        expect(
          Math.abs(correlation(column(scores, components, c), column(latent, spreads.length, c))),
        ).toBeGreaterThan(0.99);
        if (c > 0) {
          expect(variance(column(scores, components, c))).toBeLessThan(
            variance(column(scores, components, c - 1)),
          );
          expect(
            Math.abs(correlation(column(scores, components, c), column(scores, components, 0))),
          ).toBeLessThan(1e-8);
        }
      }
      // Scores are centred even though the data sits around 100.
      for (let c = 0; c < components; c++) {
        const mean = column(scores, components, c).reduce((sum, value) => sum + value, 0) / points.rows;
        expect(Math.abs(mean)).toBeLessThan(1e-9);
      }
    }
  });

  it("does not depend on the random start, and makes each column's largest entry positive", () => {
    const { points } = latentData(300, [5, 3, 1, 0.2], 8);
    const first = principalScores(points, 2, new Rng(1));
    const second = principalScores(points, 2, new Rng(999));
    for (let e = 0; e < first.length; e++) expect(second[e]).toBeCloseTo(first[e]!, 6);
    for (let c = 0; c < 2; c++) {
      const values = column(first, 2, c);
      let largest = 0;
      for (const value of values) if (Math.abs(value) > Math.abs(largest)) largest = value;
      expect(largest).toBeGreaterThan(0);
    }
  });

  it("stays finite on rank-deficient input (points on a line) with zero variance beyond the first axis", () => {
    const points = Matrix.zeros(50, 4);
    for (let i = 0; i < 50; i++) for (let d = 0; d < 4; d++) points.set(i, d, i * (d + 1));
    const scores = principalScores(points, 3, new Rng(2));
    for (const value of scores) expect(Number.isFinite(value)).toBe(true);
    expect(variance(column(scores, 3, 0))).toBeGreaterThan(1);
    expect(variance(column(scores, 3, 1))).toBeLessThan(1e-18);
    expect(variance(column(scores, 3, 2))).toBeLessThan(1e-18);
  });
});
