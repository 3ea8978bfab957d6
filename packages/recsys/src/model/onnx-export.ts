import { writeFileAtomic } from "@lab/core";
import { add, GraphBuilder, gather, type ModelIR, matMul, serializeModel } from "@lab/nn";
import type { FactorModel } from "./factor-model.js";
import type { Recommender } from "./recommender.js";

/** Metadata key holding the JSON description of an exported scoring model. */
export const RECSYS_METADATA_KEY = "lab.recsys";

export interface ScoringModelMetadata {
  readonly method: string;
  readonly k: number;
  readonly users: number;
  readonly items: number;
  /** Raw user id of each dense user index (the graph's `user` input takes dense indices). */
  readonly userIds: readonly number[] | null;
  /** Raw item id of each column of the `scores` output. */
  readonly itemIds: readonly number[] | null;
}

/**
 * The inference graph of a trained factor model: `user` (int64 dense indices, [batch]) ->
 * `scores` (float32, [batch, items]) = μ + b_u + b_i + u·Vᵀ (μ and the biases only for biased MF).
 * Factors are stored as float32 initializers, so scores match the float64 model to about 1e-5
 * relative.
 */
export function buildScoringModel(
  model: FactorModel,
  ids: { userIds?: ArrayLike<number>; itemIds?: ArrayLike<number> } = {},
): ModelIR {
  const { k, users, items } = model;
  const builder = new GraphBuilder({ name: "recsys_scores" });
  const user = builder.input("user", "int64", ["batch"]);
  const userFactors = builder.constant(
    Float32Array.from(model.userFactors),
    "float32",
    [users, k],
    "user_factors",
  );
  // Vᵀ is stored transposed so that scoring is one MatMul without a Transpose node.
  const itemFactorsT = new Float32Array(k * items);
  for (let item = 0; item < items; item++) {
    for (let f = 0; f < k; f++) itemFactorsT[f * items + item] = model.itemFactors[item * k + f]!;
  }
  const itemFactors = builder.constant(itemFactorsT, "float32", [k, items], "item_factors_t");
  let scores = matMul(gather(userFactors, user), itemFactors);
  if (model.userBias !== null && model.itemBias !== null) {
    const userBias = builder.constant(Float32Array.from(model.userBias), "float32", [users, 1], "user_bias");
    const itemBias = builder.constant(Float32Array.from(model.itemBias), "float32", [items], "item_bias");
    scores = add(add(scores, gather(userBias, user)), itemBias);
  }
  if (model.globalMean !== 0) scores = add(scores, model.globalMean);
  builder.output(scores, "scores");
  const metadata: ScoringModelMetadata = {
    method: model.method,
    k,
    users,
    items,
    userIds: ids.userIds ? Array.from(ids.userIds) : null,
    itemIds: ids.itemIds ? Array.from(ids.itemIds) : null,
  };
  return builder.toModel({ metadata: { [RECSYS_METADATA_KEY]: JSON.stringify(metadata) } });
}

/** Writes a recommender's scoring graph as an ONNX file (atomically), with its raw id maps. */
export async function exportRecommenderOnnx(path: string, recommender: Recommender): Promise<void> {
  const model = buildScoringModel(recommender.model, {
    userIds: recommender.users.ids,
    itemIds: recommender.items.ids,
  });
  await writeFileAtomic(path, serializeModel(model));
}
