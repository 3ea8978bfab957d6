export { BatchAssembler, type Dataset } from "./batches.js";
export {
  type Callback,
  type EarlyStopping,
  type EarlyStoppingOptions,
  earlyStopping,
  MetricMonitor,
  type ModelCheckpoint,
  type ModelCheckpointOptions,
  type MonitorMode,
  modelCheckpoint,
  type TrainingControl,
} from "./callbacks.js";
export {
  buildEvalGraph,
  buildTrainingGraph,
  type CarriedValue,
  type CompileOptions,
  type EvalGraph,
  GRADIENT_NORM_OUTPUT,
  LEARNING_RATE_INPUT,
  LOSS_OUTPUT,
  type ModelFunction,
  type ModelGraph,
  type SparseTableGraph,
  STEP_INPUT,
  type TrainingGraph,
  type TrainingGraphOptions,
} from "./compile.js";
export {
  gradcheckModel,
  type ModelGradcheckOptions,
  type ModelGradcheckResult,
  type ParameterGradcheck,
} from "./gradcheck-model.js";
export { type AccuracyOptions, accuracy, type Metric } from "./metrics.js";
export { parityData, type ToyClassification, twoSpirals, xorData } from "./toy-data.js";
export {
  EXPORT_PARITY_TOLERANCE,
  type ExportCheckOptions,
  type ExportOptions,
  type ExportReport,
  type FitOptions,
  Trainer,
  type TrainerOptions,
  type TrainingHistory,
} from "./trainer.js";
