import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DataFormatError, InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { datasetShape } from "../data/dataset.js";
import { syntheticRatings } from "../data/synthetic.js";
import { temporaryFolder } from "../test-support/files.js";
import { trainBiasedSgd } from "../train/biased.js";
import { trainSgd } from "../train/sgd.js";
import { loadRecommender, MODEL_FILES, saveRecommender } from "./persist.js";
import { Recommender } from "./recommender.js";

const { dataset } = syntheticRatings({ users: 40, items: 30, seed: 6 });
const shape = datasetShape(dataset);

describe("saveRecommender / loadRecommender", () => {
  for (const method of ["sgd", "biased"] as const) {
    it(`round-trips a ${method} model: same predictions to Float32 precision, same answers`, async () => {
      const result =
        method === "sgd"
          ? trainSgd(dataset.train, shape, { k: 4, seed: 1, maxEpochs: 5 })
          : trainBiasedSgd(dataset.train, shape, { k: 4, lambda: 0.05, seed: 1, maxEpochs: 5 });
      const titles = new Map([[3, "Three"]]);
      const saved = Recommender.fromDataset(result.model, dataset, titles, {
        method,
        e_out: 0.5,
        note: null,
      });
      const dir = temporaryFolder(`persist-${method}`);
      const files = await saveRecommender(dir, saved);
      expect(files.map((file) => file.slice(dir.length + 1)).sort()).toEqual(
        [MODEL_FILES.arrays, MODEL_FILES.manifest, MODEL_FILES.titles].sort(),
      );
      // Atomic writes leave no temporary files behind.
      expect(readdirSync(dir).sort()).toEqual(
        [MODEL_FILES.arrays, MODEL_FILES.manifest, MODEL_FILES.titles].sort(),
      );
      const loaded = await loadRecommender(dir);
      expect(loaded.model.method).toBe(method);
      expect(loaded.info).toEqual({ method, e_out: 0.5, note: null });
      expect(Array.from(loaded.users.ids)).toEqual(Array.from(saved.users.ids));
      expect(loaded.titles?.get(3)).toBe("Three");
      for (let t = 0; t < dataset.test!.rating.length; t++) {
        const user = dataset.test!.user[t];
        const item = dataset.test!.item[t];
        const before = saved.model.predict(user, item);
        expect(Math.abs(loaded.model.predict(user, item) - before)).toBeLessThan(
          1e-5 * Math.max(1, Math.abs(before)),
        );
      }
      const userId = saved.users.id(0);
      expect(loaded.recommend(userId, 5).map((pick) => pick.itemId)).toEqual(
        saved.recommend(userId, 5).map((pick) => pick.itemId),
      );
      expect(loaded.ratedCount(userId)).toBe(saved.ratedCount(userId));
    });
  }

  it("says what is wrong with a missing, foreign or truncated model", async () => {
    const dir = temporaryFolder("persist-bad");
    await expect(loadRecommender(dir)).rejects.toThrow(InvalidArgumentError);
    await expect(loadRecommender(dir)).rejects.toThrow(/model\.json.*no such file/);
    const result = trainSgd(dataset.train, shape, { k: 2, seed: 1, maxEpochs: 1 });
    await saveRecommender(dir, Recommender.fromDataset(result.model, dataset, null, {}));
    expect(existsSync(join(dir, MODEL_FILES.titles))).toBe(false);
    const arrays = join(dir, MODEL_FILES.arrays);
    writeFileSync(arrays, readFileSync(arrays).subarray(0, 40));
    await expect(loadRecommender(dir)).rejects.toThrow(DataFormatError);
    await expect(loadRecommender(dir)).rejects.toThrow(/expected \d+ bytes as model\.json says, found 40/);
    writeFileSync(join(dir, MODEL_FILES.manifest), JSON.stringify({ format: "something-else" }));
    await expect(loadRecommender(dir)).rejects.toThrow(/not a lab-recsys-model manifest/);
  });
});
