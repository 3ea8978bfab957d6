import { init } from "../graph/initializers.js";
import { layerNormalization } from "../graph/ops/normalization.js";
import type { Tensor } from "../graph/tensor.js";
import { featureSize, layerScope } from "./linear.js";

export interface LayerNormOptions {
  /** Scope of the layer's parameters (`<name>/scale`, `<name>/bias`); default a unique "layer_norm". */
  readonly name?: string;
  /** Added to the variance; default 1e-5 (PyTorch; Keras uses 1e-3). */
  readonly epsilon?: number;
  /** Learn a scale and a bias (default true); without them the output is only normalized. */
  readonly affine?: boolean;
}

/**
 * Normalizes the last axis of x to zero mean and unit variance, then applies a learned per-feature
 * scale (initialized to 1) and bias (0), as PyTorch's LayerNorm(features) and Keras'
 * LayerNormalization(). One ONNX LayerNormalization node.
 */
export function layerNorm(x: Tensor, options: LayerNormOptions = {}): Tensor {
  const { dtype, features } = featureSize(x, "layerNorm");
  const builder = x.builder;
  return layerScope(builder, options.name, "layer_norm", () => {
    const epsilon = options.epsilon ?? 1e-5;
    if (options.affine === false) {
      // ONNX requires a scale input; a constant of ones is not trained.
      const ones = builder.constant(new Array(features).fill(1), dtype, [features], "scale");
      return layerNormalization(x, ones, null, { axis: -1, epsilon });
    }
    const scale = builder.parameter("scale", [features], init.ones(), { dtype });
    const bias = builder.parameter("bias", [features], init.zeros(), { dtype });
    return layerNormalization(x, scale, bias, { axis: -1, epsilon });
  });
}
