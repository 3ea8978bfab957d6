import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@lab/core";
import { exportModel, loadPredictor, metadataJson } from "@lab/nn";
import { describe, expect, it } from "vitest";
import { FactorModel } from "./factor-model.js";
import { buildScoringModel, RECSYS_METADATA_KEY } from "./onnx-export.js";

function randomModel(biased: boolean): FactorModel {
  const rng = createRng(5);
  const users = 7;
  const items = 11;
  const k = 4;
  const fill = (length: number) => rng.fillUniform(new Float64Array(length), -0.5, 0.5);
  return new FactorModel({
    method: biased ? "biased" : "sgd",
    k,
    users,
    items,
    userFactors: fill(users * k),
    itemFactors: fill(items * k),
    globalMean: biased ? 3.53 : 0,
    userBias: biased ? fill(users) : null,
    itemBias: biased ? fill(items) : null,
  });
}

describe("ONNX export of a factor model", () => {
  for (const biased of [false, true]) {
    it(`scores every item as the TypeScript model does (${biased ? "biased" : "plain"} MF)`, async () => {
      const model = randomModel(biased);
      const path = join(mkdtempSync(join(tmpdir(), "lab-recsys-onnx-")), "scores.onnx");
      await exportModel(
        path,
        buildScoringModel(model, { itemIds: Int32Array.from({ length: 11 }, (_, i) => 100 + i) }),
      );
      const predictor = await loadPredictor(path);
      const users = [0, 3, 6];
      const { scores } = await predictor.run({ user: BigInt64Array.from(users, BigInt) });
      expect(scores!.dims).toEqual([3, 11]);
      let maxDifference = 0;
      users.forEach((user, row) => {
        const expected = model.scoreAllItems(user);
        for (let item = 0; item < 11; item++) {
          maxDifference = Math.max(
            maxDifference,
            Math.abs((scores!.data as Float32Array)[row * 11 + item]! - expected[item]!),
          );
        }
      });
      expect(maxDifference).toBeLessThan(1e-5);
      expect(metadataJson(predictor, RECSYS_METADATA_KEY)).toMatchObject({
        k: 4,
        users: 7,
        items: 11,
        itemIds: [100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110],
      });
      predictor.release();
    });
  }
});
