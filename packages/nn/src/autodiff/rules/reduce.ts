import { InvalidArgumentError } from "@lab/core";
import { cast } from "../../graph/ops/cast.js";
import { constantInts, normalizeAxes, readInt, readInts } from "../../graph/ops/common.js";
import { equal } from "../../graph/ops/compare.js";
import { div, mul } from "../../graph/ops/elementwise.js";
import { reduceSum } from "../../graph/ops/reduce.js";
import { expand, sizeOf, unsqueeze } from "../../graph/ops/shape-ops.js";
import type { Tensor } from "../../graph/tensor.js";
import { castTo, requireRank, shapeTensor } from "../helpers.js";
import { type BackwardContext, type BackwardRule, input, outputGradient } from "../rule.js";

/**
 * Reduced axes in [0, rank), ascending; "all" when every axis is reduced (then the rank need not be
 * known: a scalar or all-ones gradient broadcasts to any shape); null when computed at run time.
 */
function reducedAxes(context: BackwardContext, x: Tensor): number[] | "all" | null {
  const attributes = context.node.attributes;
  let axes: readonly number[] | null;
  if (context.node.op === "ReduceSum") {
    const axesInput = context.inputs[1] ?? null;
    if (axesInput === null) axes = [];
    else {
      const value = context.builder.constantValue(axesInput);
      axes = value ? constantInts({ dtype: "int64", shape: value.dims, value }) : null;
    }
  } else {
    axes = readInts(attributes, "axes") ?? [];
  }
  if (axes === null) return null;
  if (axes.length === 0) return readInt(attributes, "noop_with_empty_axes", 0) !== 0 ? [] : "all";
  return normalizeAxes(context.node.op, axes, requireRank(x, context.node.op));
}

/** A reduced tensor (the output or its gradient) with the reduced axes back as size 1. */
function withKeptDims(context: BackwardContext, reduced: Tensor, axes: number[] | "all" | null): Tensor {
  if (readInt(context.node.attributes, "keepdims", 1) !== 0 || axes === "all") return reduced;
  if (axes === null) {
    throw new InvalidArgumentError(
      `the gradient of ${context.node.op} "${context.node.name}" needs constant axes or keepdims = 1`,
    );
  }
  return axes.length === 0 ? reduced : unsqueeze(reduced, axes);
}

/** y = Σ_axes x: every element of x receives the gradient of its sum, ∂x = broadcast(g). */
export const reduceSumBackward: BackwardRule = (context) => {
  const x = input(context, 0);
  const axes = reducedAxes(context, x);
  return [expand(withKeptDims(context, outputGradient(context), axes), shapeTensor(x))];
};

/** y = mean_axes x: ∂x = broadcast(g) / n, n the number of elements averaged (static or counted). */
export const reduceMeanBackward: BackwardRule = (context) => {
  const x = input(context, 0);
  const y = context.outputs[0];
  const axes = reducedAxes(context, x);
  let g = withKeptDims(context, outputGradient(context), axes);
  const dims = x.shape;
  let count: number | null = null;
  if (dims !== null && axes !== null) {
    const averaged = axes === "all" ? dims : axes.map((axis) => dims[axis]);
    count = averaged.every((dim) => typeof dim === "number")
      ? averaged.reduce<number>((n, dim) => n * (dim as number), 1)
      : null;
  }
  if (count !== null) g = mul(g, 1 / count);
  else g = div(g, castTo(div(sizeOf(x), sizeOf(y)), x.dtype));
  return [expand(g, shapeTensor(x))];
};

/**
 * y = max_axes x: the gradient goes to the elements equal to the maximum, split evenly among ties
 * (as PyTorch's amax); at a tie the function is not differentiable and this is one subgradient.
 */
export const reduceMaxBackward: BackwardRule = (context) => {
  const x = input(context, 0);
  const axes = reducedAxes(context, x);
  if (axes === null) throw new InvalidArgumentError("ReduceMax takes axes as an attribute in opset 17");
  const y = withKeptDims(context, context.outputs[0], axes);
  const g = withKeptDims(context, outputGradient(context), axes);
  const isMax = cast(equal(x, y), x.dtype);
  const ties =
    axes === "all" ? reduceSum(isMax) : reduceSum(isMax, axes, { keepDims: true, noopWithEmptyAxes: true });
  return [mul(isMax, div(g, ties))];
};
