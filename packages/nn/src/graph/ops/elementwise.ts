import { InvalidArgumentError } from "@lab/core";
import { broadcastShapes } from "../shape.js";
import type { Tensor, TensorLike } from "../tensor.js";
import {
  requireFloat,
  requireInput,
  requireSameDType,
  type ShapeInference,
  tensorOperands,
} from "./common.js";

/** Output = input 0's type (elementwise unary ops). */
export const inferUnary: ShapeInference = (inputs) => {
  const input = requireInput("unary op", inputs, 0, "first");
  return [{ dtype: input.dtype, shape: input.shape }];
};

/** Same as {@link inferUnary}, for ops defined on floats only. */
export const inferFloatUnary: ShapeInference = (inputs) => {
  const input = requireInput("unary op", inputs, 0, "first");
  requireFloat("this op", input);
  return [{ dtype: input.dtype, shape: input.shape }];
};

/** Numpy-broadcast arithmetic: operands of one dtype, result of that dtype. */
export const inferBroadcastArithmetic: ShapeInference = (inputs) => {
  const types = inputs.map((_, i) => requireInput("elementwise op", inputs, i, `#${i}`));
  const dtype = requireSameDType("elementwise op", types);
  if (dtype === "bool")
    throw new InvalidArgumentError("arithmetic on bool tensors is not defined; Cast first");
  return [{ dtype, shape: broadcastShapes(...types.map((type) => type.shape)) }];
};

/** Pow allows an exponent of another numeric dtype; the result has the base's dtype. */
export const inferPow: ShapeInference = (inputs) => {
  const base = requireInput("Pow", inputs, 0, "base");
  const exponent = requireInput("Pow", inputs, 1, "exponent");
  requireFloat("Pow", base, "base");
  return [{ dtype: base.dtype, shape: broadcastShapes(base.shape, exponent.shape) }];
};

/** a + b with numpy broadcasting. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = tensorOperands("Add", a, b);
  return x.builder.node("Add", [x, y])[0];
}

/** a − b with numpy broadcasting. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = tensorOperands("Sub", a, b);
  return x.builder.node("Sub", [x, y])[0];
}

/** a · b elementwise with numpy broadcasting. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = tensorOperands("Mul", a, b);
  return x.builder.node("Mul", [x, y])[0];
}

/** a / b elementwise with numpy broadcasting (integer division truncates, as in ONNX). */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = tensorOperands("Div", a, b);
  return x.builder.node("Div", [x, y])[0];
}

/** base ^ exponent elementwise with numpy broadcasting. */
export function pow(base: TensorLike, exponent: TensorLike): Tensor {
  const [x, y] = tensorOperands("Pow", base, exponent);
  return x.builder.node("Pow", [x, y])[0];
}

/** Elementwise sum of any number of tensors with numpy broadcasting (ONNX Sum). */
export function sum(...tensors: Tensor[]): Tensor {
  if (tensors.length === 0) throw new InvalidArgumentError("sum needs at least one tensor");
  return tensors[0].builder.node("Sum", tensors)[0];
}

export function neg(x: Tensor): Tensor {
  return x.builder.node("Neg", [x])[0];
}

export function exp(x: Tensor): Tensor {
  return x.builder.node("Exp", [x])[0];
}

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return x.builder.node("Log", [x])[0];
}

export function sqrt(x: Tensor): Tensor {
  return x.builder.node("Sqrt", [x])[0];
}

export function abs(x: Tensor): Tensor {
  return x.builder.node("Abs", [x])[0];
}

/** −1, 0 or 1 by the sign of each element. */
export function sign(x: Tensor): Tensor {
  return x.builder.node("Sign", [x])[0];
}

export function identity(x: Tensor): Tensor {
  return x.builder.node("Identity", [x])[0];
}

/** The value of `x` with gradients blocked: autodiff treats the result as a constant. */
export function stopGradient(x: Tensor): Tensor {
  return x.builder.stopGradient(x);
}
