export * from "./cluster/index.js";
export {
  downloadTieRank,
  ModelCatalog,
  ModelDirectory,
  suggestIds,
  UnknownModelError,
} from "./data/catalog.js";
export { EMBEDDED_TASKS_VERSION, embeddedCatalog, embeddedRecords } from "./data/embedded.js";
export {
  HUB_URL,
  type HubCatalog,
  type HubCatalogOptions,
  type HubQuery,
  loadHubCatalog,
  recordFromHubEntry,
  retryDelay,
  retryingFetch,
} from "./data/hub.js";
export { loadCsvCatalog, loadDefaultCatalog } from "./data/load.js";
export {
  baseModelsFromTags,
  familyOf,
  type ModelRecord,
  namespaceOf,
  recordFromCsvRow,
} from "./data/record.js";
export { compareCodePoints, editDistance } from "./data/strings.js";
export {
  type SyntheticCatalogOptions,
  syntheticCatalog,
  syntheticCsv,
  syntheticRecords,
} from "./data/synthetic.js";
export {
  type Evaluation,
  type EvaluationOptions,
  evaluateRecommenders,
  isRelevant,
  type MethodScore,
  type MethodSpec,
  overlapTable,
  precisionTable,
  STANDARD_METHODS,
} from "./evaluate/evaluate.js";
export { ONE_HOT_FIELDS, type OneHotFeatures, type OneHotField, oneHotFeatures } from "./features/one-hot.js";
export { soupOf, soupText } from "./features/soup.js";
export { tokenize } from "./features/tokenize.js";
export {
  buildVocabulary,
  countMatrix,
  documentFrequencies,
  inverseDocumentFrequency,
  TextVectorizer,
  tfidfWeights,
  type Vocabulary,
  vocabularyOf,
  type Weighting,
} from "./features/vectorizer.js";
export { crc32 } from "./index-file/crc32.js";
export {
  decodeIndex,
  encodeIndex,
  INDEX_MAGIC,
  INDEX_VERSION,
  readIndexFile,
  writeIndexFile,
} from "./index-file/index-file.js";
export {
  CLUSTER_METHODS,
  Clustering,
  type ClusterMethod,
  type ClusterSettings,
  clusterRows,
  type DbscanSettings,
  DEFAULT_CLUSTER_SETTINGS,
  type HierarchicalSettings,
  type KMeansSettings,
  resolveClusterSettings,
} from "./recommend/clustering.js";
export {
  buildFeatures,
  FEATURE_SETS,
  type FeatureSet,
  featureMatrix,
  type RecommenderFeatures,
} from "./recommend/features.js";
export {
  DEFAULT_FEATURES,
  HfRecommender,
  type HfRecommenderOptions,
  RECOMMEND_METHODS,
  type Recommendation,
  type RecommendationList,
  type RecommendMethod,
  type RecommendOptions,
  type SearchOptions,
  type SearchResult,
} from "./recommend/recommender.js";
export {
  buildHfRecommenderReport,
  type ReproduceOptions,
  type ReproduceReport,
  SEED_QUERIES,
  SEED_SEARCH,
} from "./reproduce.js";
