export { type AdamOptions, adam, adamW } from "./adam.js";
export { clipByGlobalNorm } from "./clip.js";
export {
  nextValueName,
  type Optimizer,
  type OptimizerUpdate,
  type StateSlot,
  type StepHyperparameters,
  zeroStateSlot,
} from "./optimizer.js";
export {
  cosineAnnealing,
  type EpochLogs,
  type LearningRateSchedule,
  type ReduceOnPlateauOptions,
  reduceOnPlateau,
  stepLR,
} from "./schedulers.js";
export { type SgdOptions, sgd } from "./sgd.js";
export {
  type LazyAdamOptions,
  lazyAdam,
  type SparseOptimizer,
  type SparseTableUpdate,
  sparseSgd,
} from "./sparse.js";
