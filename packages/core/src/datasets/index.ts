export { AG_NEWS_CLASSES, type AgNewsRow, type AgNewsSplit, loadAgNews, readAgNewsFile } from "./ag-news.js";
export {
  type ArchiveMember,
  agNewsDefinition,
  alpineLandscapeDefinition,
  DATASET_DEFINITIONS,
  type DatasetDefinition,
  type DatasetName,
  type DatasetSource,
  type DownloadDatasetSource,
  type DownloadSource,
  hfModelsDefinition,
  mobyDickDefinition,
  movieLens100kDefinition,
  type NpmDatasetSource,
  smsSpamDefinition,
  sotuDefinition,
  spamAssassinDefinition,
} from "./definitions.js";
export {
  ChecksumMismatchError,
  type FetchDatasetOptions,
  type FetchFunction,
  fetchDataset,
} from "./fetch.js";
export { HF_MODEL_COLUMNS, type HfModelRecord, loadHfModels, readHfModelsFile } from "./hf-models.js";
export {
  type DatasetLocation,
  type DatasetStatus,
  dataDirectory,
  datasetCachePath,
  datasetCacheRoot,
  datasetFolder,
  datasetPath,
  datasetStatus,
  type LocateOptions,
  loadNpmDataset,
  locateDataset,
  type ResolvedPackage,
  resolveNpmPackage,
} from "./locate.js";
export {
  loadMovieLens100k,
  MOVIELENS_GENRES,
  type MovieLens100k,
  type MovieLensItem,
  type MovieLensRatings,
  readMovieLensItems,
  readMovieLensRatings,
} from "./movielens.js";
export {
  loadAlpineLandscape,
  loadMobyDick,
  loadMobyDickChapters,
  loadSotu,
  loadSpamAssassin,
  type MobyDickChapter,
  type SotuAddress,
  type SpamAssassinGroup,
  type SpamAssassinMessage,
} from "./npm-sets.js";
export { type DatasetRef, getDataset, listDatasets } from "./registry.js";
export { loadSmsSpam, readSmsSpamFile, type SmsSpamMessage, type SmsSpamOptions } from "./sms-spam.js";
