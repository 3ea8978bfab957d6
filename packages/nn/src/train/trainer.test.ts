import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng, type ProgressEvent } from "@lab/core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { GraphBuilder } from "../graph/builder.js";
import { softmaxCrossEntropy } from "../graph/losses.js";
import { softmax } from "../graph/ops/activations.js";
import { type MlpBlock, mlp } from "../layers/mlp.js";
import { adam } from "../optim/adam.js";
import { stepLR } from "../optim/schedulers.js";
import { sgd } from "../optim/sgd.js";
import { loadPredictor, metadataJson } from "../runtime/export.js";
import { earlyStopping, modelCheckpoint } from "./callbacks.js";
import type { ModelFunction } from "./compile.js";
import { accuracy } from "./metrics.js";
import { twoSpirals, xorData } from "./toy-data.js";
import { Trainer, type TrainerOptions } from "./trainer.js";

const trainers: Trainer[] = [];
afterEach(async () => {
  for (const trainer of trainers.splice(0)) await trainer.release();
});
const folder = mkdtempSync(join(tmpdir(), "lab-nn-trainer-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function trainer(options: TrainerOptions): Promise<Trainer> {
  const created = await Trainer.create({ session: { threads: 1 }, ...options });
  trainers.push(created);
  return created;
}

/** A classifier of 2-D points: features "x" [batch, 2], labels [batch], logits and probabilities. */
function classifier(blocks: readonly MlpBlock[]): ModelFunction {
  return (g: GraphBuilder) => {
    const x = g.input("x", "float32", ["batch", 2]);
    const labels = g.input("labels", "int64", ["batch"]);
    const logits = mlp(x, blocks);
    return {
      predictions: { logits, probabilities: softmax(logits) },
      loss: softmaxCrossEntropy(logits, labels),
    };
  };
}

const small: MlpBlock[] = [
  { kind: "dense", units: 16, activation: "relu" },
  { kind: "gaussianNoise", std: 0.05 },
  { kind: "dropout", rate: 0.2 },
  { kind: "dense", units: 2 },
];

const spiralBlocks: MlpBlock[] = [
  { kind: "dense", units: 64, activation: "relu" },
  { kind: "dense", units: 64, activation: "relu" },
  { kind: "dense", units: 2 },
];

function asDataset(data: { features: Float32Array; labels: BigInt64Array }) {
  return { x: data.features, labels: data.labels };
}

describe("Trainer learns", () => {
  it("XOR", async () => {
    const data = asDataset(xorData(16, 0.05, 1));
    const t = await trainer({
      model: classifier([
        { kind: "dense", units: 8, activation: "tanh" },
        { kind: "dense", units: 2 },
      ]),
      optimizer: adam({ learningRate: 0.05 }),
      batchSize: 16,
      seed: 1,
    });
    const before = await t.evaluate(data, { metrics: [accuracy()] });
    const history = await t.fit(data, { epochs: 60 });
    const after = await t.evaluate(data, { metrics: [accuracy()] });
    expect(history.epochs).toHaveLength(60);
    expect(after.loss).toBeLessThan(before.loss / 10);
    expect(after.accuracy).toBe(1);
  });

  it("two spirals, on points it was not trained on", async () => {
    const train = asDataset(twoSpirals(500, { turns: 2, seed: 1 }));
    const test = asDataset(twoSpirals(500, { turns: 2, seed: 2 }));
    const t = await trainer({
      model: classifier(spiralBlocks),
      optimizer: adam({ learningRate: 0.01 }),
      batchSize: 64,
      seed: 1,
    });
    const history = await t.fit(train, { epochs: 120, validation: test, metrics: [accuracy()] });
    const last = history.epochs.at(-1)!;
    expect(Object.keys(last)).toEqual(["epoch", "loss", "learning_rate", "val_loss", "val_accuracy"]);
    expect(last.val_accuracy).toBeGreaterThan(0.95);
  });
});

describe("Trainer determinism", () => {
  const data = asDataset(twoSpirals(50, { seed: 3 }));
  // 100 rows in batches of 32: the last batch (4 rows) exercises the short-batch views.
  const options = (seed: number): TrainerOptions => ({
    model: classifier(small),
    optimizer: adam({ learningRate: 0.01 }),
    batchSize: 32,
    seed,
  });

  it("gives identical weights for identical seeds, different ones for different seeds", async () => {
    const run = async (seed: number) => {
      const t = await trainer(options(seed));
      await t.fit(data, { epochs: 3 });
      return t.readParameters();
    };
    const first = await run(7);
    const second = await run(7);
    const other = await run(8);
    expect([...first.keys()]).toEqual([
      "mlp/dense_0/weight",
      "mlp/dense_0/bias",
      "mlp/dense_3/weight",
      "mlp/dense_3/bias",
    ]);
    for (const [name, values] of first) expect(second.get(name)).toEqual(values);
    expect(other.get("mlp/dense_0/weight")).not.toEqual(first.get("mlp/dense_0/weight"));
  });

  it("draws new dropout masks each step: the same weights on the same batch give different losses", async () => {
    const t = await trainer({ ...options(1), optimizer: sgd({ learningRate: 0 }) });
    const history = await t.fit(data, { epochs: 2, shuffle: false });
    expect(t.steps).toBe(8);
    expect(history.epochs[0].loss).not.toBe(history.epochs[1].loss);
    // With a zero learning rate nothing moves: evaluation (no dropout) is stable.
    const a = await t.evaluate(data);
    const b = await t.evaluate(data);
    expect(a.loss).toBe(b.loss);
  });
});

describe("Trainer export", () => {
  it("writes the eval graph with its parameters and metadata; the reloaded file matches within 1e-5", async () => {
    const train = asDataset(twoSpirals(100, { seed: 4 }));
    const t = await trainer({
      model: classifier(small),
      optimizer: adam({ learningRate: 0.01 }),
      batchSize: 32,
      seed: 2,
    });
    await t.fit(train, { epochs: 5 });
    const path = join(folder, "spirals.onnx");
    const sample = { x: train.x.subarray(0, 40) };
    const report = await t.exportInference(path, {
      labels: ["inner", "outer"],
      preprocessing: { scale: 1 },
      metadata: { dataset: "two spirals" },
      verifyWith: sample,
    });
    expect(report.maxAbsDiff).toBeLessThan(1e-5);

    const predictor = await loadPredictor(path, { threads: 1 });
    try {
      expect(predictor.inputs.map((input) => input.name)).toEqual(["x"]);
      expect(predictor.outputs.map((output) => output.name)).toEqual(["logits", "probabilities"]);
      expect(metadataJson(predictor, "labels")).toEqual(["inner", "outer"]);
      expect(metadataJson(predictor, "preprocessing")).toEqual({ scale: 1 });
      expect(predictor.metadata.dataset).toBe("two spirals");
      expect(metadataJson(predictor, "inputs")).toEqual([
        { name: "x", dtype: "float32", shape: ["batch", 2] },
      ]);
      const reloaded = await predictor.run({ x: sample.x });
      const expected = await t.predict(sample);
      expect(expected.logits.dims).toEqual([20, 2]);
      const a = reloaded.logits.data as Float32Array;
      const b = expected.logits.data as Float32Array;
      let maxAbsDiff = 0;
      for (let i = 0; i < a.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a[i] - b[i]));
      expect(maxAbsDiff).toBeLessThan(1e-5);
    } finally {
      await predictor.release();
    }
  });

  it("fails the export check when the file differs from the eval session", async () => {
    const t = await trainer({ model: classifier(small), optimizer: adam({ learningRate: 0.01 }), seed: 2 });
    const path = join(folder, "tampered.onnx");
    const sample = { x: new Float32Array([0.1, 0.2, -0.3, 0.4]) };
    await t.exportInference(path);
    // Parameters changed after the export: the file no longer matches the trainer.
    const weights = t.readParameters();
    const bias = weights.get("mlp/dense_3/bias")!;
    bias[0] += 0.5;
    t.writeParameters(weights);
    expect(await t.compareWithFile(path, sample)).toBeCloseTo(0.5, 5);
  });
});

describe("Trainer callbacks and schedules", () => {
  const train = asDataset(twoSpirals(64, { seed: 5 }));
  const validation = asDataset(twoSpirals(64, { seed: 6 }));

  it("stops early, restores the best epoch's weights and checkpoints the best model", async () => {
    // A rate this high makes the validation loss bounce, so improvement stops quickly.
    const t = await trainer({
      model: classifier(spiralBlocks),
      optimizer: sgd({ learningRate: 1.5 }),
      batchSize: 16,
      seed: 3,
    });
    const stopper = earlyStopping({ monitor: "val_loss", patience: 2 });
    const path = join(folder, "best.onnx");
    const checkpoint = modelCheckpoint({ path, monitor: "val_loss" });
    const seen: number[] = [];
    const history = await t.fit(train, {
      epochs: 200,
      validation,
      callbacks: [stopper, checkpoint, { onEpochEnd: (_, logs) => void seen.push(logs.val_loss) }],
    });
    expect(history.stopReason).toMatch(/val_loss has not improved for 3 epochs/);
    expect(history.epochs.length).toBeLessThan(200);
    expect(stopper.stoppedEpoch).toBe(history.epochs.length - 1);
    expect(stopper.bestEpoch).toBe(history.epochs.length - 4);
    const best = Math.min(...seen);
    expect(stopper.bestValue).toBe(best);
    expect(checkpoint.bestEpoch).toBe(stopper.bestEpoch);
    // Restored: evaluating now gives the best epoch's validation loss, not the last one's.
    expect((await t.evaluate(validation)).loss).toBeCloseTo(best, 5);
    const predictor = await loadPredictor(path, { threads: 1 });
    try {
      expect(predictor.metadata.checkpoint_epoch).toBe(String(stopper.bestEpoch + 1));
    } finally {
      await predictor.release();
    }
  });

  it("feeds the schedule's learning rate and reports progress per step", async () => {
    const t = await trainer({
      model: classifier(small),
      optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }),
      batchSize: 32,
      schedule: stepLR({ stepSize: 2, gamma: 0.5 }),
    });
    const events: ProgressEvent[] = [];
    const history = await t.fit(train, { epochs: 5, onProgress: (event) => events.push(event) });
    expect(history.epochs.map((logs) => logs.learning_rate)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(events[0]).toMatchObject({ task: "train", phase: "start", total: 20, unit: "steps" });
    expect(events.at(-1)).toMatchObject({ phase: "end", done: 20 });
  });

  it("clips gradients and logs their norm", async () => {
    const t = await trainer({
      model: classifier(small),
      optimizer: adam({ learningRate: 0.01 }),
      clipGradNorm: 1e-3,
    });
    const history = await t.fit(train, { epochs: 1 });
    expect(history.epochs[0].gradient_norm).toBeGreaterThan(1e-3);
  });
});

describe("Trainer input checks", () => {
  it("names a missing column and mismatched row counts", async () => {
    const t = await trainer({ model: classifier(small), optimizer: adam({ learningRate: 0.01 }) });
    await expect(t.fit({ x: new Float32Array(8) }, { epochs: 1 })).rejects.toThrow(
      /lacks the column "labels"/,
    );
    await expect(
      t.fit({ x: new Float32Array(8), labels: new BigInt64Array(3) }, { epochs: 1 }),
    ).rejects.toThrow(/"labels" has 3 rows but "x" has 4/);
    await expect(
      t.fit({ x: new Float32Array(7), labels: new BigInt64Array(3) }, { epochs: 1 }),
    ).rejects.toThrow(/whole number of rows of 2/);
    await expect(
      t.fit({ x: new Float64Array(8), labels: new BigInt64Array(4) }, { epochs: 1 }),
    ).rejects.toThrow(/typed array of float32/);
  });

  it("stops with an error naming the step when the loss is not finite", async () => {
    const x = createRng(1).fillNormal(new Float32Array(64));
    x[40] = Number.NaN; // row 20, in the second batch of 16 without shuffling
    const t = await trainer({
      model: classifier(spiralBlocks),
      optimizer: sgd({ learningRate: 0.1 }),
      batchSize: 16,
    });
    await expect(t.fit({ x, labels: new BigInt64Array(32) }, { epochs: 3, shuffle: false })).rejects.toThrow(
      /the training loss became NaN at epoch 1, step 2; lower the learning rate/,
    );
  });

  it("rejects a model function that builds different parameters in training and eval mode", async () => {
    const model: ModelFunction = (g) => {
      const x = g.input("x", "float32", ["batch", 2]);
      const labels = g.input("labels", "int64", ["batch"]);
      const logits = mlp(x, g.training ? small : spiralBlocks);
      return { predictions: { logits }, loss: softmaxCrossEntropy(logits, labels) };
    };
    await expect(Trainer.create({ model, optimizer: adam({ learningRate: 0.01 }) })).rejects.toThrow(
      /different parameters/,
    );
  });
});
