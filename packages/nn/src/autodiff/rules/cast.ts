import { and, greater, greaterOrEqual, less, lessOrEqual } from "../../graph/ops/compare.js";
import { where } from "../../graph/ops/indexing.js";
import { reduceSum } from "../../graph/ops/reduce.js";
import { isFloatDType, type Tensor } from "../../graph/tensor.js";
import { castTo } from "../helpers.js";
import { type BackwardRule, input, outputGradient } from "../rule.js";

/**
 * Cast between float types passes the gradient, converted back to the input's type. Casts to or from
 * integers and bool have no gradient: the output is piecewise constant in the input.
 */
export const castBackward: BackwardRule = (context) => {
  const x = input(context, 0);
  if (!isFloatDType(x.dtype) || !isFloatDType(context.outputs[0].dtype)) return [null];
  return [castTo(outputGradient(context), x.dtype)];
};

/**
 * y = clip(x, lo, hi): ∂x = g where lo <= x <= hi (bounds included, as PyTorch's clamp), else 0;
 * a bound receives the gradient of the elements it replaced: ∂lo = Σ g where x < lo, likewise hi.
 */
export const clipBackward: BackwardRule = (context) => {
  const x = input(context, 0);
  const low = context.inputs[1] ?? null;
  const high = context.inputs[2] ?? null;
  const g = outputGradient(context);
  let inside: Tensor | null = null;
  if (low) inside = greaterOrEqual(x, low);
  if (high) inside = inside ? and(inside, lessOrEqual(x, high)) : lessOrEqual(x, high);
  const boundGradient = (replaced: Tensor) =>
    reduceSum(where(replaced, g, 0), undefined, { keepDims: false });
  return [
    context.needsGradient[0] ? (inside ? where(inside, g, 0) : g) : null,
    low && context.needsGradient[1] ? boundGradient(less(x, low)) : null,
    high && context.needsGradient[2] ? boundGradient(greater(x, high)) : null,
  ];
};
