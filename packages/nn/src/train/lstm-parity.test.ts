import { describe, expect, it } from "vitest";
import { binaryCrossEntropyWithLogits } from "../graph/losses.js";
import { mul, sub } from "../graph/ops/elementwise.js";
import { reshape } from "../graph/ops/shape-ops.js";
import { linear } from "../layers/linear.js";
import { lstm } from "../layers/lstm.js";
import { adam } from "../optim/adam.js";
import type { ModelFunction } from "./compile.js";
import { accuracy } from "./metrics.js";
import { parityData } from "./toy-data.js";
import { Trainer } from "./trainer.js";

const LENGTH = 6;

const parityModel: ModelFunction = (g) => {
  const bits = g.input("bits", "float32", ["batch", LENGTH, 1]);
  const parity = g.input("parity", "float32", ["batch"]);
  // ±1 inputs: with 0/1 bits a zero carries no signal into the gates and learning stalls longer.
  const signed = sub(mul(bits, 2), 1);
  const { last } = lstm(signed, 16, { layers: 2, forgetBias: 1 });
  const logit = reshape(linear(last, 1, { name: "head" }), [-1]);
  return { predictions: { logit }, loss: binaryCrossEntropyWithLogits(logit, parity) };
};

describe("an LSTM", () => {
  it("learns the parity of bit sequences it was not trained on", async () => {
    const train = parityData(LENGTH, 2000, 1);
    const test = parityData(LENGTH, 500, 2);
    const trainer = await Trainer.create({
      model: parityModel,
      optimizer: adam({ learningRate: 0.01 }),
      batchSize: 32,
      clipGradNorm: 5,
      seed: 1,
      session: { threads: 1 },
    });
    try {
      const metric = accuracy({ prediction: "logit", target: "parity" });
      const before = await trainer.evaluate(test, { metrics: [metric] });
      // Parity sits on a loss plateau (≈ ln 2) for 10-15 epochs before it is solved (seeds 1-4 tried).
      await trainer.fit(train, { epochs: 30 });
      const after = await trainer.evaluate(test, { metrics: [metric] });
      expect(before.accuracy).toBeLessThan(0.65);
      expect(after.accuracy).toBeGreaterThan(0.99);
    } finally {
      await trainer.release();
    }
  });
});
