import { createRng, type Rng } from "@lab/core";
import type { GraphBuilder } from "../graph/builder.js";
import { meanSquaredError } from "../graph/losses.js";
import type { Tensor } from "../graph/tensor.js";
import type { Dataset } from "../train/batches.js";
import type { ModelFunction } from "../train/compile.js";
import { gradcheckModel, type ModelGradcheckResult } from "../train/gradcheck-model.js";
import { dense } from "./dense.js";
import { embedding } from "./embedding.js";
import { embeddingBag, embeddingBagOffsets } from "./embedding-bag.js";
import { layerNorm } from "./layer-norm.js";
import { linear } from "./linear.js";
import { lstm } from "./lstm.js";
import { mlp } from "./mlp.js";

/** A layer inside a small float64 model, checked by {@link gradcheckModel} with respect to every parameter. */
export interface LayerGradcheckCase {
  readonly layer: string;
  readonly variant: string;
  readonly model: ModelFunction;
  /** One batch of data for the model's inputs. */
  data(rng: Rng): Dataset;
}

const ROWS = 4;

/** The model: `build(inputs)` squared-error-regressed onto a target of its output's shape. */
function regression(
  inputs: readonly { name: string; dtype: "float64" | "int64"; shape: readonly (number | string)[] }[],
  outputShape: readonly (number | string)[],
  build: (g: GraphBuilder, inputs: Tensor[]) => Tensor,
): ModelFunction {
  return (g) => {
    const tensors = inputs.map((input) => g.input(input.name, input.dtype, input.shape));
    const prediction = build(g, tensors);
    const target = g.input("target", "float64", outputShape);
    return { predictions: { prediction }, loss: meanSquaredError(prediction, target) };
  };
}

const normal = (rng: Rng, size: number) => rng.fillNormal(new Float64Array(size));
const ids = (rng: Rng, size: number, vocab: number) =>
  BigInt64Array.from({ length: size }, () => BigInt(rng.int(vocab)));

export const LAYER_GRADCHECK_CASES: readonly LayerGradcheckCase[] = [
  {
    layer: "linear",
    variant: "2-D input (Gemm), bias",
    model: regression([{ name: "x", dtype: "float64", shape: ["batch", 3] }], ["batch", 4], (_, [x]) =>
      linear(x, 4),
    ),
    data: (rng) => ({ x: normal(rng, ROWS * 3), target: normal(rng, ROWS * 4) }),
  },
  {
    layer: "linear",
    variant: "3-D input (MatMul + Add)",
    model: regression([{ name: "x", dtype: "float64", shape: ["batch", 2, 3] }], ["batch", 2, 2], (_, [x]) =>
      linear(x, 2),
    ),
    data: (rng) => ({ x: normal(rng, ROWS * 6), target: normal(rng, ROWS * 4) }),
  },
  {
    layer: "dense",
    variant: "tanh, He init, no bias",
    model: regression([{ name: "x", dtype: "float64", shape: ["batch", 3] }], ["batch", 3], (_, [x]) =>
      dense(x, 3, { activation: "tanh", init: "heNormal", bias: false }),
    ),
    data: (rng) => ({ x: normal(rng, ROWS * 3), target: normal(rng, ROWS * 3) }),
  },
  {
    layer: "layerNorm",
    variant: "after a linear layer",
    model: regression([{ name: "x", dtype: "float64", shape: ["batch", 3] }], ["batch", 5], (_, [x]) =>
      layerNorm(linear(x, 5)),
    ),
    data: (rng) => ({ x: normal(rng, ROWS * 3), target: normal(rng, ROWS * 5) }),
  },
  {
    layer: "mlp",
    variant: "dense + noise + layer norm + dropout (training mode)",
    model: regression([{ name: "x", dtype: "float64", shape: ["batch", 3] }], ["batch", 2], (_, [x]) =>
      mlp(x, [
        { kind: "dense", units: 6, activation: "sigmoid" },
        { kind: "gaussianNoise", std: 0.3 },
        { kind: "layerNorm" },
        { kind: "dropout", rate: 0.4 },
        { kind: "dense", units: 2 },
      ]),
    ),
    data: (rng) => ({ x: normal(rng, ROWS * 3), target: normal(rng, ROWS * 2) }),
  },
  {
    layer: "embedding",
    variant: "padding id masked",
    model: regression(
      [{ name: "ids", dtype: "int64", shape: ["batch", 3] }],
      ["batch", 3, 2],
      (_, [tokens]) => embedding(tokens, 5, 2, { paddingIdx: 0, dtype: "float64" }),
    ),
    data: (rng) => ({ ids: ids(rng, ROWS * 3, 5), target: normal(rng, ROWS * 6) }),
  },
  {
    layer: "embeddingBag",
    variant: "mean over non-padding ids",
    model: regression([{ name: "ids", dtype: "int64", shape: ["batch", 4] }], ["batch", 3], (_, [tokens]) =>
      embeddingBag(tokens, 6, 3, { paddingIdx: 0, dtype: "float64" }),
    ),
    data: (rng) => ({ ids: ids(rng, ROWS * 4, 6), target: normal(rng, ROWS * 3) }),
  },
  {
    layer: "embeddingBag",
    variant: "sum over an explicit mask",
    model: regression(
      [
        { name: "ids", dtype: "int64", shape: ["batch", 4] },
        { name: "mask", dtype: "float64", shape: ["batch", 4] },
      ],
      ["batch", 3],
      (_, [tokens, mask]) => embeddingBag(tokens, 6, 3, { mode: "sum", mask, dtype: "float64" }),
    ),
    data: (rng) => ({
      ids: ids(rng, ROWS * 4, 6),
      mask: Float64Array.from({ length: ROWS * 4 }, () => (rng.uniform() < 0.7 ? 1 : 0)),
      target: normal(rng, ROWS * 3),
    }),
  },
  {
    layer: "embeddingBagOffsets",
    variant: "mean, bags of 2, 0, 3 and 1 ids",
    model: (g) => {
      const tokens = g.input("ids", "int64", ["tokens"]);
      const offsets = g.input("offsets", "int64", ["batch"]);
      const prediction = embeddingBagOffsets(tokens, offsets, 6, 3, { dtype: "float64" });
      const target = g.input("target", "float64", ["batch", 3]);
      return { predictions: { prediction }, loss: meanSquaredError(prediction, target) };
    },
    data: (rng) => ({
      ids: ids(rng, 6, 6),
      offsets: BigInt64Array.of(0n, 2n, 2n, 5n),
      target: normal(rng, ROWS * 3),
    }),
  },
  {
    layer: "lstm",
    variant: "2 layers, dropout between them, whole sequence",
    model: regression(
      [{ name: "x", dtype: "float64", shape: ["batch", 3, 2] }],
      ["batch", 3, 3],
      (_, [x]) => lstm(x, 3, { layers: 2, dropout: 0.3, forgetBias: 1 }).sequence,
    ),
    data: (rng) => ({ x: normal(rng, ROWS * 6), target: normal(rng, ROWS * 9) }),
  },
];

export interface LayerGradcheckResult extends ModelGradcheckResult {
  readonly layer: string;
  readonly variant: string;
}

/** Runs every layer case (or those given) through {@link gradcheckModel}, one after another. */
export async function gradcheckLayers(
  cases: readonly LayerGradcheckCase[] = LAYER_GRADCHECK_CASES,
  options: { readonly seed?: number; readonly threads?: number } = {},
): Promise<LayerGradcheckResult[]> {
  const results: LayerGradcheckResult[] = [];
  for (const testCase of cases) {
    const seed = options.seed ?? 0;
    const data = testCase.data(createRng(seed));
    const result = await gradcheckModel(testCase.model, data, { seed, threads: options.threads ?? 1 });
    results.push({ layer: testCase.layer, variant: testCase.variant, ...result });
  }
  return results;
}
