import { createRng, InvalidArgumentError, rmse } from "@lab/core";
import { describe, expect, it } from "vitest";
import type { Ratings } from "../data/ratings.js";
import { dotRows, FactorModel } from "./factor-model.js";

function model(biased: boolean): FactorModel {
  const rng = createRng(1);
  return new FactorModel({
    method: biased ? "biased" : "sgd",
    k: 5,
    users: 3,
    items: 4,
    userFactors: rng.fillUniform(new Float64Array(15), -1, 1),
    itemFactors: rng.fillUniform(new Float64Array(20), -1, 1),
    globalMean: biased ? 3.5 : 0,
    userBias: biased ? Float64Array.of(0.1, -0.2, 0.3) : null,
    itemBias: biased ? Float64Array.of(0.5, 0, -0.5, 1) : null,
  });
}

describe("FactorModel", () => {
  it("predicts u_iᵀv_j, plus μ + b_i + b_j when biased", () => {
    for (const biased of [false, true]) {
      const m = model(biased);
      let dot = 0;
      for (let f = 0; f < 5; f++) dot += m.userFactors[5 + f] * m.itemFactors[15 + f];
      const expected = biased ? 3.5 - 0.2 + 1 + dot : dot;
      expect(m.predict(1, 3)).toBeCloseTo(expected, 14);
      const all = m.scoreAllItems(1);
      expect(all[3]).toBeCloseTo(expected, 14);
    }
  });

  it("reports E as the mean of ½ squared error and RMSE as √(2E)", () => {
    const m = model(true);
    const ratings: Ratings = {
      user: Int32Array.of(0, 1, 2, 2),
      item: Int32Array.of(0, 1, 2, 3),
      rating: Float32Array.of(4, 3, 5, 1),
    };
    const predictions = m.predictRatings(ratings);
    const summary = m.evaluate(ratings);
    expect(summary.count).toBe(4);
    expect(summary.rmse).toBeCloseTo(rmse(ratings.rating, predictions), 12);
    expect(summary.e).toBeCloseTo(summary.rmse ** 2 / 2, 12);
  });

  it("rejects arrays that do not fit the shape", () => {
    const base = model(false);
    expect(() => new FactorModel({ ...base, userFactors: new Float64Array(3) })).toThrow(
      InvalidArgumentError,
    );
    expect(() => new FactorModel({ ...base, userBias: new Float64Array(3), itemBias: null })).toThrow(
      /one bias per user/,
    );
  });
});

describe("dotRows", () => {
  it("equals the plain sum for every k, remainders included", () => {
    const rng = createRng(2);
    const x = rng.fillUniform(new Float64Array(40), -1, 1);
    const y = rng.fillUniform(new Float64Array(40), -1, 1);
    for (let k = 1; k <= 11; k++) {
      let expected = 0;
      for (let f = 0; f < k; f++) expected += x[3 + f] * y[20 + f];
      expect(dotRows(x, 3, y, 20, k)).toBeCloseTo(expected, 14);
    }
  });
});
