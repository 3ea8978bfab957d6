import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@lab/core";
import { afterAll, describe, expect, it } from "vitest";
import { softmaxCrossEntropy } from "../graph/losses.js";
import { reduceMean } from "../graph/ops/reduce.js";
import { embedding } from "../layers/embedding.js";
import { linear } from "../layers/linear.js";
import { sparseEmbedding } from "../layers/sparse-embedding.js";
import { adam } from "../optim/adam.js";
import { sgd } from "../optim/sgd.js";
import { lazyAdam, sparseSgd } from "../optim/sparse.js";
import { buildTrainingGraph, type ModelFunction } from "./compile.js";
import { accuracy } from "./metrics.js";
import { Trainer } from "./trainer.js";

const VOCAB = 50;
const LENGTH = 3;

/** Bags of ids labelled by whether most of their ids are even: learnable from the ids' vectors alone. */
function bagData(rows: number, seed: number) {
  const rng = createRng(seed);
  const ids = new BigInt64Array(rows * LENGTH);
  const labels = new BigInt64Array(rows);
  for (let row = 0; row < rows; row++) {
    let even = 0;
    for (let k = 0; k < LENGTH; k++) {
      const id = rng.int(VOCAB);
      ids[row * LENGTH + k] = BigInt(id);
      if (id % 2 === 0) even++;
    }
    labels[row] = even >= 2 ? 1n : 0n;
  }
  return { ids, labels };
}

function bagModel(sparse: boolean): ModelFunction {
  return (g) => {
    const ids = g.input("ids", "int64", ["batch", LENGTH]);
    const labels = g.input("labels", "int64", ["batch"]);
    const lookup = sparse ? sparseEmbedding : embedding;
    const vectors = lookup(ids, VOCAB, 4, { name: "words" });
    const logits = linear(reduceMean(vectors, [1], { keepDims: false }), 2, { name: "head" });
    return { predictions: { logits }, loss: softmaxCrossEntropy(logits, labels) };
  };
}

const folder = mkdtempSync(join(tmpdir(), "lab-nn-sparse-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("sparseEmbedding in training", () => {
  it("keeps the table out of the training graph and feeds only the rows a batch uses", () => {
    const graph = buildTrainingGraph(bagModel(true), { optimizer: adam({ learningRate: 0.01 }) });
    const inputs = graph.model.graph.inputs.map((input) => input.name);
    expect(inputs).not.toContain("words/table");
    expect(inputs).toEqual(expect.arrayContaining(["words/table/rows", "words/table/local_ids", "labels"]));
    expect(graph.parameters.map((p) => p.input)).toEqual(["head/weight", "head/bias"]);
    expect(graph.sparse.map((s) => [s.table, s.ids, s.gradient])).toEqual([
      ["words/table", "ids", "words/table/rows:gradient"],
    ]);
    expect(graph.sparse[0].initial).toHaveLength(VOCAB * 4);
  });

  it("with sparse SGD, trains exactly as the dense embedding with SGD", async () => {
    const data = bagData(100, 1);
    const run = async (sparse: boolean) => {
      const trainer = await Trainer.create({
        model: bagModel(sparse),
        optimizer: sgd({ learningRate: 0.5 }),
        sparseOptimizer: sparseSgd({ learningRate: 0.5 }),
        batchSize: 16,
        seed: 4,
        session: { threads: 1 },
      });
      try {
        await trainer.fit(data, { epochs: 3 });
        return trainer.readParameters();
      } finally {
        await trainer.release();
      }
    };
    const dense = await run(false);
    const sparse = await run(true);
    expect([...sparse.keys()]).toEqual(["head/weight", "head/bias", "words/table"]);
    for (const [name, values] of dense) {
      const other = sparse.get(name)!;
      let maxDiff = 0;
      for (let i = 0; i < values.length; i++) maxDiff = Math.max(maxDiff, Math.abs(values[i] - other[i]));
      expect(maxDiff, name).toBeLessThan(1e-5);
    }
    // The table did move: the comparison is not between two untouched tables.
    const initial = buildTrainingGraph(bagModel(true), { optimizer: sgd({ learningRate: 0.5 }), seed: 4 })
      .sparse[0].initial;
    expect(sparse.get("words/table")).not.toEqual(initial);
  });

  it("learns with lazy Adam and exports a plain Gather over the trained table", async () => {
    const train = bagData(600, 2);
    const test = bagData(200, 3);
    const trainer = await Trainer.create({
      model: bagModel(true),
      optimizer: adam({ learningRate: 0.05 }),
      batchSize: 32,
      seed: 5,
      session: { threads: 1 },
    });
    try {
      await trainer.fit(train, { epochs: 15 });
      const result = await trainer.evaluate(test, { metrics: [accuracy()] });
      expect(result.accuracy).toBeGreaterThan(0.95);
      const report = await trainer.exportInference(join(folder, "bags.onnx"), {
        verifyWith: { ids: test.ids },
      });
      expect(report.maxAbsDiff).toBeLessThan(1e-5);
      const exported = trainer.inferenceModel();
      expect(exported.graph.initializers.map((tensor) => tensor.name)).toContain("words/table");
      expect(exported.graph.inputs.map((input) => input.name)).toEqual(["ids"]);
    } finally {
      await trainer.release();
    }
  });

  it("names an id outside the table", async () => {
    const trainer = await Trainer.create({
      model: bagModel(true),
      optimizer: adam({ learningRate: 0.05 }),
      batchSize: 4,
    });
    try {
      const ids = new BigInt64Array([1n, 2n, 3n, 4n, 5n, 99n]);
      await expect(trainer.fit({ ids, labels: new BigInt64Array(2) }, { epochs: 1 })).rejects.toThrow(
        /"ids" holds id 99, outside the table's \[0, 50\)/,
      );
    } finally {
      await trainer.release();
    }
  });
});

describe("lazyAdam", () => {
  it("applies Adam to the rows used only, with the global step's bias correction", () => {
    const optimizer = lazyAdam({ learningRate: 0.1 });
    const update = optimizer.forTable(3, 2);
    const table = new Float32Array([1, 1, 2, 2, 3, 3]);
    // Step 1 uses row 0; step 2 uses rows 2 and 0.
    update.apply(table, Int32Array.of(0), 1, new Float32Array([0.5, -2]), 0.1, 1);
    expect(Array.from(table.subarray(0, 2)).map((v) => Number(v.toFixed(6)))).toEqual([0.9, 1.1]);
    update.apply(table, Int32Array.of(2, 0), 2, new Float32Array([1, 1, 0.5, -2]), 0.1, 2);
    // Row 1 was never used: untouched.
    expect(Array.from(table.subarray(2, 4))).toEqual([2, 2]);
    // Row 2's first update at step 2: m = 0.1 g, v = 0.001 g², corrected by 1 − β^2.
    const m = 0.1;
    const v = 0.001;
    const expected = 3 - (0.1 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.998001)) + 1e-8);
    expect(table[4]).toBeCloseTo(expected, 5);
    expect(table[5]).toBeCloseTo(expected, 5);
    // Row 0's second update with the same gradient keeps moving by about lr per step.
    expect(table[0]).toBeCloseTo(0.8, 4);
  });
});
