import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../graph/builder.js";
import { type LstmOptions, lstm } from "./lstm.js";
import { parameterValues, runGraph } from "./testing.js";

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** A plain-TypeScript LSTM over x [batch, T, features] with the layer's parameters, for reference. */
function referenceLayer(
  x: Float32Array | number[],
  batch: number,
  steps: number,
  features: number,
  hidden: number,
  w: ArrayLike<number>,
  u: ArrayLike<number>,
  b: ArrayLike<number>,
): number[] {
  const out = new Array<number>(batch * steps * hidden).fill(0);
  for (let n = 0; n < batch; n++) {
    const h = new Array<number>(hidden).fill(0);
    const c = new Array<number>(hidden).fill(0);
    for (let t = 0; t < steps; t++) {
      const gates = Array.from(b);
      for (let j = 0; j < 4 * hidden; j++) {
        for (let k = 0; k < features; k++)
          gates[j] += x[(n * steps + t) * features + k] * w[k * 4 * hidden + j];
        for (let k = 0; k < hidden; k++) gates[j] += h[k] * u[k * 4 * hidden + j];
      }
      for (let j = 0; j < hidden; j++) {
        c[j] = sigmoid(gates[hidden + j]) * c[j] + sigmoid(gates[j]) * Math.tanh(gates[2 * hidden + j]);
        h[j] = sigmoid(gates[3 * hidden + j]) * Math.tanh(c[j]);
        out[(n * steps + t) * hidden + j] = h[j];
      }
    }
  }
  return out;
}

function build(options: LstmOptions, training = false) {
  const g = new GraphBuilder({ seed: 4, training });
  const x = g.input("x", "float32", ["batch", 3, 2]);
  const { sequence, last } = lstm(x, 4, { name: "rnn", ...options });
  g.output(sequence, "sequence");
  g.output(last, "last");
  return g;
}

describe("lstm", () => {
  const x = Float32Array.from({ length: 2 * 3 * 2 }, (_, i) => Math.sin(i + 1));

  it("matches a step-by-step reference LSTM, stacked two deep", async () => {
    const g = build({ layers: 2, forgetBias: 1 });
    expect(g.parameters.map((p) => [p.tensor.name, p.initial.dims])).toEqual([
      ["rnn/layer_0/input_weight", [2, 16]],
      ["rnn/layer_0/recurrent_weight", [4, 16]],
      ["rnn/layer_0/bias", [16]],
      ["rnn/layer_1/input_weight", [4, 16]],
      ["rnn/layer_1/recurrent_weight", [4, 16]],
      ["rnn/layer_1/bias", [16]],
    ]);
    const { sequence, last } = await runGraph(g, { x });
    const layer = (l: number) =>
      ["input_weight", "recurrent_weight", "bias"].map((name) =>
        parameterValues(g, `rnn/layer_${l}/${name}`),
      );
    const [w0, u0, b0] = layer(0);
    const [w1, u1, b1] = layer(1);
    const first = referenceLayer(x, 2, 3, 2, 4, w0, u0, b0);
    const expected = referenceLayer(first, 2, 3, 4, 4, w1, u1, b1);
    expect(sequence.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) expect(sequence[i]).toBeCloseTo(expected[i], 5);
    // The last step of each row.
    for (let n = 0; n < 2; n++) {
      for (let j = 0; j < 4; j++) expect(last[n * 4 + j]).toBeCloseTo(expected[(n * 3 + 2) * 4 + j], 5);
    }
  });

  it("initializes like PyTorch, U(±1/√H), with the forget bias added to the forget gate", () => {
    const g = build({ forgetBias: 1 });
    const bound = 1 / Math.sqrt(4);
    for (const name of ["input_weight", "recurrent_weight"]) {
      const values = parameterValues(g, `rnn/layer_0/${name}`);
      expect(Math.max(...Array.from(values, Math.abs))).toBeLessThanOrEqual(bound);
    }
    const bias = Array.from(parameterValues(g, "rnn/layer_0/bias"));
    const forget = bias.slice(4, 8);
    expect(forget.every((v) => v >= 1 - bound && v <= 1 + bound)).toBe(true);
    expect([...bias.slice(0, 4), ...bias.slice(8)].every((v) => Math.abs(v) <= bound)).toBe(true);
  });

  it("applies dropout between layers in training graphs only", () => {
    const training = build({ layers: 3, dropout: 0.5 }, true);
    expect(training.randomInputs.map((spec) => [spec.name, spec.shape])).toEqual([
      ["rnn/layer_1/input_dropout", ["batch", 3, 4]],
      ["rnn/layer_2/input_dropout", ["batch", 3, 4]],
    ]);
    expect(build({ layers: 3, dropout: 0.5 }, false).randomInputs).toEqual([]);
  });

  it("rejects inputs it cannot unroll", () => {
    const g = new GraphBuilder();
    expect(() => lstm(g.input("a", "float32", ["batch", "time", 2]), 4)).toThrow(/fixed T/);
    expect(() => lstm(g.input("b", "float32", ["batch", 2]), 4)).toThrow(/\[batch, T, features\]/);
  });
});
