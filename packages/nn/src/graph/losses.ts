import { InvalidArgumentError } from "@lab/core";
import { logSoftmax, relu } from "./ops/activations.js";
import { cast } from "./ops/cast.js";
import { equal, not } from "./ops/compare.js";
import { add, div, exp, log, mul, neg, sub } from "./ops/elementwise.js";
import { reduceMean, reduceSum } from "./ops/reduce.js";
import { reshape, unsqueeze } from "./ops/shape-ops.js";
import { formatShape } from "./shape.js";
import { isFloatDType, Tensor } from "./tensor.js";

/** How per-element losses become the result: their mean (default), their sum, or left as they are. */
export type Reduction = "mean" | "sum" | "none";

export interface SoftmaxCrossEntropyOptions {
  /** Per-class weights (length C), as PyTorch's `weight`. */
  readonly classWeights?: readonly number[] | Tensor;
  /** Targets equal to this contribute neither loss nor weight (PyTorch's ignore_index, default none). */
  readonly ignoreIndex?: number;
  readonly reduction?: Reduction;
}

function reduce(losses: Tensor, reduction: Reduction): Tensor {
  switch (reduction) {
    case "mean":
      return reduceMean(losses, undefined, { keepDims: false });
    case "sum":
      return reduceSum(losses, undefined, { keepDims: false });
    case "none":
      return losses;
  }
}

function checkReduction(reduction: string): Reduction {
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "none") {
    throw new InvalidArgumentError(`reduction must be "mean", "sum" or "none", got "${reduction}"`);
  }
  return reduction;
}

/**
 * Cross-entropy of class logits [N, C, d1, ...] against integer targets [N, d1, ...], as PyTorch's
 * CrossEntropyLoss: loss_i = −w[y_i] · log softmax(x_i)[y_i]; "mean" divides the sum by Σ w[y_i]
 * over the targets not ignored (so it is NaN when every target is ignored, as in PyTorch). Targets
 * outside [0, C) select no class and so contribute nothing (PyTorch raises instead).
 *
 * Built from LogSoftmax and a one-hot mask (Equal against the class indices) rather than a Gather,
 * so that its gradient, softmax − one-hot scaled by the weights, needs no scatter.
 */
export function softmaxCrossEntropy(
  logits: Tensor,
  targets: Tensor,
  options: SoftmaxCrossEntropyOptions = {},
): Tensor {
  const reduction = checkReduction(options.reduction ?? "mean");
  if (!isFloatDType(logits.dtype))
    throw new InvalidArgumentError(`logits must be float, got ${logits.toString()}`);
  if (logits.shape === null || logits.shape.length < 2) {
    throw new InvalidArgumentError(`logits must have shape [N, C, ...], got ${logits.toString()}`);
  }
  const classCount = logits.shape[1];
  if (typeof classCount !== "number") {
    throw new InvalidArgumentError(
      `the class axis (1) of the logits must have a fixed size, got ${formatShape(logits.shape)}`,
    );
  }
  if (targets.dtype !== "int64" && targets.dtype !== "int32") {
    throw new InvalidArgumentError(`targets must be int64 or int32 class indices, got ${targets.toString()}`);
  }
  if (targets.rank !== null && targets.rank !== logits.shape.length - 1) {
    throw new InvalidArgumentError(
      `targets ${targets.toString()} must have the logits' shape without the class axis`,
    );
  }
  const builder = logits.builder;
  const rank = logits.shape.length;
  const trailingOnes = new Array(rank - 2).fill(1);
  const labels = unsqueeze(targets.dtype === "int64" ? targets : cast(targets, "int64"), [1]);
  const classes = builder.constant(
    Array.from({ length: classCount }, (_, i) => i),
    "int64",
    [1, classCount, ...trailingOnes],
    "class_indices",
  );
  let selection = cast(equal(labels, classes), logits.dtype);
  if (options.classWeights !== undefined) {
    let weights: Tensor;
    if (options.classWeights instanceof Tensor) {
      weights = reshape(options.classWeights, [1, classCount, ...trailingOnes]);
    } else {
      if (options.classWeights.length !== classCount) {
        throw new InvalidArgumentError(
          `classWeights needs ${classCount} values, got ${options.classWeights.length}`,
        );
      }
      weights = builder.constant(
        options.classWeights,
        logits.dtype,
        [1, classCount, ...trailingOnes],
        "class_weights",
      );
    }
    selection = mul(selection, weights);
  }
  const ignoreIndex = options.ignoreIndex;
  if (ignoreIndex !== undefined && ignoreIndex >= 0 && ignoreIndex < classCount) {
    // An ignored index that is also a class would otherwise be selected by the one-hot mask.
    const kept = cast(not(equal(labels, builder.scalar(ignoreIndex, "int64"))), logits.dtype);
    selection = mul(selection, kept);
  }
  const losses = neg(reduceSum(mul(selection, logSoftmax(logits, 1)), [1], { keepDims: false }));
  if (reduction === "none") return losses;
  const total = reduceSum(losses, undefined, { keepDims: false });
  if (reduction === "sum") return total;
  return div(total, reduceSum(selection, undefined, { keepDims: false }));
}

/**
 * Binary cross-entropy of logits x against targets y in [0, 1], as PyTorch's BCEWithLogitsLoss, in
 * the stable form max(x, 0) − x·y + log(1 + e^−|x|): e^−|x| never overflows.
 *
 * −|x| is written x − 2·max(x, 0): the same value, but its derivative at exactly x = 0 (zero logits
 * are common, e.g. from a zero-initialized head) makes the total derivative sigmoid(0) − y = 0.5 − y.
 * Through Abs it would be −y, because Relu and Abs both take derivative 0 at 0.
 */
export function binaryCrossEntropyWithLogits(
  logits: Tensor,
  targets: Tensor,
  options: { reduction?: Reduction } = {},
): Tensor {
  const reduction = checkReduction(options.reduction ?? "mean");
  if (!isFloatDType(logits.dtype) || targets.dtype !== logits.dtype) {
    throw new InvalidArgumentError(
      `logits and targets must be float tensors of one dtype, got ${logits.toString()} and ${targets.toString()}`,
    );
  }
  const positivePart = relu(logits);
  const minusAbs = sub(logits, mul(positivePart, 2));
  const losses = add(sub(positivePart, mul(logits, targets)), log(add(exp(minusAbs), 1)));
  return reduce(losses, reduction);
}

/** Squared error (prediction − target)², averaged by default, as PyTorch's MSELoss. */
export function meanSquaredError(
  predictions: Tensor,
  targets: Tensor,
  options: { reduction?: Reduction } = {},
): Tensor {
  const reduction = checkReduction(options.reduction ?? "mean");
  if (!isFloatDType(predictions.dtype) || targets.dtype !== predictions.dtype) {
    throw new InvalidArgumentError(
      `predictions and targets must be float tensors of one dtype, got ${predictions.toString()} and ${targets.toString()}`,
    );
  }
  const difference = sub(predictions, targets);
  return reduce(mul(difference, difference), reduction);
}
