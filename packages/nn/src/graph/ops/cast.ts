import { InvalidArgumentError } from "@lab/core";
import type { DType } from "../../ir/ir.js";
import { dtypeFromOnnx, ONNX_DATA_TYPE } from "../../onnx/dtypes.js";
import type { Tensor } from "../tensor.js";
import { attr, readInt, requireInput, requireSameDType, type ShapeInference } from "./common.js";

export const inferCast: ShapeInference = (inputs, attributes) => {
  const input = requireInput("Cast", inputs, 0, "input");
  const code = readInt(attributes, "to", 0);
  const dtype = dtypeFromOnnx(code);
  if (dtype === undefined) throw new InvalidArgumentError(`Cast to ONNX type ${code} is not supported`);
  return [{ dtype, shape: input.shape }];
};

export const inferClip: ShapeInference = (inputs) => {
  const input = requireInput("Clip", inputs, 0, "input");
  const bounds = [inputs[1], inputs[2]].filter((bound) => bound != null);
  requireSameDType("Clip", [input, ...bounds]);
  for (const bound of bounds) {
    if (bound.shape !== null && bound.shape.length !== 0)
      throw new InvalidArgumentError("Clip bounds must be scalars");
  }
  return [{ dtype: input.dtype, shape: input.shape }];
};

/** Converts elements to `dtype` (floats to integers truncate toward zero, as in ONNX). */
export function cast(x: Tensor, dtype: DType): Tensor {
  return x.builder.node("Cast", [x], { to: attr.int(ONNX_DATA_TYPE[dtype]) })[0];
}

/** Limits elements to [min, max]; a bound left undefined does not apply. */
export function clip(x: Tensor, min?: number | Tensor, max?: number | Tensor): Tensor {
  const bound = (value: number | Tensor | undefined) =>
    value === undefined ? null : typeof value === "number" ? x.builder.scalar(value, x.dtype) : value;
  const inputs = [x, bound(min), bound(max)];
  while (inputs.length > 1 && inputs[inputs.length - 1] === null) inputs.pop();
  return x.builder.node("Clip", inputs)[0];
}
