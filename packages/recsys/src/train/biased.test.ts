import { describe, expect, it } from "vitest";
import { datasetShape } from "../data/dataset.js";
import { loadMovieLensDataset } from "../data/movielens.js";
import type { Ratings } from "../data/ratings.js";
import { syntheticRatings } from "../data/synthetic.js";
import { FactorModel } from "../model/factor-model.js";
import { movieLensFolder, movieLensSkipNote } from "../test-support/files.js";
import { BIASED_DEFAULTS, biasedSgdEpoch, trainBiasedSgd } from "./biased.js";
import { lossGradients } from "./objective.js";
import { trainSgd } from "./sgd.js";

describe("biasedSgdEpoch", () => {
  it("on one rating, steps every parameter along minus its gradient", () => {
    const model = new FactorModel({
      method: "biased",
      k: 2,
      users: 1,
      items: 1,
      userFactors: Float64Array.of(0.2, -0.3),
      itemFactors: Float64Array.of(0.4, 0.1),
      globalMean: 3.5,
      userBias: Float64Array.of(0.2),
      itemBias: Float64Array.of(-0.4),
    });
    const single: Ratings = { user: Int32Array.of(0), item: Int32Array.of(0), rating: Float32Array.of(5) };
    const gradient = lossGradients(model, single, 0.1, 0.02);
    const eta = 0.05;
    const expected = {
      u: model.userFactors.map((x, f) => x - eta * gradient.userFactors[f]),
      v: model.itemFactors.map((x, f) => x - eta * gradient.itemFactors[f]),
      bu: model.userBias![0] - eta * gradient.userBias![0],
      bi: model.itemBias![0] - eta * gradient.itemBias![0],
    };
    biasedSgdEpoch(Uint32Array.of(0), single, model, eta, 0.1, 0.02);
    for (let f = 0; f < 2; f++) {
      expect(model.userFactors[f]).toBeCloseTo(expected.u[f], 15);
      expect(model.itemFactors[f]).toBeCloseTo(expected.v[f], 15);
    }
    expect(model.userBias![0]).toBeCloseTo(expected.bu, 15);
    expect(model.itemBias![0]).toBeCloseTo(expected.bi, 15);
  });
});

describe("trainBiasedSgd", () => {
  const synthetic = syntheticRatings({ seed: 3 });
  const { dataset } = synthetic;
  const shape = datasetShape(dataset);

  it("starts from the training mean and approaches the noise floor", () => {
    const result = trainBiasedSgd(dataset.train, shape, {
      k: 3,
      lambda: 0.02,
      learningRate: 0.02,
      learningRateDecay: 0.98,
      initStd: 0.1,
      seed: 1,
    });
    const mean = dataset.train.rating.reduce((sum, y) => sum + y, 0) / dataset.train.rating.length;
    expect(result.model.globalMean).toBeCloseTo(mean, 5);
    expect(result.model.evaluate(dataset.test!).e).toBeLessThan(1.2 * synthetic.noiseFloor.eOut);
  });

  it("decays the learning rate: with decay 0.5 the factors barely move after a few epochs", () => {
    const options = { k: 3, lambda: 0.02, learningRateDecay: 0.5, initStd: 0.1, seed: 1, tolerance: 0 };
    const short = trainBiasedSgd(dataset.train, shape, { ...options, maxEpochs: 12 });
    const long = trainBiasedSgd(dataset.train, shape, { ...options, maxEpochs: 24 });
    let moved = 0;
    for (let p = 0; p < short.model.userFactors.length; p++) {
      moved = Math.max(moved, Math.abs(short.model.userFactors[p] - long.model.userFactors[p]));
    }
    // η after 12 epochs is 0.013 · 2⁻¹² ≈ 3e-6; the remaining steps add up to less than 1e-3.
    expect(moved).toBeLessThan(1e-3);
  });

  it(`reaches a test RMSE ≤ 0.91 on MovieLens 100K (80/20 split) with the defaults${movieLensSkipNote}`, async (context) => {
    const folder = movieLensFolder();
    if (!folder) return context.skip();
    const { dataset: movies } = await loadMovieLensDataset(folder, { testFraction: 0.2, seed: 1 });
    const moviesShape = datasetShape(movies);
    const biased = trainBiasedSgd(movies.train, moviesShape, { ...BIASED_DEFAULTS, seed: 1 });
    const rmse = biased.model.evaluate(movies.test!).rmse;
    expect(rmse).toBeLessThanOrEqual(0.91);
    // Set 5's plain SGD at k = 20, λ = 0.1 on the same split, for scale.
    const plain = trainSgd(movies.train, moviesShape, { k: 20, lambda: 0.1, seed: 1 });
    expect(plain.model.evaluate(movies.test!).rmse).toBeGreaterThan(rmse + 0.02);
  });
});
