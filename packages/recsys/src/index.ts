export {
  buildDataset,
  commonIndexBase,
  countColdRatings,
  datasetShape,
  holdOutDataset,
  type LoadRatingsOptions,
  loadRatingsDataset,
  type RatingsDataset,
  type RawRatings,
} from "./data/dataset.js";
export { detectIndexBase, IdMap, type IndexBase } from "./data/id-map.js";
export { loadMovieLensDataset, type MovieLensDataset } from "./data/movielens.js";
export {
  checkRatings,
  groupRatings,
  type MatrixShape,
  meanRating,
  type RatingRows,
  type Ratings,
  selectRatings,
  splitRatings,
} from "./data/ratings.js";
export {
  detectRatingsFormat,
  type RatingsFile,
  type RatingsFormat,
  type ReadRatingsOptions,
  readRatingsFile,
} from "./data/read-ratings.js";
export { type SyntheticRatings, type SyntheticRatingsOptions, syntheticRatings } from "./data/synthetic.js";
export { findTitlesBeside, type ItemTitles, readItemTitles } from "./data/titles.js";
export {
  dotRows,
  type ErrorSummary,
  FACTOR_METHODS,
  type FactorMethod,
  FactorModel,
  type FactorParameters,
  sumSquaredErrors,
} from "./model/factor-model.js";
export {
  buildScoringModel,
  exportRecommenderOnnx,
  RECSYS_METADATA_KEY,
  type ScoringModelMetadata,
} from "./model/onnx-export.js";
export { loadRecommender, MODEL_FILES, saveRecommender } from "./model/persist.js";
export {
  type Recommendation,
  Recommender,
  type SimilarItem,
  type TrainingInfo,
  topIndices,
} from "./model/recommender.js";
export {
  buildMatrixFactorizationReport,
  type MatrixFactorizationReport,
  type MatrixFactorizationReportOptions,
  type ReportRun,
} from "./reproduce.js";
export {
  formatLambda,
  runSweep,
  SET5_KS,
  SET5_LAMBDAS,
  type SweepOptions,
  type SweepResult,
  type SweepRow,
  sweepPlots,
  sweepTable,
} from "./sweep.js";
export { type AlsOptions, RowSolver, trainAls } from "./train/als.js";
export { BIASED_DEFAULTS, type BiasedSgdOptions, biasedSgdEpoch, trainBiasedSgd } from "./train/biased.js";
export {
  type CommonTrainingOptions,
  DEFAULT_MAX_EPOCHS,
  DEFAULT_TOLERANCE,
  type EpochRecord,
  type StopReason,
  type TrainingResult,
} from "./train/epochs.js";
export { checkGradients, type GradientCheck } from "./train/gradient-check.js";
export {
  type LossGradients,
  lossGradients,
  lossWithErrors,
  type RegularizationScaling,
  ratingWeightedSquares,
  regularizedLoss,
} from "./train/objective.js";
export {
  SET5_INIT_RANGE,
  SET5_LEARNING_RATE,
  type SgdOptions,
  sgdEpoch,
  shrinkFactors,
  trainSgd,
} from "./train/sgd.js";
export { type TrainOptions, trainFactorModel } from "./train/train.js";
export { WasmSgdEpoch, wasmSgdAvailable } from "./train/wasm/sgd-kernel.js";
