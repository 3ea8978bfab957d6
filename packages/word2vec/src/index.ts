export {
  type Corpus,
  DEFAULT_EXCERPT_CHAPTERS,
  mobyDickCorpus,
  PLANTED_CLASSES,
  type PlantedCorpus,
  plantedCorpus,
} from "./corpus.js";
export {
  buildHuffmanTree,
  codeLengths,
  expectedCodeLength,
  type HuffmanTree,
  huffmanCode,
} from "./huffman.js";
export { formatFloat32, parseFloatToken } from "./io/float-text.js";
export {
  decodeWord2VecBinary,
  detectVectorFormat,
  encodeWord2VecBinary,
  formatWord2VecText,
  parseWord2VecText,
  readWord2Vec,
  type VectorFileFormat,
  writeWord2Vec,
} from "./io/word2vec-format.js";
export {
  checkModelDirectory,
  loadModel,
  MODEL_FILES,
  type ModelMetadata,
  type SaveModelOptions,
  saveModel,
  type TrainedModel,
} from "./model-dir.js";
export {
  buildLookupModel,
  exportLookupOnnx,
  LOOKUP_NAMES,
  lookupVocabulary,
  lookupWithOnnx,
  WORD2VEC_METADATA_KEY,
} from "./onnx-export.js";
export {
  flattenSentences,
  generateTrainingPairs,
  type TrainingPairOptions,
  type TrainingPairs,
} from "./pairs.js";
export { mostFrequentWords, type WordMap, type WordMapOptions, wordMap } from "./plot.js";
export {
  buildWord2VecReport,
  type PairPatterns,
  type Word2VecReport,
  type Word2VecReportOptions,
} from "./reproduce.js";
export {
  type InputEncoding,
  SOFTMAX_DEFAULT_LEARNING_RATE,
  SOFTMAX_NETWORK_NAMES,
  type SoftmaxNetwork,
  type SoftmaxNetworkOptions,
  softmaxNetworkModel,
  trainSoftmaxNetwork,
} from "./softmax/network.js";
export {
  createTokenizer,
  type SentenceOptions,
  type TokenizeOptions,
  tokenize,
  tokenizeSentences,
} from "./text.js";
export * from "./train/index.js";
export {
  balancedTree,
  type CodeTree,
  huffmanTree,
  parseFrequencies,
  SET5_PROBLEM_3B_FREQUENCIES,
} from "./trees.js";
export {
  boundedEditDistance,
  type PairMode,
  type SimilarWord,
  UnknownWordError,
  type WordPair,
  WordVectors,
} from "./vectors.js";
export {
  buildVocabulary,
  encodeTokens,
  type Vocabulary,
  type VocabularyOptions,
  vocabularyFromCounts,
} from "./vocab.js";
export {
  type TrainingMethod,
  type TrainWord2VecOptions,
  trainWord2Vec,
  type Word2VecResult,
} from "./word2vec.js";
