import { InvalidArgumentError } from "@lab/core";
import { logSoftmax, relu, sigmoid, softmax, tanh } from "../graph/ops/activations.js";
import type { Tensor } from "../graph/tensor.js";

/** Element-wise (or, for the softmaxes, last-axis) nonlinearities a layer can end with. */
export type Activation = "linear" | "relu" | "tanh" | "sigmoid" | "softmax" | "logSoftmax";

export const ACTIVATIONS: readonly Activation[] = [
  "linear",
  "relu",
  "tanh",
  "sigmoid",
  "softmax",
  "logSoftmax",
];

/** Applies `activation` to x; "linear" returns x unchanged (no node). */
export function applyActivation(x: Tensor, activation: Activation): Tensor {
  switch (activation) {
    case "linear":
      return x;
    case "relu":
      return relu(x);
    case "tanh":
      return tanh(x);
    case "sigmoid":
      return sigmoid(x);
    case "softmax":
      return softmax(x, -1);
    case "logSoftmax":
      return logSoftmax(x, -1);
    default:
      throw new InvalidArgumentError(
        `unknown activation "${activation as string}"; expected one of: ${ACTIVATIONS.join(", ")}`,
      );
  }
}
