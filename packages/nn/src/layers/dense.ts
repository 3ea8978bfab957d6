import type { Tensor } from "../graph/tensor.js";
import { type Activation, applyActivation } from "./activation.js";
import { affine, type LinearOptions, layerScope } from "./linear.js";

export interface DenseOptions extends LinearOptions {
  /** Applied after the affine map (default "linear": none). */
  readonly activation?: Activation;
}

/**
 * A fully connected layer with an activation, as Keras' Dense: activation(x · W + b). Parameters are
 * `<name>/weight` and `<name>/bias` (default name a unique "dense").
 */
export function dense(x: Tensor, units: number, options: DenseOptions = {}): Tensor {
  return layerScope(x.builder, options.name, "dense", () =>
    applyActivation(affine(x, units, options), options.activation ?? "linear"),
  );
}
