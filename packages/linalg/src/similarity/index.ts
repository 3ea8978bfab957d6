export {
  cosine,
  euclidean,
  jaccard,
  jaccardSortedSets,
  type SparseVector,
  toSparseVector,
  type Vector,
} from "./pairwise.js";
export type { SimilarityMetric } from "./search-plan.js";
export {
  type AllPairsTopKOptions,
  allPairsTopK,
  batchTopKSimilar,
  type Neighbours,
  type RowCollection,
  SimilarityIndex,
  type SimilarityIndexOptions,
  type TopKOptions,
  type TopKResult,
  type TopKSimilarOptions,
  topKSimilar,
} from "./top-k.js";
