import { InvalidArgumentError } from "@lab/core";
import { clip } from "../graph/ops/cast.js";
import { add, div, mul, sqrt, sum } from "../graph/ops/elementwise.js";
import { reduceSum } from "../graph/ops/reduce.js";
import type { Tensor } from "../graph/tensor.js";

/**
 * Scales all gradients by one factor so that their joint L2 norm is at most `maxNorm`, as PyTorch's
 * clip_grad_norm_: factor = min(1, maxNorm / (‖g‖ + 1e-6)). Returns the scaled gradients and the
 * norm before clipping (worth logging: a norm that keeps hitting the limit means a too-high rate).
 */
export function clipByGlobalNorm(
  gradients: readonly Tensor[],
  maxNorm: number,
): { gradients: Tensor[]; norm: Tensor } {
  if (!(maxNorm > 0 && Number.isFinite(maxNorm))) {
    throw new InvalidArgumentError(`the gradient norm limit must be a finite number > 0, got ${maxNorm}`);
  }
  if (gradients.length === 0) throw new InvalidArgumentError("clipByGlobalNorm needs at least one gradient");
  const squares = gradients.map((g) => reduceSum(mul(g, g), undefined, { keepDims: false }));
  const norm = sqrt(squares.length === 1 ? squares[0] : sum(...squares));
  const factor = clip(div(maxNorm, add(norm, 1e-6)), undefined, 1);
  return { gradients: gradients.map((g) => mul(g, factor)), norm };
}
