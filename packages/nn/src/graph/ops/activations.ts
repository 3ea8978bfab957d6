import { normalizeAxis } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { attr, readInt, requireFloat, requireInput, type ShapeInference } from "./common.js";

/** Softmax and LogSoftmax (opset 13+): one axis, default the last. */
export const inferSoftmax: ShapeInference = (inputs, attributes) => {
  const input = requireInput("Softmax", inputs, 0, "data");
  requireFloat("Softmax", input);
  if (input.shape !== null) normalizeAxis(readInt(attributes, "axis", -1), input.shape.length);
  return [{ dtype: input.dtype, shape: input.shape }];
};

/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  return x.builder.node("Relu", [x])[0];
}

/** 1 / (1 + e^−x). */
export function sigmoid(x: Tensor): Tensor {
  return x.builder.node("Sigmoid", [x])[0];
}

export function tanh(x: Tensor): Tensor {
  return x.builder.node("Tanh", [x])[0];
}

/** e^x / Σ e^x along `axis` (default the last). */
export function softmax(x: Tensor, axis = -1): Tensor {
  return x.builder.node("Softmax", [x], { axis: attr.int(axis) })[0];
}

/** log softmax along `axis` (default the last), computed stably by ONNX Runtime. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return x.builder.node("LogSoftmax", [x], { axis: attr.int(axis) })[0];
}
