import { InvalidArgumentError } from "@lab/core";
import { cast, clip } from "../graph/ops/cast.js";
import { and, greaterOrEqual, less } from "../graph/ops/compare.js";
import { div, mul } from "../graph/ops/elementwise.js";
import { gather } from "../graph/ops/indexing.js";
import { matMul } from "../graph/ops/matmul.js";
import { reduceMean, reduceSum } from "../graph/ops/reduce.js";
import { concat, range, reshape, sizeOf, slice, unsqueeze } from "../graph/ops/shape-ops.js";
import { type FloatDType, isFloatDType, type Tensor } from "../graph/tensor.js";
import {
  checkIds,
  type EmbeddingOptions,
  embeddingTable,
  isNotPadding,
  nonPaddingMask,
} from "./embedding.js";
import { layerScope } from "./linear.js";

/** How the vectors of one bag combine (PyTorch's EmbeddingBag modes, without "max"). */
export type BagMode = "mean" | "sum";

export interface EmbeddingBagOptions extends EmbeddingOptions {
  /** Default "mean". An empty bag gives a zero vector in both modes, as in PyTorch. */
  readonly mode?: BagMode;
  /**
   * For padded ids: which positions belong to the bag, [batch, length] of 1 (in) and 0 (out), in the
   * table's dtype. Without it, positions holding `paddingIdx` are out and all others in.
   */
  readonly mask?: Tensor;
}

function checkMode(mode: string): BagMode {
  if (mode !== "mean" && mode !== "sum")
    throw new InvalidArgumentError(`bag mode must be "mean" or "sum", got "${mode}"`);
  return mode;
}

/**
 * Combines vectors [batch, length, dim] into one per row, over the positions where `mask`
 * [batch, length] is 1: their sum, or their mean (sum / max(count, 1)).
 */
export function bagOfVectors(vectors: Tensor, mask: Tensor | null, mode: BagMode): Tensor {
  if (vectors.rank !== 3)
    throw new InvalidArgumentError(`bag vectors must be [batch, length, dim], got ${vectors.toString()}`);
  if (mask === null) {
    return mode === "sum"
      ? reduceSum(vectors, [1], { keepDims: false })
      : reduceMean(vectors, [1], { keepDims: false });
  }
  const summed = reduceSum(mul(vectors, unsqueeze(mask, [2])), [1], { keepDims: false });
  if (mode === "sum") return summed;
  const counts = clip(reduceSum(mask, [1], { keepDims: true }), 1);
  return div(summed, counts);
}

/**
 * One vector per row of padded ids [batch, length]: the sum or mean of the looked-up vectors over
 * the row's positions that are in the bag (see {@link EmbeddingBagOptions.mask}); [batch, dim].
 * Parameter `<name>/table` (default name a unique "embedding_bag").
 */
export function embeddingBag(
  ids: Tensor,
  vocabSize: number,
  dim: number,
  options: EmbeddingBagOptions = {},
): Tensor {
  checkIds(ids, "embeddingBag");
  if (ids.rank !== 2)
    throw new InvalidArgumentError(`embeddingBag needs ids [batch, length], got ${ids.toString()}`);
  const mode = checkMode(options.mode ?? "mean");
  return layerScope(ids.builder, options.name, "embedding_bag", () => {
    const table = embeddingTable(ids.builder, vocabSize, dim, options);
    const dtype = table.dtype as FloatDType;
    let mask: Tensor | null = options.mask ?? null;
    if (mask !== null && (!isFloatDType(mask.dtype) || mask.dtype !== dtype)) {
      throw new InvalidArgumentError(`embeddingBag mask must be ${dtype} 0/1 values, got ${mask.toString()}`);
    }
    if (mask === null && options.paddingIdx !== undefined)
      mask = nonPaddingMask(ids, options.paddingIdx, dtype);
    return bagOfVectors(gather(table, ids), mask, mode);
  });
}

/**
 * PyTorch's EmbeddingBag(input, offsets) form: `ids` [count] hold all bags one after another and
 * `offsets` [batch] (int64) the start of each bag in them; [batch, dim] results.
 *
 * The bags are summed as one MatMul of a [batch, count] 0/1 membership matrix (position p is in bag
 * b when offsets[b] <= p < offsets[b + 1]) with the looked-up vectors, so the gradient is the MatMul
 * rule's and needs no segment-sum op.
 */
export function embeddingBagOffsets(
  ids: Tensor,
  offsets: Tensor,
  vocabSize: number,
  dim: number,
  options: Omit<EmbeddingBagOptions, "mask"> = {},
): Tensor {
  checkIds(ids, "embeddingBagOffsets");
  if (ids.rank !== 1)
    throw new InvalidArgumentError(`embeddingBagOffsets needs 1-D ids, got ${ids.toString()}`);
  if (offsets.dtype !== "int64" || offsets.rank !== 1) {
    throw new InvalidArgumentError(`offsets must be 1-D int64, got ${offsets.toString()}`);
  }
  const mode = checkMode(options.mode ?? "mean");
  const builder = ids.builder;
  return layerScope(builder, options.name, "embedding_bag", () => {
    const table = embeddingTable(builder, vocabSize, dim, options);
    const dtype = table.dtype as FloatDType;
    const count = sizeOf(ids);
    const positions = unsqueeze(range(builder.scalar(0, "int64"), count, builder.scalar(1, "int64")), [0]);
    const ends = concat([slice(offsets, [1], [Number.MAX_SAFE_INTEGER], [0]), reshape(count, [1])], 0);
    let inBag = and(
      greaterOrEqual(positions, unsqueeze(offsets, [1])),
      less(positions, unsqueeze(ends, [1])),
    );
    if (options.paddingIdx !== undefined) {
      // Padding ids are left out of the sum and of the mean's count, as PyTorch does.
      inBag = and(inBag, isNotPadding(unsqueeze(ids, [0]), options.paddingIdx));
    }
    const membership = cast(inBag, dtype);
    const summed = matMul(membership, gather(table, ids));
    if (mode === "sum") return summed;
    return div(summed, clip(reduceSum(membership, [1], { keepDims: true }), 1));
  });
}
