// The word2vec training engine: Hogwild skip-gram / CBOW with negative sampling or hierarchical
// softmax, on a WebAssembly SIMD kernel with a TypeScript reference. The package's high-level
// trainWord2Vec (word2vec.ts) builds the vocabulary and calls trainEncodedCorpus.
export { predictionLoss } from "./gradient.js";
export type { TrainingData, TrainingStats, Word2VecTrainOptions } from "./options.js";
export { learningRate, type TrainingCorpus } from "./plan.js";
export type { Word2VecMethod, Word2VecModel } from "./setup.js";
export {
  keepThresholds,
  type NegativeSampler,
  negativeSampler,
  type SigmoidTables,
  sigmoidTables,
} from "./tables.js";
export { trainWord2Vec as trainEncodedCorpus, type Word2VecTrainResult } from "./train.js";
