import { createRng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { datasetShape } from "../../data/dataset.js";
import { syntheticRatings } from "../../data/synthetic.js";
import { FactorModel, sumSquaredErrors } from "../../model/factor-model.js";
import { sgdEpoch, shrinkFactors } from "../sgd.js";
import { WasmSgdEpoch, wasmSgdAvailable } from "./sgd-kernel.js";

const { dataset } = syntheticRatings({ users: 150, items: 120, density: 0.2, seed: 11 });
const shape = datasetShape(dataset);

describe("WasmSgdEpoch", () => {
  it("is available on Node 20", () => {
    expect(wasmSgdAvailable()).toBe(true);
  });

  for (const [k, regularization] of [
    [1, "per-rating"],
    [4, "per-rating"],
    [7, "per-objective"],
    [20, "per-rating"],
  ] as const) {
    it(`takes the same steps as the TypeScript kernel (k = ${k}, λ = 0.1 ${regularization})`, () => {
      const rng = createRng(k);
      const userShrink = shrinkFactors(dataset.train.user, shape.users, 0.03, 0.1, regularization);
      const itemShrink = shrinkFactors(dataset.train.item, shape.items, 0.03, 0.1, regularization);
      const kernel = new WasmSgdEpoch(dataset.train, k, userShrink, itemShrink);
      rng.fillUniform(kernel.userFactors, -0.5, 0.5);
      rng.fillUniform(kernel.itemFactors, -0.5, 0.5);
      rng.shuffle(kernel.order);
      const u = kernel.userFactors.slice();
      const v = kernel.itemFactors.slice();
      const initial = u.slice();
      for (let epoch = 0; epoch < 3; epoch++) {
        sgdEpoch(kernel.order, dataset.train, u, v, k, 0.03, userShrink, itemShrink);
        kernel.runEpoch(0.03);
      }
      let worst = 0;
      for (let p = 0; p < u.length; p++) worst = Math.max(worst, Math.abs(u[p] - kernel.userFactors[p]));
      for (let p = 0; p < v.length; p++) worst = Math.max(worst, Math.abs(v[p] - kernel.itemFactors[p]));
      expect(worst).toBeLessThan(1e-12);
      expect(u).not.toEqual(initial);
    });
  }

  it("sums the squared training errors as sumSquaredErrors does", () => {
    for (const k of [3, 6]) {
      const keepUsers = new Float64Array(shape.users).fill(1);
      const keepItems = new Float64Array(shape.items).fill(1);
      const kernel = new WasmSgdEpoch(dataset.train, k, keepUsers, keepItems);
      const rng = createRng(3);
      rng.fillUniform(kernel.userFactors, -1, 1);
      rng.fillUniform(kernel.itemFactors, -1, 1);
      const model = new FactorModel({
        method: "sgd",
        k,
        users: shape.users,
        items: shape.items,
        userFactors: kernel.userFactors,
        itemFactors: kernel.itemFactors,
        globalMean: 0,
        userBias: null,
        itemBias: null,
      });
      const expected = sumSquaredErrors(model, dataset.train);
      expect(Math.abs(kernel.squaredErrors() - expected)).toBeLessThan(1e-10 * expected);
    }
  });

  it("holds its own copy of the ratings", () => {
    const ratings = { user: Int32Array.of(0, 1), item: Int32Array.of(1, 0), rating: Float32Array.of(5, 1) };
    const keep = new Float64Array(2).fill(1);
    const kernel = new WasmSgdEpoch(ratings, 2, keep, keep);
    kernel.userFactors.set([0.1, 0.2, 0.3, 0.4]);
    kernel.itemFactors.set([0.5, 0.6, 0.7, 0.8]);
    ratings.rating[0] = 1000;
    const u = Float64Array.of(0.1, 0.2, 0.3, 0.4);
    const v = Float64Array.of(0.5, 0.6, 0.7, 0.8);
    sgdEpoch(kernel.order, { ...ratings, rating: Float32Array.of(5, 1) }, u, v, 2, 0.1, keep, keep);
    kernel.runEpoch(0.1);
    for (let p = 0; p < 4; p++) expect(kernel.userFactors[p]).toBeCloseTo(u[p], 14);
  });
});
