export { ACTIVATIONS, type Activation, applyActivation } from "./activation.js";
export { type DenseOptions, dense } from "./dense.js";
export { type EmbeddingOptions, embedding, embeddingTable } from "./embedding.js";
export {
  type BagMode,
  bagOfVectors,
  type EmbeddingBagOptions,
  embeddingBag,
  embeddingBagOffsets,
} from "./embedding-bag.js";
export {
  gradcheckLayers,
  LAYER_GRADCHECK_CASES,
  type LayerGradcheckCase,
  type LayerGradcheckResult,
} from "./gradcheck-cases.js";
export { type LayerNormOptions, layerNorm } from "./layer-norm.js";
export { type LinearOptions, linear, type WeightInit, weightInitializer } from "./linear.js";
export { type LstmOptions, type LstmResult, lstm } from "./lstm.js";
export { type MlpBlock, type MlpOptions, mlp } from "./mlp.js";
export { type SparseEmbeddingSpec, sparseEmbedding, sparseEmbeddingsOf } from "./sparse-embedding.js";
