import { InvalidArgumentError } from "@lab/core";
import { broadcastShapes } from "../shape.js";
import type { Tensor, TensorLike } from "../tensor.js";
import { requireInput, requireSameDType, type ShapeInference, tensorOperands } from "./common.js";

/** Comparisons: operands of one dtype, numpy broadcasting, bool result. */
export const inferComparison: ShapeInference = (inputs) => {
  const a = requireInput("comparison", inputs, 0, "A");
  const b = requireInput("comparison", inputs, 1, "B");
  requireSameDType("comparison", [a, b]);
  return [{ dtype: "bool", shape: broadcastShapes(a.shape, b.shape) }];
};

/** And, Or, Not: bool operands, bool result. */
export const inferLogical: ShapeInference = (inputs) => {
  const types = inputs.map((_, i) => requireInput("logical op", inputs, i, `#${i}`));
  for (const type of types) {
    if (type.dtype !== "bool")
      throw new InvalidArgumentError(`logical ops need bool operands, got ${type.dtype}`);
  }
  return [{ dtype: "bool", shape: broadcastShapes(...types.map((type) => type.shape)) }];
};

function compare(op: string, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = tensorOperands(op, a, b);
  return x.builder.node(op, [x, y])[0];
}

export const equal = (a: TensorLike, b: TensorLike): Tensor => compare("Equal", a, b);
export const greater = (a: TensorLike, b: TensorLike): Tensor => compare("Greater", a, b);
export const less = (a: TensorLike, b: TensorLike): Tensor => compare("Less", a, b);
export const greaterOrEqual = (a: TensorLike, b: TensorLike): Tensor => compare("GreaterOrEqual", a, b);
export const lessOrEqual = (a: TensorLike, b: TensorLike): Tensor => compare("LessOrEqual", a, b);

export function and(a: Tensor, b: Tensor): Tensor {
  return a.builder.node("And", [a, b])[0];
}

export function or(a: Tensor, b: Tensor): Tensor {
  return a.builder.node("Or", [a, b])[0];
}

export function not(x: Tensor): Tensor {
  return x.builder.node("Not", [x])[0];
}
