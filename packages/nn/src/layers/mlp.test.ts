import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../graph/builder.js";
import { layerNorm } from "./layer-norm.js";
import { type MlpBlock, mlp } from "./mlp.js";
import { parameterValues, runGraph } from "./testing.js";

const blocks: MlpBlock[] = [
  { kind: "dense", units: 8, activation: "relu" },
  { kind: "gaussianNoise", std: 0.1 },
  { kind: "layerNorm" },
  { kind: "dense", units: 4, activation: "tanh" },
  { kind: "dropout", rate: 0.5 },
  { kind: "dense", units: 3 },
];

function build(training: boolean, seed = 3): GraphBuilder {
  const g = new GraphBuilder({ training, seed });
  g.output(mlp(g.input("x", "float32", ["batch", 5]), blocks), "logits");
  return g;
}

describe("mlp", () => {
  it("builds training and eval graphs with the same parameters; only training feeds noise and masks", () => {
    const train = build(true);
    const evaluation = build(false);
    const names = (g: GraphBuilder) => g.parameters.map((p) => p.tensor.name);
    expect(names(train)).toEqual([
      "mlp/dense_0/weight",
      "mlp/dense_0/bias",
      "mlp/layerNorm_2/scale",
      "mlp/layerNorm_2/bias",
      "mlp/dense_3/weight",
      "mlp/dense_3/bias",
      "mlp/dense_5/weight",
      "mlp/dense_5/bias",
    ]);
    expect(names(evaluation)).toEqual(names(train));
    for (const name of names(train))
      expect(parameterValues(evaluation, name)).toEqual(parameterValues(train, name));
    expect(train.randomInputs.map((spec) => [spec.name, spec.shape, spec.distribution.kind])).toEqual([
      ["mlp/gaussianNoise_1/noise", ["batch", 8], "normal"],
      ["mlp/dropout_4/mask", ["batch", 4], "dropoutMask"],
    ]);
    expect(evaluation.randomInputs).toEqual([]);
    expect(evaluation.toGraph().inputs.map((input) => input.name)).toEqual(["x", ...names(train)]);
  });

  it("runs the eval graph as the plain composition of its layers", async () => {
    const g = build(false);
    const x = new Float32Array([0.5, -1, 2, 0, 1, -0.3, 0.2, 0.1, -2, 1.5]);
    const { logits } = await runGraph(g, { x });
    // The same forward pass in plain TypeScript from the parameters' initial values.
    const value = (name: string) => parameterValues(g, name);
    const affine = (input: number[], name: string) => {
      const w = value(`${name}/weight`);
      const b = value(`${name}/bias`);
      const cols = b.length;
      return Array.from(
        { length: cols },
        (_, j) => b[j] + input.reduce((s, v, i) => s + v * w[i * cols + j], 0),
      );
    };
    for (let row = 0; row < 2; row++) {
      let h = affine(Array.from(x.subarray(row * 5, row * 5 + 5)), "mlp/dense_0").map((v) => Math.max(v, 0));
      const mean = h.reduce((s, v) => s + v, 0) / h.length;
      const variance = h.reduce((s, v) => s + (v - mean) ** 2, 0) / h.length;
      const scale = value("mlp/layerNorm_2/scale");
      const shift = value("mlp/layerNorm_2/bias");
      h = h.map((v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * scale[i] + shift[i]);
      h = affine(h, "mlp/dense_3").map(Math.tanh);
      const out = affine(h, "mlp/dense_5");
      for (let j = 0; j < 3; j++) expect(logits[row * 3 + j]).toBeCloseTo(out[j], 5);
    }
  });

  it("applies dropout masks and noise fed to the training graph", async () => {
    const g = new GraphBuilder({ training: true });
    const x = g.input("x", "float32", ["batch", 4]);
    g.output(
      mlp(x, [
        { kind: "gaussianNoise", std: 1 },
        { kind: "dropout", rate: 0.5 },
      ]),
      "y",
    );
    const { y } = await runGraph(g, {
      x: new Float32Array([1, 2, 3, 4]),
      "mlp/gaussianNoise_0/noise": new Float32Array([0.5, 0.5, 0.5, 0.5]),
      "mlp/dropout_1/mask": new Float32Array([2, 0, 2, 0]),
    });
    expect(Array.from(y)).toEqual([3, 0, 7, 0]);
  });
});

describe("layerNorm", () => {
  it("normalizes each row to zero mean and unit variance before its scale and bias", async () => {
    const g = new GraphBuilder();
    g.output(layerNorm(g.input("x", "float32", ["batch", 4]), { epsilon: 0 }), "y");
    const { y } = await runGraph(g, { x: new Float32Array([1, 2, 3, 4, 10, 10, 10, 14]) });
    for (let row = 0; row < 2; row++) {
      const values = Array.from(y.subarray(row * 4, row * 4 + 4) as Float32Array);
      expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 5);
      expect(values.reduce((s, v) => s + v * v, 0) / 4).toBeCloseTo(1, 4);
    }
    expect(y[7]).toBeCloseTo(Math.sqrt(3), 4);
  });
});
