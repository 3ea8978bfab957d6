import { InvalidArgumentError, Rng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { neighborLabelAgreement, neighborPreservation, trustworthiness } from "./quality.js";

/** 60 points in 5-D and a noisy projection onto their first two coordinates. */
function noisyProjection() {
  const rng = new Rng(77);
  const original = new Matrix(60, 5, rng.fillNormal(new Float64Array(300)));
  const embedding = Matrix.zeros(60, 2);
  for (let i = 0; i < 60; i++) {
    embedding.set(i, 0, original.get(i, 0) + 0.5 * rng.normal());
    embedding.set(i, 1, original.get(i, 1) + 0.5 * rng.normal());
  }
  return { original, embedding };
}

describe("embedding quality", () => {
  it("scores a perfect embedding 1 and a shuffled one low", () => {
    const rng = new Rng(4);
    const original = new Matrix(200, 3, rng.fillNormal(new Float64Array(600)));
    expect(trustworthiness(original, original, 10)).toBe(1);
    expect(neighborPreservation(original, original, 10)).toBe(1);
    const order = rng.permutation(200);
    const shuffled = Matrix.fromRows(Array.from(order, (i) => original.row(i)));
    expect(neighborPreservation(original, shuffled, 10)).toBeLessThan(0.15);
    expect(trustworthiness(original, shuffled, 10)).toBeLessThan(0.6);
  });

  it("matches scikit-learn's trustworthiness and a kNN-overlap count on a fixed example", () => {
    const { original, embedding } = noisyProjection();
    // Values from sklearn.manifold.trustworthiness 1.2.1 and NearestNeighbors on the same arrays.
    expect(trustworthiness(original, embedding, 5)).toBeCloseTo(0.7173076923076923, 12);
    expect(trustworthiness(original, embedding, 12)).toBeCloseTo(0.7343708165997322, 12);
    expect(neighborPreservation(original, embedding, 5)).toBeCloseTo(0.23666666666666666, 12);
  });

  it("measures leave-one-out kNN label agreement", () => {
    // Two groups on a line; the point at 2.9 is labelled 0 but its neighbours are mostly group 1.
    const points = Matrix.fromRows([[0], [0.1], [0.2], [0.3], [3], [3.1], [3.2], [2.9]]);
    const labels = [0, 0, 0, 0, 1, 1, 1, 0];
    expect(neighborLabelAgreement(points, labels, 3)).toBe(7 / 8);
    expect(neighborLabelAgreement(points, [0, 0, 0, 0, 1, 1, 1, 1], 3)).toBe(1);
  });

  it("rejects mismatched shapes and bad k or labels", () => {
    const { original, embedding } = noisyProjection();
    expect(() => trustworthiness(original, Matrix.zeros(10, 2), 5)).toThrow(InvalidArgumentError);
    expect(() => trustworthiness(original, embedding, 30)).toThrow(InvalidArgumentError);
    expect(() => neighborPreservation(original, embedding, 0)).toThrow(InvalidArgumentError);
    expect(() => neighborLabelAgreement(embedding, [1, 2], 3)).toThrow(InvalidArgumentError);
    expect(() => neighborLabelAgreement(embedding, new Array(60).fill(-1), 3)).toThrow(InvalidArgumentError);
  });
});
