import { InvalidArgumentError } from "@lab/core";
import { dropout, gaussianNoise } from "../graph/ops/noise.js";
import type { Tensor } from "../graph/tensor.js";
import { type Activation, applyActivation } from "./activation.js";
import { dense } from "./dense.js";
import { layerNorm } from "./layer-norm.js";
import type { WeightInit } from "./linear.js";

/**
 * One block of a multilayer perceptron, applied in order by {@link mlp}. Dropout and Gaussian noise
 * act only when the graph is built for training (`GraphBuilder({ training: true })`); in an eval
 * graph they add no node, so the eval graph of the same block list is the inference model.
 */
export type MlpBlock =
  | {
      readonly kind: "dense";
      readonly units: number;
      readonly activation?: Activation;
      readonly init?: WeightInit;
      readonly bias?: boolean;
    }
  | { readonly kind: "activation"; readonly activation: Activation }
  | { readonly kind: "layerNorm"; readonly epsilon?: number }
  /** Zeroes each value with probability `rate` and scales the rest by 1 / (1 − rate). */
  | { readonly kind: "dropout"; readonly rate: number }
  /** Adds N(0, std²) noise to each value. */
  | { readonly kind: "gaussianNoise"; readonly std: number };

export interface MlpOptions {
  /** Scope prefix of the blocks' parameters (default "mlp"); blocks are `<name>/<kind>_<index>`. */
  readonly name?: string;
}

/**
 * Applies `blocks` to x in order, like Keras' Sequential. Parameter names are stable and readable,
 * e.g. `mlp/dense_0/weight`, so the training and eval graphs (and a reloaded model) agree on them.
 */
export function mlp(x: Tensor, blocks: readonly MlpBlock[], options: MlpOptions = {}): Tensor {
  const builder = x.builder;
  return builder.scope(options.name ?? "mlp", () => {
    let h = x;
    blocks.forEach((block, index) => {
      const name = `${block.kind}_${index}`;
      switch (block.kind) {
        case "dense":
          h = dense(h, block.units, {
            name,
            activation: block.activation,
            init: block.init,
            bias: block.bias,
          });
          return;
        case "activation":
          h = applyActivation(h, block.activation);
          return;
        case "layerNorm":
          h = layerNorm(h, { name, epsilon: block.epsilon });
          return;
        case "dropout":
          h = dropout(h, block.rate, `${name}/mask`);
          return;
        case "gaussianNoise":
          h = gaussianNoise(h, block.std, `${name}/noise`);
          return;
        default:
          throw new InvalidArgumentError(`unknown MLP block kind "${(block as { kind: string }).kind}"`);
      }
    });
    return h;
  });
}
