import type { BackwardRule } from "../rule.js";
import {
  logSoftmaxBackward,
  reluBackward,
  sigmoidBackward,
  softmaxBackward,
  tanhBackward,
} from "./activations.js";
import { castBackward, clipBackward } from "./cast.js";
import {
  absBackward,
  addBackward,
  divBackward,
  expBackward,
  identityBackward,
  logBackward,
  mulBackward,
  negBackward,
  powBackward,
  sqrtBackward,
  subBackward,
  sumBackward,
} from "./elementwise.js";
import { gatherBackward, whereBackward } from "./indexing.js";
import { gemmBackward, matMulBackward } from "./matmul.js";
import { layerNormalizationBackward } from "./normalization.js";
import { reduceMaxBackward, reduceMeanBackward, reduceSumBackward } from "./reduce.js";
import {
  concatBackward,
  expandBackward,
  reshapeBackward,
  sliceBackward,
  splitBackward,
  transposeBackward,
} from "./shape-ops.js";

/**
 * The backward rule of every differentiable op, by ONNX op type. Each rule sits in the file named
 * after its forward op's file in graph/ops. Listed explicitly (no registration side effects) so
 * bundlers that drop side-effect-free imports cannot lose a rule.
 */
export const BACKWARD_RULES: Readonly<Record<string, BackwardRule>> = {
  Abs: absBackward,
  Add: addBackward,
  Cast: castBackward,
  Clip: clipBackward,
  Concat: concatBackward,
  Div: divBackward,
  Exp: expBackward,
  Expand: expandBackward,
  Gather: gatherBackward,
  Gemm: gemmBackward,
  Identity: identityBackward,
  LayerNormalization: layerNormalizationBackward,
  Log: logBackward,
  LogSoftmax: logSoftmaxBackward,
  MatMul: matMulBackward,
  Mul: mulBackward,
  Neg: negBackward,
  Pow: powBackward,
  ReduceMax: reduceMaxBackward,
  ReduceMean: reduceMeanBackward,
  ReduceSum: reduceSumBackward,
  Relu: reluBackward,
  Reshape: reshapeBackward,
  Sigmoid: sigmoidBackward,
  Slice: sliceBackward,
  Softmax: softmaxBackward,
  Split: splitBackward,
  Sqrt: sqrtBackward,
  Squeeze: reshapeBackward,
  Sub: subBackward,
  Sum: sumBackward,
  Tanh: tanhBackward,
  Transpose: transposeBackward,
  Unsqueeze: reshapeBackward,
  Where: whereBackward,
};

/**
 * Ops whose outputs carry no gradient to their inputs: comparisons and logic (bool outputs), shape
 * queries, index computations, constant generators, and Sign (zero derivative almost everywhere).
 */
export const NON_DIFFERENTIABLE_OPS: ReadonlySet<string> = new Set([
  "And",
  "ArgMax",
  "ArgMin",
  "ConstantOfShape",
  "Equal",
  "Greater",
  "GreaterOrEqual",
  "Less",
  "LessOrEqual",
  "NonZero",
  "Not",
  "Or",
  "Range",
  "Shape",
  "Sign",
  "Size",
]);
