import { InvalidArgumentError } from "@lab/core";
import type { GraphBuilder } from "../graph/builder.js";
import { mul } from "../graph/ops/elementwise.js";
import { gather } from "../graph/ops/indexing.js";
import { unsqueeze } from "../graph/ops/shape-ops.js";
import type { FloatDType, Tensor } from "../graph/tensor.js";
import { checkIds, type EmbeddingOptions, embeddingTable, nonPaddingMask } from "./embedding.js";
import { layerScope } from "./linear.js";

/** How the trainer serves one sparse embedding: which graph values carry its rows and ids. */
export interface SparseEmbeddingSpec {
  /** The table parameter, e.g. "words/table": [vocabSize, dim], in the eval graph and the export. */
  readonly table: string;
  readonly vocabSize: number;
  readonly dim: number;
  readonly dtype: FloatDType;
  /** The data input holding the batch's (global) ids. */
  readonly ids: string;
  /** Training graph input: for each id of the batch, the index of its row in `rows`. */
  readonly localIds: string;
  /** Training graph input: the distinct rows the batch uses, [count, dim]. */
  readonly rows: string;
}

const registry = new WeakMap<GraphBuilder, SparseEmbeddingSpec[]>();

/** The sparse embeddings a model created on `builder`, in creation order. */
export function sparseEmbeddingsOf(builder: GraphBuilder): readonly SparseEmbeddingSpec[] {
  return registry.get(builder) ?? [];
}

/**
 * An embedding whose table the trainer keeps in JS memory and updates sparsely (see
 * SparseOptimizer), as PyTorch's Embedding(sparse=True): a training step costs the rows a batch
 * uses, not the whole table. `ids` must be a graph input (the batch's ids as stored in the data).
 *
 * In a training graph the table is not in the graph: the trainer feeds the distinct rows the batch
 * uses (`<table>/rows`) and each id's index among them (`<table>/local_ids`), and fetches the rows'
 * gradients. In an eval graph (and so in the export) it is an ordinary table parameter read by one
 * Gather, so inference needs nothing special.
 */
export function sparseEmbedding(
  ids: Tensor,
  vocabSize: number,
  dim: number,
  options: EmbeddingOptions = {},
): Tensor {
  checkIds(ids, "sparseEmbedding");
  const builder = ids.builder;
  if (builder.producerOf(ids) !== undefined || !builder.inputs.includes(ids)) {
    throw new InvalidArgumentError(`sparseEmbedding needs ids that are a graph input, got ${ids.toString()}`);
  }
  if (ids.shape === null || ids.shape.some((dim) => dim === null)) {
    throw new InvalidArgumentError(`sparseEmbedding needs ids of known shape, got ${ids.toString()}`);
  }
  return layerScope(builder, options.name, "sparse_embedding", () => {
    // Created in both modes, so both draw the same initial values and name the table alike.
    const table = embeddingTable(builder, vocabSize, dim, options);
    const dtype = table.dtype as FloatDType;
    let vectors: Tensor;
    if (builder.training) {
      const spec: SparseEmbeddingSpec = {
        table: table.name,
        vocabSize,
        dim,
        dtype,
        ids: ids.name,
        localIds: `${table.name}/local_ids`,
        rows: `${table.name}/rows`,
      };
      const rows = builder.input(spec.rows, dtype, [`${table.name}/row_count`, dim]);
      const localIds = builder.input(spec.localIds, "int64", ids.shape as readonly (number | string)[]);
      vectors = gather(rows, localIds);
      const list = registry.get(builder);
      if (list) list.push(spec);
      else registry.set(builder, [spec]);
    } else {
      vectors = gather(table, ids);
    }
    if (options.paddingIdx === undefined) return vectors;
    // Masking by the global ids keeps the padding row's gradient at zero, as in `embedding`.
    return mul(vectors, unsqueeze(nonPaddingMask(ids, options.paddingIdx, dtype), [ids.rank!]));
  });
}
