import { createRng, type ProgressEvent } from "@lab/core";
import { describe, expect, it } from "vitest";
import { datasetShape } from "../data/dataset.js";
import type { Ratings } from "../data/ratings.js";
import { syntheticRatings } from "../data/synthetic.js";
import { FactorModel } from "../model/factor-model.js";
import { lossGradients, regularizedLoss } from "./objective.js";
import { sgdEpoch, shrinkFactors, trainSgd } from "./sgd.js";

const synthetic = syntheticRatings({ seed: 1 });
const { dataset } = synthetic;
const shape = datasetShape(dataset);

/** The notebook's loop, literally: U[i] -= grad_U(U[i], y, V[j]); V[j] -= grad_V(V[j], y, U[i]). */
function notebookEpoch(
  order: Uint32Array,
  ratings: Ratings,
  u: Float64Array,
  v: Float64Array,
  k: number,
  eta: number,
  lambda: number,
) {
  for (const r of order) {
    const i = ratings.user[r] * k;
    const j = ratings.item[r] * k;
    const y = ratings.rating[r];
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((sum, x, f) => sum + x * b[f], 0);
    const ui = u.slice(i, i + k);
    const vj = v.slice(j, j + k);
    const gradU = ui.map((x, f) => eta * (lambda * x - vj[f] * (y - dot(ui, vj))));
    for (let f = 0; f < k; f++) u[i + f] -= gradU[f];
    const newUi = u.slice(i, i + k);
    const gradV = vj.map((x, f) => eta * (lambda * x - newUi[f] * (y - dot(newUi, vj))));
    for (let f = 0; f < k; f++) v[j + f] -= gradV[f];
  }
}

describe("sgdEpoch", () => {
  for (const k of [4, 5, 7]) {
    it(`equals the notebook's per-rating loop (k = ${k}, λ = 0.1)`, () => {
      const rng = createRng(k);
      const u = rng.fillUniform(new Float64Array(shape.users * k), -0.5, 0.5);
      const v = rng.fillUniform(new Float64Array(shape.items * k), -0.5, 0.5);
      const order = rng.permutation(2000);
      const [expectedU, expectedV, initialU] = [u.slice(), v.slice(), u.slice()];
      notebookEpoch(order, dataset.train, expectedU, expectedV, k, 0.03, 0.1);
      const keepUsers = shrinkFactors(dataset.train.user, shape.users, 0.03, 0.1);
      const keepItems = shrinkFactors(dataset.train.item, shape.items, 0.03, 0.1);
      sgdEpoch(order, dataset.train, u, v, k, 0.03, keepUsers, keepItems);
      let worst = 0;
      for (let p = 0; p < u.length; p++) worst = Math.max(worst, Math.abs(u[p] - expectedU[p]));
      for (let p = 0; p < v.length; p++) worst = Math.max(worst, Math.abs(v[p] - expectedV[p]));
      expect(worst).toBeLessThan(1e-12);
      // The epoch did move the factors, so agreeing is not agreeing on nothing.
      expect(u).not.toEqual(initialU);
    });
  }

  it("on one rating, steps u_i along minus the problem 2A gradient", () => {
    const k = 3;
    const model = new FactorModel({
      method: "sgd",
      k,
      users: 1,
      items: 1,
      userFactors: Float64Array.of(0.2, -0.1, 0.4),
      itemFactors: Float64Array.of(0.3, 0.5, -0.2),
      globalMean: 0,
      userBias: null,
      itemBias: null,
    });
    const single: Ratings = { user: Int32Array.of(0), item: Int32Array.of(0), rating: Float32Array.of(4) };
    const gradient = lossGradients(model, single, 0.5).userFactors;
    const expected = model.userFactors.map((x, f) => x - 0.03 * gradient[f]);
    const keep = Float64Array.of(1 - 0.03 * 0.5);
    sgdEpoch(Uint32Array.of(0), single, model.userFactors, model.itemFactors, k, 0.03, keep, keep);
    for (let f = 0; f < k; f++) expect(model.userFactors[f]).toBeCloseTo(expected[f], 15);
  });
});

describe("shrinkFactors", () => {
  it("applies λ per rating, or λ/n_i so one epoch adds up to the objective's λ", () => {
    const index = Int32Array.of(0, 0, 0, 0, 1);
    expect(Array.from(shrinkFactors(index, 3, 0.1, 2))).toEqual([0.8, 0.8, 0.8]);
    const scaled = shrinkFactors(index, 3, 0.1, 2, "per-objective");
    expect(scaled[0]).toBeCloseTo(1 - 0.2 / 4, 15);
    expect(scaled[1]).toBeCloseTo(0.8, 15);
  });
});

describe("trainSgd (problem 2C)", () => {
  it("starts from U, V uniform in [-0.5, 0.5) drawn from the seed, U first", () => {
    const result = trainSgd(dataset.train, shape, { k: 4, seed: 9, maxEpochs: 1 });
    const rng = createRng(9);
    const initial = new FactorModel({
      method: "sgd",
      k: 4,
      users: shape.users,
      items: shape.items,
      userFactors: rng.fillUniform(new Float64Array(shape.users * 4), -0.5, 0.5),
      itemFactors: rng.fillUniform(new Float64Array(shape.items * 4), -0.5, 0.5),
      globalMean: 0,
      userBias: null,
      itemBias: null,
    });
    expect(result.history[0].loss).toBe(regularizedLoss(initial, dataset.train, 0));
  });

  it("gives the same model bit for bit for the same seed, another for another seed", () => {
    const a = trainSgd(dataset.train, shape, { k: 4, lambda: 0.01, seed: 3, maxEpochs: 5 });
    const b = trainSgd(dataset.train, shape, { k: 4, lambda: 0.01, seed: 3, maxEpochs: 5 });
    const c = trainSgd(dataset.train, shape, { k: 4, lambda: 0.01, seed: 4, maxEpochs: 5 });
    expect(b.model.userFactors).toEqual(a.model.userFactors);
    expect(b.model.itemFactors).toEqual(a.model.itemFactors);
    expect(c.model.userFactors).not.toEqual(a.model.userFactors);
  });

  it("stops after the first epoch t with Δ(t−1,t)/Δ(0,1) ≤ ε, and not before", () => {
    for (const tolerance of [1e-2, 1e-4]) {
      const result = trainSgd(dataset.train, shape, { k: 4, seed: 1, tolerance });
      expect(result.stop).toBe("tolerance");
      const loss = result.history.map((record) => record.loss);
      const first = loss[0] - loss[1];
      const ratio = (t: number) => (loss[t - 1] - loss[t]) / first;
      const t = result.epochs;
      expect(ratio(t)).toBeLessThanOrEqual(tolerance);
      for (let earlier = 2; earlier < t; earlier++) expect(ratio(earlier)).toBeGreaterThan(tolerance);
    }
  });

  it("stops at maxEpochs and reports one progress update per epoch", () => {
    const events: ProgressEvent[] = [];
    const result = trainSgd(dataset.train, shape, {
      k: 4,
      seed: 1,
      maxEpochs: 3,
      tolerance: 0,
      onProgress: (event) => events.push(event),
    });
    expect(result).toMatchObject({ epochs: 3, stop: "max-epochs" });
    expect(result.history.map((record) => record.epoch)).toEqual([0, 1, 2, 3]);
    expect(events.at(0)).toMatchObject({ phase: "start", total: 3, unit: "epochs" });
    expect(events.at(-1)).toMatchObject({ phase: "end", done: 3 });
  });

  it("approaches the noise floor on synthetic data of known rank", () => {
    const result = trainSgd(dataset.train, shape, { k: synthetic.rank, seed: 1 });
    const eOut = result.model.evaluate(dataset.test!).e;
    // Predicting the mean rating would give about ½(spread² + σ²) ≈ 0.36, seven times the floor.
    expect(eOut).toBeLessThan(1.25 * synthetic.noiseFloor.eOut);
    expect(result.history.at(-1)!.eIn).toBeLessThan(synthetic.noiseFloor.eIn);
  });

  it("gives the same model with the WebAssembly and the TypeScript kernel, up to rounding", () => {
    const options = { k: 5, lambda: 0.01, seed: 2 };
    const wasm = trainSgd(dataset.train, shape, { ...options, kernel: "wasm" });
    const typescript = trainSgd(dataset.train, shape, { ...options, kernel: "typescript" });
    expect(wasm.epochs).toBe(typescript.epochs);
    expect(wasm.model.evaluate(dataset.test!).e).toBeCloseTo(typescript.model.evaluate(dataset.test!).e, 9);
  });

  it("reports divergence instead of training on NaN", () => {
    const result = trainSgd(dataset.train, shape, { k: 4, seed: 1, learningRate: 5, maxEpochs: 20 });
    expect(result.stop).toBe("diverged");
  });

  it("rejects bad options", () => {
    expect(() => trainSgd(dataset.train, shape, { k: 0 })).toThrow(/k must be an integer >= 1/);
    expect(() => trainSgd(dataset.train, shape, { k: 2, lambda: -1 })).toThrow(/lambda/);
    expect(() => trainSgd(dataset.train, shape, { k: 2, learningRate: 0 })).toThrow(/learningRate/);
    expect(() => trainSgd(dataset.train, { users: 3, items: 3 }, { k: 2 })).toThrow(
      /outside 3 users × 3 items/,
    );
  });
});
