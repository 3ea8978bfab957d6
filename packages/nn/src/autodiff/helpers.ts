import { InvalidArgumentError } from "@lab/core";
import { cast } from "../graph/ops/cast.js";
import { equal } from "../graph/ops/compare.js";
import { sum } from "../graph/ops/elementwise.js";
import { nonZero } from "../graph/ops/indexing.js";
import { reduceSum } from "../graph/ops/reduce.js";
import { concat, constantOfShape, reshape, shapeOf, sizeOf, squeeze } from "../graph/ops/shape-ops.js";
import { sameDim, staticDims } from "../graph/shape.js";
import type { Tensor } from "../graph/tensor.js";

/** The dims of `x` as an int64 vector: a constant when the shape is static, else a Shape node. */
export function shapeTensor(x: Tensor): Tensor {
  const dims = staticDims(x.shape);
  return dims === null ? shapeOf(x) : x.builder.int64s(dims, "shape");
}

/** A tensor of zeros (or another value) with the shape and dtype of `x`. */
export function filledLike(x: Tensor, value: number): Tensor {
  if (x.shape !== null && x.shape.length === 0) return x.builder.scalar(value, x.dtype);
  return constantOfShape(shapeTensor(x), value, x.dtype);
}

export const zerosLike = (x: Tensor): Tensor => filledLike(x, 0);
export const onesLike = (x: Tensor): Tensor => filledLike(x, 1);

/** The known rank of `x`, or an error naming the op whose backward rule needs it. */
export function requireRank(x: Tensor, op: string): number {
  if (x.rank === null) {
    throw new InvalidArgumentError(
      `the gradient of ${op} needs the rank of ${x.name}, which shape inference could not tell`,
    );
  }
  return x.rank;
}

/** Sum of gradient contributions (one ONNX Sum for several). */
export function sumContributions(contributions: readonly Tensor[]): Tensor {
  return contributions.length === 1 ? contributions[0] : sum(...contributions);
}

/**
 * The axes of `gradient` (the broadcast result's shape) to sum so that it takes `target`'s shape, when
 * shapes tell: `leading` are the axes target lacks, `ones` the axes where target has size 1 and the
 * result may not. Null when a symbolic or unknown size leaves it open whether target broadcast there.
 */
export function staticBroadcastAxes(
  gradient: Tensor,
  target: Tensor,
): { leading: number; ones: number[] } | null {
  if (gradient.shape === null || target.shape === null || target.shape.length > gradient.shape.length)
    return null;
  const leading = gradient.shape.length - target.shape.length;
  const ones: number[] = [];
  for (let i = 0; i < target.shape.length; i++) {
    const targetDim = target.shape[i];
    const gradientDim = gradient.shape[leading + i];
    if (targetDim === 1) {
      if (gradientDim !== 1) ones.push(leading + i);
    } else if (!sameDim(targetDim, gradientDim) && typeof targetDim !== "number") {
      // target's size is symbolic or unknown and differs from the result's: it may be 1 at run time.
      return null;
    }
  }
  return { leading, ones };
}

/**
 * Sums `gradient` over the axes along which `target` was broadcast in the forward op, giving a
 * tensor of target's shape. Uses static axes when shapes tell; otherwise it finds them at run time:
 * target's dims left-padded with ones to the gradient's rank, summed where they are 1 (summing a
 * size-1 axis of the gradient too is harmless), then reshaped to target's dims.
 */
export function reduceToShape(gradient: Tensor, target: Tensor): Tensor {
  const axes = staticBroadcastAxes(gradient, target);
  if (axes !== null) {
    const { leading, ones } = axes;
    if (leading === 0 && ones.length === 0) return gradient;
    const all = [...Array.from({ length: leading }, (_, i) => i), ...ones];
    let reduced = reduceSum(gradient, all, { keepDims: true });
    if (leading > 0)
      reduced = squeeze(
        reduced,
        Array.from({ length: leading }, (_, i) => i),
      );
    return reduced;
  }
  const builder = gradient.builder;
  const targetShape = shapeOf(target);
  let padded: Tensor;
  if (gradient.rank !== null && target.rank !== null) {
    const extra = gradient.rank - target.rank;
    padded =
      extra === 0 ? targetShape : concat([builder.int64s(new Array(extra).fill(1), "ones"), targetShape], 0);
  } else {
    // Ranks unknown too: the padding length is rank(gradient) − rank(target), computed.
    const extra = reshape(builder.node("Sub", [sizeOf(shapeOf(gradient)), sizeOf(targetShape)])[0], [1]);
    padded = concat([constantOfShape(extra, 1, "int64"), targetShape], 0);
  }
  const broadcastAxes = reshape(nonZero(equal(padded, builder.scalar(1, "int64"))), [-1]);
  const summed = reduceSum(gradient, broadcastAxes, { keepDims: true, noopWithEmptyAxes: true });
  return reshape(summed, targetShape);
}

/** `x` converted to `dtype` unless it already has it. */
export function castTo(x: Tensor, dtype: Tensor["dtype"]): Tensor {
  return x.dtype === dtype ? x : cast(x, dtype);
}
