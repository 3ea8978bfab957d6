import { InvalidArgumentError } from "@lab/core";
import type { GraphBuilder } from "../graph/builder.js";
import { type Initializer, init, initialize } from "../graph/initializers.js";
import { cast } from "../graph/ops/cast.js";
import { equal, not } from "../graph/ops/compare.js";
import { mul } from "../graph/ops/elementwise.js";
import { gather } from "../graph/ops/indexing.js";
import { unsqueeze } from "../graph/ops/shape-ops.js";
import type { FloatDType, Tensor } from "../graph/tensor.js";
import { checkPositiveInteger, layerScope } from "./linear.js";

export interface EmbeddingOptions {
  /** Scope of the table parameter (`<name>/table`); default a unique "embedding". */
  readonly name?: string;
  /** Initial values of the table (default N(0, 1), as PyTorch's nn.Embedding). */
  readonly init?: Initializer;
  /**
   * An id whose vector is zero and never trained (PyTorch's padding_idx): its row starts at zero
   * and its lookups are masked, so no gradient reaches it.
   */
  readonly paddingIdx?: number;
  readonly dtype?: FloatDType;
}

export function checkIds(ids: Tensor, layer: string): void {
  if (ids.dtype !== "int64" && ids.dtype !== "int32") {
    throw new InvalidArgumentError(`${layer} needs int64 or int32 ids, got ${ids.toString()}`);
  }
}

function checkPaddingIdx(paddingIdx: number | undefined, vocabSize: number): void {
  if (
    paddingIdx !== undefined &&
    !(Number.isSafeInteger(paddingIdx) && paddingIdx >= 0 && paddingIdx < vocabSize)
  ) {
    throw new InvalidArgumentError(`paddingIdx must be an id in [0, ${vocabSize}), got ${paddingIdx}`);
  }
}

/**
 * The [vocabSize, dim] table parameter `table` in the builder's current scope, with the padding row
 * (if any) zeroed after the draw so that the other rows get the same values with or without it.
 */
export function embeddingTable(
  builder: GraphBuilder,
  vocabSize: number,
  dim: number,
  options: Omit<EmbeddingOptions, "name"> = {},
): Tensor {
  checkPositiveInteger(vocabSize, "embedding vocabulary size");
  checkPositiveInteger(dim, "embedding dimension");
  checkPaddingIdx(options.paddingIdx, vocabSize);
  const dtype = options.dtype ?? "float32";
  const initializer = options.init ?? init.normal(0, 1);
  if (options.paddingIdx === undefined)
    return builder.parameter("table", [vocabSize, dim], initializer, { dtype });
  const values = initialize(initializer, [vocabSize, dim], dtype, builder.rng);
  values.fill(0, options.paddingIdx * dim, (options.paddingIdx + 1) * dim);
  return builder.parameter("table", [vocabSize, dim], init.values(values), { dtype });
}

/** True where ids differ from `paddingIdx`, shaped like ids. */
export function isNotPadding(ids: Tensor, paddingIdx: number): Tensor {
  return not(equal(ids, ids.builder.scalar(paddingIdx, ids.dtype)));
}

/** 1 where ids differ from `paddingIdx`, 0 where they equal it, in `dtype`, shaped like ids. */
export function nonPaddingMask(ids: Tensor, paddingIdx: number, dtype: FloatDType): Tensor {
  return cast(isNotPadding(ids, paddingIdx), dtype);
}

/**
 * Looks up one learned vector per id: ids of any shape [...] give [..., dim] (one Gather node).
 * The gradient is a dense table-shaped tensor each step; for large vocabularies prefer a sparse
 * embedding kept in JS memory.
 */
export function embedding(
  ids: Tensor,
  vocabSize: number,
  dim: number,
  options: EmbeddingOptions = {},
): Tensor {
  checkIds(ids, "embedding");
  return layerScope(ids.builder, options.name, "embedding", () => {
    const table = embeddingTable(ids.builder, vocabSize, dim, options);
    const vectors = gather(table, ids);
    if (options.paddingIdx === undefined) return vectors;
    const rank = ids.rank;
    if (rank === null) throw new InvalidArgumentError(`embedding with paddingIdx needs ids of known rank`);
    return mul(
      vectors,
      unsqueeze(nonPaddingMask(ids, options.paddingIdx, table.dtype as FloatDType), [rank]),
    );
  });
}
