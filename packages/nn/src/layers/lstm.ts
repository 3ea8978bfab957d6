import { InvalidArgumentError, type Rng } from "@lab/core";
import { type Initializer, init, initialize } from "../graph/initializers.js";
import { sigmoid, tanh } from "../graph/ops/activations.js";
import { add, mul } from "../graph/ops/elementwise.js";
import { matMul } from "../graph/ops/matmul.js";
import { dropout } from "../graph/ops/noise.js";
import { concat, split, squeeze, unsqueeze } from "../graph/ops/shape-ops.js";
import { type FloatDType, isFloatDType, type Tensor } from "../graph/tensor.js";
import { checkPositiveInteger, layerScope } from "./linear.js";

export interface LstmOptions {
  /** Scope of the parameters (`<name>/layer_<l>/...`); default a unique "lstm". */
  readonly name?: string;
  /** Stacked layers (default 1); each reads the previous one's output sequence. */
  readonly layers?: number;
  /** Dropout on each layer's output sequence except the last's, in training graphs (PyTorch's `dropout`). */
  readonly dropout?: number;
  /**
   * Initial values of the weights and bias; default U(−1/√H, 1/√H) for all of them, as PyTorch's
   * nn.LSTM (Keras uses Glorot for the input weights and orthogonal recurrent weights).
   */
  readonly inputInit?: Initializer;
  readonly recurrentInit?: Initializer;
  readonly biasInit?: Initializer;
  /** Added to the forget gate's bias at initialization (default 0; Keras' unit_forget_bias is 1). */
  readonly forgetBias?: number;
}

export interface LstmResult {
  /** The last layer's hidden state at every step, [batch, T, H]. */
  readonly sequence: Tensor;
  /** The last layer's hidden state at the last step, [batch, H] (what a classifier usually reads). */
  readonly last: Tensor;
}

/**
 * A stacked LSTM over batch-first input [batch, T, features] with a fixed T, unrolled into T steps
 * of standard ONNX ops so that autodiff differentiates it and the exported graph is exactly the one
 * trained. The state starts at zero. Per layer, with gates in PyTorch's order i, f, g, o:
 *   [i f g o] = x_t · W + h_{t−1} · U + b,  c_t = σ(f) c_{t−1} + σ(i) tanh(g),  h_t = σ(o) tanh(c_t).
 * The input projection x · W is one MatMul over all steps; only h · U runs per step. Parameters:
 * `layer_<l>/input_weight` [in, 4H], `layer_<l>/recurrent_weight` [H, 4H], `layer_<l>/bias` [4H]
 * (PyTorch's b_ih + b_hh as one vector).
 */
export function lstm(x: Tensor, hiddenSize: number, options: LstmOptions = {}): LstmResult {
  checkPositiveInteger(hiddenSize, "LSTM hidden size");
  const layers = options.layers ?? 1;
  checkPositiveInteger(layers, "LSTM layers");
  const rate = options.dropout ?? 0;
  if (!isFloatDType(x.dtype) || x.shape === null || x.shape.length !== 3) {
    throw new InvalidArgumentError(`lstm needs a float input [batch, T, features], got ${x.toString()}`);
  }
  const [, steps, features] = x.shape;
  if (typeof steps !== "number" || typeof features !== "number") {
    throw new InvalidArgumentError(`lstm needs fixed T and feature sizes to unroll, got ${x.toString()}`);
  }
  const dtype = x.dtype;
  const builder = x.builder;
  return layerScope(builder, options.name, "lstm", () => {
    let input = x;
    let result: LstmResult | undefined;
    for (let layer = 0; layer < layers; layer++) {
      if (layer > 0 && rate > 0) input = dropout(input, rate, `layer_${layer}/input_dropout`);
      result = builder.scope(`layer_${layer}`, () => lstmLayer(input, steps, hiddenSize, dtype, options));
      input = result.sequence;
    }
    return result!;
  });
}

function lstmLayer(
  x: Tensor,
  steps: number,
  hidden: number,
  dtype: FloatDType,
  options: LstmOptions,
): LstmResult {
  const builder = x.builder;
  const features = x.shape![2] as number;
  const bound = 1 / Math.sqrt(hidden);
  const pytorchDefault = init.uniform(-bound, bound);
  const inputWeight = builder.parameter(
    "input_weight",
    [features, 4 * hidden],
    options.inputInit ?? pytorchDefault,
    { dtype },
  );
  const recurrentWeight = builder.parameter(
    "recurrent_weight",
    [hidden, 4 * hidden],
    options.recurrentInit ?? pytorchDefault,
    {
      dtype,
    },
  );
  const biasValues = initialBias(
    builder.rng,
    hidden,
    dtype,
    options.biasInit ?? pytorchDefault,
    options.forgetBias ?? 0,
  );
  const bias = builder.parameter("bias", [4 * hidden], init.values(biasValues), { dtype });

  // [batch, T, 4H] for all steps at once, then one [batch, 4H] slice per step.
  const projected = add(matMul(x, inputWeight), bias);
  const perStep = steps === 1 ? [projected] : split(projected, steps, 1);
  let h: Tensor | null = null;
  let c: Tensor | null = null;
  const outputs: Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const inputGates = squeeze(perStep[t], [1]);
    // The state starts at zero, so the first step has no recurrent term and no forget term.
    const gates = h === null ? inputGates : add(inputGates, matMul(h, recurrentWeight));
    const [i, f, g, o] = split(gates, 4, 1);
    const candidate = mul(sigmoid(i), tanh(g));
    c = c === null ? candidate : add(mul(sigmoid(f), c), candidate);
    h = mul(sigmoid(o), tanh(c));
    outputs.push(h);
  }
  const sequence =
    steps === 1
      ? unsqueeze(outputs[0], [1])
      : concat(
          outputs.map((state) => unsqueeze(state, [1])),
          1,
        );
  return { sequence, last: h! };
}

/** The bias drawn from its initializer, with `forgetBias` added to the forget gate's quarter. */
function initialBias(
  rng: Rng,
  hidden: number,
  dtype: FloatDType,
  initializer: Initializer,
  forgetBias: number,
): Float32Array | Float64Array {
  const values = initialize(initializer, [4 * hidden], dtype, rng);
  for (let k = hidden; k < 2 * hidden; k++) values[k] += forgetBias;
  return values;
}
