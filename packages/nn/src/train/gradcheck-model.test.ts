import { createRng } from "@lab/core";
import { describe, expect, it } from "vitest";
import type { GraphBuilder } from "../graph/builder.js";
import { softmaxCrossEntropy } from "../graph/losses.js";
import { add } from "../graph/ops/elementwise.js";
import { linear } from "../layers/linear.js";
import { type MlpBlock, mlp } from "../layers/mlp.js";
import { gradcheckModel } from "./gradcheck-model.js";

const blocks: MlpBlock[] = [
  { kind: "dense", units: 6, activation: "tanh" },
  { kind: "gaussianNoise", std: 0.2 },
  { kind: "dense", units: 5, activation: "relu" },
  { kind: "dropout", rate: 0.3 },
  { kind: "dense", units: 3 },
];

function classifier(g: GraphBuilder) {
  const x = g.input("x", "float64", ["batch", 4]);
  const labels = g.input("labels", "int64", ["batch"]);
  const logits = mlp(x, blocks);
  return { predictions: { logits }, loss: softmaxCrossEntropy(logits, labels) };
}

function classificationData(rows: number) {
  const rng = createRng(5);
  return {
    x: rng.fillNormal(new Float64Array(rows * 4)),
    labels: BigInt64Array.from({ length: rows }, () => BigInt(rng.int(3))),
  };
}

describe("gradcheckModel", () => {
  it("confirms the whole training loss gradient of a small float64 MLP (noise and dropout held fixed)", async () => {
    const result = await gradcheckModel(classifier, classificationData(8), { seed: 2 });
    expect(result.parameters.map((p) => p.parameter)).toEqual([
      "mlp/dense_0/weight",
      "mlp/dense_0/bias",
      "mlp/dense_2/weight",
      "mlp/dense_2/bias",
      "mlp/dense_4/weight",
      "mlp/dense_4/bias",
    ]);
    expect(result.parameters.map((p) => p.checked)).toEqual([24, 6, 30, 5, 15, 3]);
    expect(result.dtype).toBe("float64");
    expect(result.maxRelativeError).toBeLessThan(1e-6);
    expect(result.passed).toBe(true);
  });

  it("checks a sample of the coordinates of large parameters", async () => {
    const result = await gradcheckModel(classifier, classificationData(4), { seed: 2, maxCoordinates: 5 });
    expect(result.parameters.map((p) => p.checked)).toEqual([5, 5, 5, 5, 5, 3]);
    expect(result.passed).toBe(true);
  });

  it("reports a gradient autodiff cannot see (here cut by stopGradient) as a failure", async () => {
    const model = (g: GraphBuilder) => {
      const x = g.input("x", "float64", ["batch", 4]);
      const labels = g.input("labels", "int64", ["batch"]);
      const logits = add(
        g.stopGradient(linear(x, 3, { name: "hidden_path" })),
        linear(x, 3, { name: "seen_path" }),
      );
      return { predictions: { logits }, loss: softmaxCrossEntropy(logits, labels) };
    };
    const result = await gradcheckModel(model, classificationData(4));
    expect(result.passed).toBe(false);
    const byName = Object.fromEntries(result.parameters.map((p) => [p.parameter, p.maxRelativeError]));
    expect(byName["hidden_path/weight"]).toBeCloseTo(1, 6);
    expect(byName["seen_path/weight"]).toBeLessThan(1e-6);
  });
});
