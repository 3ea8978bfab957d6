import { readInt } from "../../graph/ops/common.js";
import { greater } from "../../graph/ops/compare.js";
import { exp, mul, sub } from "../../graph/ops/elementwise.js";
import { where } from "../../graph/ops/indexing.js";
import { reduceSum } from "../../graph/ops/reduce.js";
import { type BackwardRule, input, outputGradient } from "../rule.js";

/** y = max(x, 0): ∂x = g where x > 0, else 0 (the derivative at 0 is taken as 0, as PyTorch). */
export const reluBackward: BackwardRule = (context) => {
  const x = input(context, 0);
  return [where(greater(x, 0), outputGradient(context), 0)];
};

/** y = σ(x): ∂x = g · y · (1 − y). */
export const sigmoidBackward: BackwardRule = (context) => {
  const y = context.outputs[0];
  return [mul(outputGradient(context), mul(y, sub(1, y)))];
};

/** y = tanh x: ∂x = g · (1 − y²). */
export const tanhBackward: BackwardRule = (context) => {
  const y = context.outputs[0];
  return [mul(outputGradient(context), sub(1, mul(y, y)))];
};

/**
 * y = softmax(x) on one axis: the Jacobian is diag(y) − y yᵀ, so ∂x = y · (g − Σ g·y), the sum over
 * the softmax axis.
 */
export const softmaxBackward: BackwardRule = (context) => {
  const g = outputGradient(context);
  const y = context.outputs[0];
  const axis = readInt(context.node.attributes, "axis", -1);
  const projection = reduceSum(mul(g, y), [axis], { keepDims: true });
  return [mul(y, sub(g, projection))];
};

/** y = log softmax(x): ∂x = g − softmax(x) · Σ g, with softmax(x) = eʸ. */
export const logSoftmaxBackward: BackwardRule = (context) => {
  const g = outputGradient(context);
  const y = context.outputs[0];
  const axis = readInt(context.node.attributes, "axis", -1);
  return [sub(g, mul(exp(y), reduceSum(g, [axis], { keepDims: true })))];
};
