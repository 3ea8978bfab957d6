import { InvalidArgumentError } from "@lab/core";
import { formatShape, normalizeAxis } from "../shape.js";
import type { Tensor } from "../tensor.js";
import {
  attr,
  readInt,
  requireFloat,
  requireInput,
  requireSameDType,
  type ShapeInference,
  type TensorType,
} from "./common.js";

/**
 * LayerNormalization (opset 17). Y has X's type; the optional Mean and InvStdDev outputs are
 * float32 whatever X is (the default stash_type), with X's leading dims and ones after `axis`.
 */
export const inferLayerNormalization: ShapeInference = (inputs, attributes, outputCount) => {
  const x = requireInput("LayerNormalization", inputs, 0, "X");
  const scale = requireInput("LayerNormalization", inputs, 1, "Scale");
  const bias = inputs[2] ?? null;
  requireFloat("LayerNormalization", x);
  requireSameDType("LayerNormalization", bias ? [x, scale, bias] : [x, scale]);
  const types: TensorType[] = [{ dtype: x.dtype, shape: x.shape }];
  if (x.shape === null)
    return [...types, ...new Array(outputCount - 1).fill({ dtype: "float32", shape: null })];
  const axis = normalizeAxis(readInt(attributes, "axis", -1), x.shape.length);
  if (scale.shape !== null && scale.shape.length > x.shape.length - axis) {
    throw new InvalidArgumentError(
      `LayerNormalization scale ${formatShape(scale.shape)} has more axes than the normalized ones`,
    );
  }
  const statsShape = x.shape.map((dim, i) => (i < axis ? dim : 1));
  for (let i = 1; i < outputCount; i++) types.push({ dtype: "float32", shape: statsShape });
  return types;
};

export interface LayerNormalizationOptions {
  /** First normalized axis; statistics are over axes axis..rank−1 (default −1, the last). */
  readonly axis?: number;
  readonly epsilon?: number;
}

/** (x − mean) / √(var + ε) · scale + bias over the trailing axes from `axis` (ONNX LayerNormalization). */
export function layerNormalization(
  x: Tensor,
  scale: Tensor,
  bias: Tensor | null = null,
  options: LayerNormalizationOptions = {},
): Tensor {
  const attributes = { axis: attr.int(options.axis ?? -1), epsilon: attr.float(options.epsilon ?? 1e-5) };
  return x.builder.node("LayerNormalization", bias ? [x, scale, bias] : [x, scale], attributes)[0];
}
