import { InvalidArgumentError } from "@lab/core";
import type { SymbolicDim } from "../shape.js";
import { Tensor } from "../tensor.js";
import {
  type Attributes,
  attr,
  constantInts,
  type InferenceInput,
  normalizeAxes,
  readInt,
  readInts,
  requireInput,
  type ShapeInference,
  type TensorType,
} from "./common.js";

function reducedType(
  op: string,
  input: InferenceInput,
  axes: readonly number[] | null,
  attributes: Attributes,
): TensorType {
  const keepDims = readInt(attributes, "keepdims", 1) !== 0;
  const noop = readInt(attributes, "noop_with_empty_axes", 0) !== 0;
  if (input.dtype === "bool") throw new InvalidArgumentError(`${op} is not defined on bool tensors`);
  if (input.shape === null) return { dtype: input.dtype, shape: null };
  const rank = input.shape.length;
  if (axes === null) {
    // Axes computed at run time: the rank survives only with keepdims.
    return { dtype: input.dtype, shape: keepDims ? input.shape.map(() => null) : null };
  }
  if (axes.length === 0 && noop) return { dtype: input.dtype, shape: input.shape };
  const reduced = new Set(axes.length === 0 ? input.shape.map((_, i) => i) : normalizeAxes(op, axes, rank));
  const shape: SymbolicDim[] = [];
  input.shape.forEach((dim, i) => {
    if (!reduced.has(i)) shape.push(dim);
    else if (keepDims) shape.push(1);
  });
  return { dtype: input.dtype, shape };
}

/** ReduceSum (opset 13+): axes are an optional int64 input. */
export const inferReduceSum: ShapeInference = (inputs, attributes) => {
  const input = requireInput("ReduceSum", inputs, 0, "data");
  const axesInput = inputs[1] ?? null;
  const axes = axesInput === null ? [] : constantInts(axesInput);
  return [reducedType("ReduceSum", input, axes, attributes)];
};

/** ReduceMean, ReduceMax (opset 17 still takes axes as an attribute). */
export const inferReduceWithAxesAttribute: ShapeInference = (inputs, attributes) => {
  const input = requireInput("Reduce", inputs, 0, "data");
  return [reducedType("Reduce", input, readInts(attributes, "axes") ?? [], attributes)];
};

export interface ReduceOptions {
  /** Keep reduced axes as size 1 (ONNX's default, true) or drop them. */
  readonly keepDims?: boolean;
}

/**
 * Σ over `axes` (all axes when omitted). `axes` may be a computed int64 tensor; an empty computed
 * list then reduces nothing only with `noopWithEmptyAxes` (ONNX reduces everything by default).
 */
export function reduceSum(
  x: Tensor,
  axes?: readonly number[] | Tensor,
  options: ReduceOptions & { readonly noopWithEmptyAxes?: boolean } = {},
): Tensor {
  const attributes = {
    keepdims: attr.int(options.keepDims === false ? 0 : 1),
    noop_with_empty_axes: attr.int(options.noopWithEmptyAxes ? 1 : 0),
  };
  const axesInput =
    axes === undefined ? null : axes instanceof Tensor ? axes : x.builder.int64s(axes, "axes");
  return x.builder.node("ReduceSum", axesInput ? [x, axesInput] : [x], attributes)[0];
}

function reduceWithAxesAttribute(
  op: string,
  x: Tensor,
  axes: readonly number[] | undefined,
  options: ReduceOptions,
): Tensor {
  const attributes: Record<string, ReturnType<typeof attr.int>> = {
    keepdims: attr.int(options.keepDims === false ? 0 : 1),
  };
  if (axes !== undefined && axes.length > 0) attributes.axes = attr.ints(axes);
  return x.builder.node(op, [x], attributes)[0];
}

/** Mean over `axes` (all axes when omitted or empty). */
export function reduceMean(x: Tensor, axes?: readonly number[], options: ReduceOptions = {}): Tensor {
  return reduceWithAxesAttribute("ReduceMean", x, axes, options);
}

/** Maximum over `axes` (all axes when omitted or empty). */
export function reduceMax(x: Tensor, axes?: readonly number[], options: ReduceOptions = {}): Tensor {
  return reduceWithAxesAttribute("ReduceMax", x, axes, options);
}
