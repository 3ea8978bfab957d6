import { createRng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { datasetShape } from "../data/dataset.js";
import { groupRatings, type Ratings } from "../data/ratings.js";
import { syntheticRatings } from "../data/synthetic.js";
import { FactorModel } from "../model/factor-model.js";
import { RowSolver, trainAls } from "./als.js";
import { lossGradients } from "./objective.js";

const synthetic = syntheticRatings({ seed: 2 });
const { dataset } = synthetic;
const shape = datasetShape(dataset);

function neverIncreases(losses: number[]): boolean {
  // Rounding moves a loss by a few ulps of the sums it is made of, which are on the scale of the
  // initial loss (an exact fit reaches 1e-27 and then wobbles there); anything larger is real.
  return losses.every((loss, e) => e === 0 || loss <= losses[e - 1] + 1e-12 * losses[0]);
}

describe("trainAls (problem 2B)", () => {
  for (const lambda of [0.01, 0.1, 1, 10]) {
    it(`never increases the objective (k = 6, λ = ${lambda})`, () => {
      const result = trainAls(dataset.train, shape, { k: 6, lambda, seed: 1, tolerance: 0, maxEpochs: 15 });
      const losses = result.history.map((record) => record.loss);
      expect(losses.length).toBeGreaterThan(2);
      expect(neverIncreases(losses)).toBe(true);
      expect(losses.at(-1)!).toBeLessThan(losses[0] / 5);
    });
  }

  it("never increases it with λ = 0 either, when many rows have fewer ratings than k", () => {
    // 30 factors against ~10 ratings per item: singular Gram matrices, solved by minimum norm.
    const sparse = syntheticRatings({ users: 60, items: 120, density: 0.1, seed: 5 });
    const sparseShape = datasetShape(sparse.dataset);
    const result = trainAls(sparse.dataset.train, sparseShape, {
      k: 30,
      lambda: 0,
      seed: 1,
      tolerance: 0,
      maxEpochs: 8,
    });
    const losses = result.history.map((record) => record.loss);
    expect(neverIncreases(losses)).toBe(true);
    expect(result.history.every((record) => Number.isFinite(record.loss))).toBe(true);
    // With more factors than ratings in every item the training ratings are fit exactly.
    expect(result.history.at(-1)!.eIn).toBeLessThan(1e-6);
  });

  it("solves each user exactly: the U-gradient vanishes after the user half-sweep", () => {
    const k = 5;
    const lambda = 0.3;
    const rng = createRng(4);
    const model = new FactorModel({
      method: "als",
      k,
      users: shape.users,
      items: shape.items,
      userFactors: new Float64Array(shape.users * k),
      itemFactors: rng.fillUniform(new Float64Array(shape.items * k), -0.5, 0.5),
      globalMean: 0,
      userBias: null,
      itemBias: null,
    });
    new RowSolver(k, lambda).solveAll(
      groupRatings(dataset.train, shape, "user"),
      model.itemFactors,
      model.userFactors,
    );
    const gradient = lossGradients(model, dataset.train, lambda).userFactors;
    const largest = gradient.reduce((worst, g) => Math.max(worst, Math.abs(g)), 0);
    expect(largest).toBeLessThan(1e-9);
  });

  it("with per-rating λ, solves (λ n_i I + Σ v_j v_jᵀ) u_i = Σ y_ij v_j and never increases its loss", () => {
    const k = 4;
    const lambda = 0.2;
    const result = trainAls(dataset.train, shape, {
      k,
      lambda,
      regularization: "per-rating",
      seed: 1,
      tolerance: 0,
      maxEpochs: 10,
    });
    expect(neverIncreases(result.history.map((record) => record.loss))).toBe(true);
    // After the final item half-sweep every v_j is optimal: λ m_j v_j − Σ_i u_i e_ij = 0.
    const errorGradient = lossGradients(result.model, dataset.train, 0).itemFactors;
    const counts = new Float64Array(shape.items);
    for (const item of dataset.train.item) counts[item]++;
    let largest = 0;
    for (let p = 0; p < errorGradient.length; p++) {
      const stationarity =
        errorGradient[p] + lambda * counts[Math.floor(p / k)] * result.model.itemFactors[p];
      largest = Math.max(largest, Math.abs(stationarity));
    }
    expect(largest).toBeLessThan(1e-9);
  });

  it("gives a user with no ratings the zero vector, the minimizer of λ/2‖u‖²", () => {
    const ratings: Ratings = { user: Int32Array.of(0), item: Int32Array.of(0), rating: Float32Array.of(4) };
    const result = trainAls(ratings, { users: 2, items: 1 }, { k: 2, lambda: 0.5, seed: 1, maxEpochs: 2 });
    expect(Array.from(result.model.userFactors.subarray(2, 4))).toEqual([0, 0]);
  });

  it("approaches the noise floor on synthetic data of known rank", () => {
    const result = trainAls(dataset.train, shape, { k: synthetic.rank, lambda: 0.1, seed: 1 });
    expect(result.stop).toBe("tolerance");
    expect(result.model.evaluate(dataset.test!).e).toBeLessThan(1.15 * synthetic.noiseFloor.eOut);
  });

  it("is reproducible for a seed", () => {
    const a = trainAls(dataset.train, shape, { k: 3, lambda: 0.1, seed: 7, maxEpochs: 3 });
    const b = trainAls(dataset.train, shape, { k: 3, lambda: 0.1, seed: 7, maxEpochs: 3 });
    expect(b.model.itemFactors).toEqual(a.model.itemFactors);
  });
});
