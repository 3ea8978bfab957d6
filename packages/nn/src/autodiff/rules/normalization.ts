import { readFloat, readInt } from "../../graph/ops/common.js";
import { add, div, mul, sqrt, sub } from "../../graph/ops/elementwise.js";
import { reduceMean } from "../../graph/ops/reduce.js";
import { normalizeAxis } from "../../graph/shape.js";
import { reduceToShape, requireRank } from "../helpers.js";
import { type BackwardRule, input, outputGradient } from "../rule.js";

/**
 * y = x̂ · scale + bias with x̂ = (x − μ) · r, r = 1/√(σ² + ε), statistics over the axes from `axis`.
 * With ĝ = g · scale: ∂x = r · (ĝ − mean(ĝ) − x̂ · mean(ĝ · x̂)); ∂scale = Σ g · x̂ and ∂bias = Σ g over
 * the leading axes (and any axes scale was broadcast along).
 *
 * μ and r are recomputed here rather than taken from the op's Mean and InvStdDev outputs, which
 * opset 17 makes float32 even for float64 inputs and would cap the gradient's precision.
 */
export const layerNormalizationBackward: BackwardRule = (context) => {
  const x = input(context, 0);
  const scale = input(context, 1);
  const bias = context.inputs[2] ?? null;
  const g = outputGradient(context);
  const rank = requireRank(x, "LayerNormalization");
  const axis = normalizeAxis(readInt(context.node.attributes, "axis", -1), rank);
  const epsilon = readFloat(context.node.attributes, "epsilon", 1e-5);
  const normalized = Array.from({ length: rank - axis }, (_, i) => axis + i);
  const centered = sub(x, reduceMean(x, normalized));
  const inverseStd = div(1, sqrt(add(reduceMean(mul(centered, centered), normalized), epsilon)));
  const xHat = mul(centered, inverseStd);
  let gradX = null;
  if (context.needsGradient[0]) {
    const gHat = mul(g, scale);
    const meanGHat = reduceMean(gHat, normalized);
    const meanGHatXHat = reduceMean(mul(gHat, xHat), normalized);
    gradX = mul(inverseStd, sub(sub(gHat, meanGHat), mul(xHat, meanGHatXHat)));
  }
  return [
    gradX,
    context.needsGradient[1] ? reduceToShape(mul(g, xHat), scale) : null,
    bias && context.needsGradient[2] ? reduceToShape(g, bias) : null,
  ];
};
