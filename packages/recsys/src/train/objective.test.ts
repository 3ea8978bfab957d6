import { createRng } from "@lab/core";
import { describe, expect, it } from "vitest";
import type { Ratings } from "../data/ratings.js";
import { FactorModel } from "../model/factor-model.js";
import { checkGradients } from "./gradient-check.js";
import { lossGradients, regularizedLoss } from "./objective.js";

/** A small random model and ratings over it; every user and item rated at least once. */
function fixture(biased: boolean, seed = 1) {
  const rng = createRng(seed);
  const users = 6;
  const items = 5;
  const k = 3;
  const n = 20;
  const ratings: Ratings = {
    user: Int32Array.from({ length: n }, (_, t) => (t < users ? t : rng.int(users))),
    item: Int32Array.from({ length: n }, (_, t) => (t < items ? t : rng.int(items))),
    rating: Float32Array.from({ length: n }, () => 1 + rng.int(5)),
  };
  const model = new FactorModel({
    method: biased ? "biased" : "sgd",
    k,
    users,
    items,
    userFactors: rng.fillUniform(new Float64Array(users * k), -0.5, 0.5),
    itemFactors: rng.fillUniform(new Float64Array(items * k), -0.5, 0.5),
    globalMean: biased ? 3.2 : 0,
    userBias: biased ? rng.fillUniform(new Float64Array(users), -0.5, 0.5) : null,
    itemBias: biased ? rng.fillUniform(new Float64Array(items), -0.5, 0.5) : null,
  });
  return { model, ratings };
}

describe("regularizedLoss", () => {
  it("is λ/2(‖U‖² + ‖V‖²) + ½Σ(y − u_iᵀv_j)², summed", () => {
    const model = new FactorModel({
      method: "sgd",
      k: 2,
      users: 1,
      items: 2,
      userFactors: Float64Array.of(1, 2),
      itemFactors: Float64Array.of(3, -1, 0.5, 0.5),
      globalMean: 0,
      userBias: null,
      itemBias: null,
    });
    const ratings: Ratings = {
      user: Int32Array.of(0, 0),
      item: Int32Array.of(0, 1),
      rating: Float32Array.of(4, 1),
    };
    // Predictions 1 and 1.5: ½(3² + 0.5²) = 4.625; norms 5 + 10.5 = 15.5, times λ/2 = 0.05 → 0.775.
    expect(regularizedLoss(model, ratings, 0)).toBeCloseTo(4.625, 12);
    expect(regularizedLoss(model, ratings, 0.1)).toBeCloseTo(4.625 + 0.775, 12);
  });
});

describe("lossGradients (problem 2A)", () => {
  for (const lambda of [0, 0.1, 2]) {
    it(`matches central finite differences for every parameter, λ = ${lambda}`, () => {
      const { model, ratings } = fixture(false);
      const check = checkGradients(model, ratings, lambda);
      expect(check.parameters).toBe(6 * 3 + 5 * 3);
      expect(check.maxError).toBeLessThan(1e-7);
    });
  }

  it("matches finite differences for the biased model, biases included", () => {
    const { model, ratings } = fixture(true, 2);
    const check = checkGradients(model, ratings, 0.05, 0.3);
    expect(check.parameters).toBe(6 * 3 + 5 * 3 + 6 + 5);
    expect(check.maxError).toBeLessThan(1e-7);
  });

  it("catches a wrong gradient: the check is not vacuous", () => {
    const { model, ratings } = fixture(false);
    const gradients = lossGradients(model, ratings, 0.1);
    // A sign error in the regularization term would be far outside the tolerance above.
    const flipped = checkGradientsAgainst(
      model,
      ratings,
      0.1,
      (values, p) => gradients.userFactors[p] - 0.2 * values[p],
    );
    expect(flipped).toBeGreaterThan(1e-3);
  });

  it("is λu_i − Σ_j v_j(y_ij − u_iᵀv_j) for one rating", () => {
    const { model } = fixture(false);
    const single: Ratings = { user: Int32Array.of(2), item: Int32Array.of(4), rating: Float32Array.of(5) };
    const lambda = 0.3;
    const gradients = lossGradients(model, single, lambda);
    const u = model.userFactors.subarray(6, 9);
    const v = model.itemFactors.subarray(12, 15);
    const error = 5 - (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]);
    for (let f = 0; f < 3; f++) {
      expect(gradients.userFactors[6 + f]).toBeCloseTo(lambda * u[f] - v[f] * error, 14);
      expect(gradients.itemFactors[12 + f]).toBeCloseTo(lambda * v[f] - u[f] * error, 14);
    }
    // Rows the rating does not touch carry only the regularization term.
    expect(gradients.userFactors[0]).toBeCloseTo(lambda * model.userFactors[0], 14);
  });
});

/** Largest finite-difference disagreement of the user-factor gradient `gradientAt(values, p)`. */
function checkGradientsAgainst(
  model: FactorModel,
  ratings: Ratings,
  lambda: number,
  gradientAt: (values: Float64Array, p: number) => number,
): number {
  const values = model.userFactors;
  let worst = 0;
  for (let p = 0; p < values.length; p++) {
    const saved = values[p];
    values[p] = saved + 1e-5;
    const above = regularizedLoss(model, ratings, lambda);
    values[p] = saved - 1e-5;
    const below = regularizedLoss(model, ratings, lambda);
    values[p] = saved;
    worst = Math.max(worst, Math.abs(gradientAt(values, p) - (above - below) / 2e-5));
  }
  return worst;
}
