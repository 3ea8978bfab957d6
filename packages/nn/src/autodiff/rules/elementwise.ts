import { div, log, mul, neg, pow, sign, sub } from "../../graph/ops/elementwise.js";
import { castTo, reduceToShape } from "../helpers.js";
import { type BackwardRule, input, outputGradient } from "../rule.js";

// Binary ops broadcast, so each operand's gradient is summed back to the operand's own shape.

/** y = a + b: ∂a = g, ∂b = g. */
export const addBackward: BackwardRule = (context) => {
  const g = outputGradient(context);
  return context.inputs.map((operand, i) =>
    operand && context.needsGradient[i] ? reduceToShape(g, operand) : null,
  );
};

/** Sum is Add over any number of operands. */
export const sumBackward: BackwardRule = addBackward;

/** y = a − b: ∂a = g, ∂b = −g. */
export const subBackward: BackwardRule = (context) => {
  const g = outputGradient(context);
  const [a, b] = [input(context, 0), input(context, 1)];
  return [
    context.needsGradient[0] ? reduceToShape(g, a) : null,
    context.needsGradient[1] ? reduceToShape(neg(g), b) : null,
  ];
};

/** y = a · b: ∂a = g · b, ∂b = g · a. */
export const mulBackward: BackwardRule = (context) => {
  const g = outputGradient(context);
  const [a, b] = [input(context, 0), input(context, 1)];
  return [
    context.needsGradient[0] ? reduceToShape(mul(g, b), a) : null,
    context.needsGradient[1] ? reduceToShape(mul(g, a), b) : null,
  ];
};

/** y = a / b: ∂a = g / b, ∂b = −g · a / b² = −g · y / b. */
export const divBackward: BackwardRule = (context) => {
  const g = outputGradient(context);
  const [a, b] = [input(context, 0), input(context, 1)];
  const y = context.outputs[0];
  return [
    context.needsGradient[0] ? reduceToShape(div(g, b), a) : null,
    context.needsGradient[1] ? reduceToShape(neg(div(mul(g, y), b)), b) : null,
  ];
};

/**
 * y = a^b: ∂a = g · b · a^(b−1); ∂b = g · y · ln a, defined for a > 0 only (NaN elsewhere, where the
 * real power has no derivative in b). An integer exponent is cast to the base's dtype.
 */
export const powBackward: BackwardRule = (context) => {
  const g = outputGradient(context);
  const [a, b] = [input(context, 0), input(context, 1)];
  const exponent = castTo(b, a.dtype);
  const y = context.outputs[0];
  return [
    context.needsGradient[0] ? reduceToShape(mul(g, mul(exponent, pow(a, sub(exponent, 1)))), a) : null,
    context.needsGradient[1] ? reduceToShape(mul(g, mul(y, log(a))), b) : null,
  ];
};

/** y = −x: ∂x = −g. */
export const negBackward: BackwardRule = (context) => [neg(outputGradient(context))];

/** y = eˣ: ∂x = g · y. */
export const expBackward: BackwardRule = (context) => [mul(outputGradient(context), context.outputs[0])];

/** y = ln x: ∂x = g / x. */
export const logBackward: BackwardRule = (context) => [div(outputGradient(context), input(context, 0))];

/** y = √x: ∂x = g / (2y). */
export const sqrtBackward: BackwardRule = (context) => [
  div(mul(outputGradient(context), 0.5), context.outputs[0]),
];

/** y = |x|: ∂x = g · sign(x) (0 at 0, a subgradient). */
export const absBackward: BackwardRule = (context) => [mul(outputGradient(context), sign(input(context, 0)))];

/** Identity passes the gradient through. */
export const identityBackward: BackwardRule = (context) => [outputGradient(context)];
