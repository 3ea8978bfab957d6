export { type Deduplication, deduplicate } from "./deduplicate.js";
export { type KFoldOptions, kFold } from "./k-fold.js";
export type { PartitionOptions } from "./partition.js";
export { type SplitOptions, splitIndices } from "./split-indices.js";
export { take } from "./take.js";
export { type TrainTestIndices, type TrainTestSplitOptions, trainTestSplit } from "./train-test-split.js";
