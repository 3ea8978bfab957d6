export {
  GraphBuilder,
  type GraphBuilderOptions,
  type GraphExportOptions,
  type ModelExportOptions,
  type NodeOptions,
  type Parameter,
  type ParameterOptions,
  PRODUCER_NAME,
  PRODUCER_VERSION,
} from "./builder.js";
export { type Fans, fansOf, type Initializer, init, initialize } from "./initializers.js";
export {
  binaryCrossEntropyWithLogits,
  meanSquaredError,
  type Reduction,
  type SoftmaxCrossEntropyOptions,
  softmaxCrossEntropy,
} from "./losses.js";
export { logSoftmax, relu, sigmoid, softmax, tanh } from "./ops/activations.js";
export { cast, clip } from "./ops/cast.js";
export type { Attributes, InferenceInput, ShapeInference, TensorType } from "./ops/common.js";
export { attr } from "./ops/common.js";
export { and, equal, greater, greaterOrEqual, less, lessOrEqual, not, or } from "./ops/compare.js";
export {
  abs,
  add,
  div,
  exp,
  identity,
  log,
  mul,
  neg,
  pow,
  sign,
  sqrt,
  stopGradient,
  sub,
  sum,
} from "./ops/elementwise.js";
export { gather, nonZero, scatterElements, scatterND, where } from "./ops/indexing.js";
export { type GemmOptions, gemm, matMul } from "./ops/matmul.js";
export { dropout, gaussianNoise, randomNormal, randomUniform } from "./ops/noise.js";
export { type LayerNormalizationOptions, layerNormalization } from "./ops/normalization.js";
export { type ReduceOptions, reduceMax, reduceMean, reduceSum } from "./ops/reduce.js";
export { SHAPE_INFERENCE } from "./ops/schemas.js";
export {
  concat,
  constantOfShape,
  expand,
  pad,
  range,
  reshape,
  shapeOf,
  sizeOf,
  slice,
  split,
  squeeze,
  transpose,
  unsqueeze,
} from "./ops/shape-ops.js";
export {
  bindDims,
  type DimBindings,
  fillRandomInput,
  type RandomDistribution,
  type RandomInputSpec,
  randomFeeds,
  resolveDims,
} from "./random.js";
export {
  broadcastShapes,
  formatShape,
  type SymbolicDim,
  type SymbolicShape,
  sameShape,
  staticDims,
} from "./shape.js";
export { type FloatDType, isFloatDType, Tensor, type TensorLike } from "./tensor.js";
