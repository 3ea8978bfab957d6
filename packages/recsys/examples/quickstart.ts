// The README's example: set 5's SGD on seeded synthetic ratings, E_in / E_out, ALS for comparison,
// top-N recommendations, and a save / load round trip.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  datasetShape,
  loadRecommender,
  Recommender,
  saveRecommender,
  syntheticRatings,
  trainAls,
  trainSgd,
} from "@lab/recsys";

// 600 users × 400 items, true rank 4, noise σ = 0.3, split 80/20; ids are 1-based like MovieLens.
const { dataset, noiseFloor } = syntheticRatings({ seed: 1 });
const shape = datasetShape(dataset);

// Problem 2C: U, V uniform in [-0.5, 0.5], η = 0.03, shuffled every epoch, stop at Δ ratio ≤ 1e-4.
const sgd = trainSgd(dataset.train, shape, { k: 4, lambda: 0, seed: 1 });
const eIn = sgd.model.evaluate(dataset.train).e;
const eOut = sgd.model.evaluate(dataset.test!).e;
console.log(`sgd: ${sgd.epochs} epochs (${sgd.stop}), E_in ${eIn.toFixed(4)}, E_out ${eOut.toFixed(4)}`);
console.log(`noise floor E_out: ${noiseFloor.eOut.toFixed(4)}`);

// Problem 2B: ALS; its objective never increases.
const als = trainAls(dataset.train, shape, { k: 4, lambda: 0.1, seed: 1 });
console.log(`als: ${als.epochs} sweeps, E_out ${als.model.evaluate(dataset.test!).e.toFixed(4)}`);

// Recommendations in raw ids, excluding what the user rated in training; save and load.
const recommender = Recommender.fromDataset(sgd.model, dataset, null, { method: "sgd" });
const picks = recommender.recommend(1, 3).map((pick) => pick.itemId);
console.log(`user 1: items ${picks.join(", ")}`);
const dir = mkdtempSync(join(tmpdir(), "recsys-quickstart-"));
await saveRecommender(dir, recommender);
const loaded = await loadRecommender(dir);
console.log(
  `reloaded: items ${loaded
    .recommend(1, 3)
    .map((pick) => pick.itemId)
    .join(", ")}`,
);
