import { InvalidArgumentError } from "@lab/core";
import { constantInts, readInt, readInts } from "../../graph/ops/common.js";
import { scatterElements } from "../../graph/ops/indexing.js";
import {
  concat,
  constantOfShape,
  expand,
  pad,
  range,
  reshape,
  shapeOf,
  slice,
  slicedLength,
  split,
  transpose,
} from "../../graph/ops/shape-ops.js";
import { normalizeAxis, staticDims } from "../../graph/shape.js";
import type { Tensor } from "../../graph/tensor.js";
import { reduceToShape, requireRank, shapeTensor, zerosLike } from "../helpers.js";
import { type BackwardContext, type BackwardRule, input, outputGradient } from "../rule.js";

/** Reshape, Squeeze, Unsqueeze only rearrange elements: ∂x is g with x's shape. */
export const reshapeBackward: BackwardRule = (context) => [
  reshape(outputGradient(context), shapeTensor(input(context, 0))),
];

/** y = transpose(x, perm): ∂x = transpose(g, perm⁻¹). */
export const transposeBackward: BackwardRule = (context) => {
  const x = input(context, 0);
  const rank = requireRank(x, "Transpose");
  const perm =
    readInts(context.node.attributes, "perm") ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const inverse = new Array<number>(rank);
  perm.forEach((axis, i) => {
    inverse[axis] = i;
  });
  return [transpose(outputGradient(context), inverse)];
};

/** y = concat(x₀, x₁, ...): ∂xᵢ is g's piece of xᵢ's extent along the axis (one Split). */
export const concatBackward: BackwardRule = (context) => {
  const g = outputGradient(context);
  const parts = context.inputs.map((_, i) => input(context, i));
  if (parts.length === 1) return [g];
  const axis = normalizeAxis(readInt(context.node.attributes, "axis", 0), requireRank(parts[0], "Concat"));
  const sizes = parts.map((part) => part.shape?.[axis] ?? null);
  if (sizes.every((size): size is number => typeof size === "number")) return split(g, sizes, axis);
  // Extents known only at run time: read each from its input's shape.
  const extents = parts.map((part) => slice(shapeOf(part), [axis], [axis + 1]));
  const builder = context.builder;
  return builder.node(
    "Split",
    [g, concat(extents, 0)],
    { axis: { kind: "int", value: axis } },
    { outputs: parts.length },
  );
};

/** y = split(x): ∂x = concat of the outputs' gradients, zeros for outputs the loss does not use. */
export const splitBackward: BackwardRule = (context) => {
  const x = input(context, 0);
  const axis = normalizeAxis(readInt(context.node.attributes, "axis", 0), requireRank(x, "Split"));
  const pieces = context.outputs.map((output, i) => context.outputGradients[i] ?? zerosLike(output));
  return [concat(pieces, axis)];
};

/** y = expand(x, shape) broadcasts x: ∂x sums g back to x's shape. */
export const expandBackward: BackwardRule = (context) => [
  reduceToShape(outputGradient(context), input(context, 0)),
];

interface SliceSpec {
  readonly axes: number[];
  readonly starts: number[] | Tensor;
  readonly ends: number[] | Tensor;
  readonly steps: number[] | Tensor;
}

function constantOrTensor(context: BackwardContext, tensor: Tensor): number[] | Tensor {
  const value = context.builder.constantValue(tensor);
  return value ? constantInts({ dtype: value.dtype, shape: value.dims, value })! : tensor;
}

function sliceSpec(context: BackwardContext, rank: number): SliceSpec {
  const starts = constantOrTensor(context, input(context, 1));
  const ends = constantOrTensor(context, input(context, 2));
  const axesInput = context.inputs[3] ?? null;
  const stepsInput = context.inputs[4] ?? null;
  const count = Array.isArray(starts) ? starts.length : (staticDims(input(context, 1).shape)?.[0] ?? null);
  const axesValue =
    axesInput === null
      ? count === null
        ? null
        : Array.from({ length: count }, (_, i) => i)
      : constantOrTensor(context, axesInput);
  if (!Array.isArray(axesValue)) {
    throw new InvalidArgumentError(`the gradient of Slice "${context.node.name}" needs constant axes`);
  }
  const axes = axesValue.map((axis) => normalizeAxis(axis, rank, "Slice axis"));
  const steps = stepsInput === null ? axes.map(() => 1) : constantOrTensor(context, stepsInput);
  return { axes, starts, ends, steps };
}

/** Element `i` of a constant list or of a computed int64 vector, as a 1-element vector input. */
function element(values: number[] | Tensor, i: number): number[] | Tensor {
  return Array.isArray(values) ? [values[i]] : slice(values, [i], [i + 1]);
}

/**
 * y = x[starts:ends:steps] on some axes: ∂x is g placed where the slice came from, zeros elsewhere.
 * With unit steps and static sizes that is a Pad. Otherwise each sliced axis is undone in turn with
 * ScatterElements: the positions the slice took are found by slicing 0..n−1 the same way, so ONNX
 * Runtime applies its own clamping rules for negative and out-of-range bounds.
 */
export const sliceBackward: BackwardRule = (context) => {
  const x = input(context, 0);
  const g = outputGradient(context);
  const rank = requireRank(x, "Slice");
  const spec = sliceSpec(context, rank);
  const dims = staticDims(x.shape);
  const { starts, ends, steps } = spec;
  if (
    dims !== null &&
    Array.isArray(starts) &&
    Array.isArray(ends) &&
    Array.isArray(steps) &&
    steps.every((step) => step === 1)
  ) {
    const pads = new Array<number>(2 * rank).fill(0);
    spec.axes.forEach((axis, i) => {
      const dim = dims[axis];
      const from = Math.min(Math.max(starts[i] < 0 ? starts[i] + dim : starts[i], 0), dim);
      pads[axis] = from;
      pads[axis + rank] = dim - from - slicedLength(dim, starts[i], ends[i], 1);
    });
    return [pad(g, pads)];
  }
  const builder = context.builder;
  const zero = builder.scalar(0, "int64");
  const one = builder.scalar(1, "int64");
  const xShape = shapeTensor(x);
  let current = g;
  spec.axes.forEach((axis, i) => {
    const extent = slice(xShape, [axis], [axis + 1]);
    const positions = slice(
      range(zero, reshape(extent, []), one),
      element(starts, i),
      element(ends, i),
      [0],
      element(steps, i),
    );
    // positions, laid along `axis` and broadcast to the current gradient's shape, index that axis.
    const alongAxis = Array.from({ length: rank }, (_, d) => (d === axis ? -1 : 1));
    const currentShape = shapeTensor(current);
    const indices = expand(reshape(positions, alongAxis), currentShape);
    const fullShape = concat(
      [slice(currentShape, [0], [axis]), extent, slice(currentShape, [axis + 1], [rank])],
      0,
    );
    current = scatterElements(constantOfShape(fullShape, 0, x.dtype), indices, current, axis);
  });
  return [current];
};
