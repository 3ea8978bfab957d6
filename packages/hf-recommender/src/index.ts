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
  buildFeatures,
  FEATURE_SETS,
  type FeatureSet,
  featureMatrix,
  type RecommenderFeatures,
} from "./recommend/features.js";
