import { inferSoftmax } from "./activations.js";
import { inferCast, inferClip } from "./cast.js";
import type { ShapeInference } from "./common.js";
import { inferComparison, inferLogical } from "./compare.js";
import { inferBroadcastArithmetic, inferFloatUnary, inferPow, inferUnary } from "./elementwise.js";
import { inferGather, inferNonZero, inferScatter, inferWhere } from "./indexing.js";
import { inferGemm, inferMatMul } from "./matmul.js";
import { inferLayerNormalization } from "./normalization.js";
import { inferReduceSum, inferReduceWithAxesAttribute } from "./reduce.js";
import {
  inferConcat,
  inferConstantOfShape,
  inferExpand,
  inferPad,
  inferRange,
  inferReshape,
  inferShape,
  inferSize,
  inferSlice,
  inferSplit,
  inferSqueeze,
  inferTranspose,
  inferUnsqueeze,
} from "./shape-ops.js";

/**
 * Shape and dtype inference of every ONNX op the builder knows, by op type. The builder uses it for
 * the nodes it creates and for graphs it imports (GraphBuilder.fromGraph).
 */
export const SHAPE_INFERENCE: Readonly<Record<string, ShapeInference>> = {
  Abs: inferUnary,
  Add: inferBroadcastArithmetic,
  And: inferLogical,
  Cast: inferCast,
  Clip: inferClip,
  Concat: inferConcat,
  ConstantOfShape: inferConstantOfShape,
  Div: inferBroadcastArithmetic,
  Equal: inferComparison,
  Exp: inferFloatUnary,
  Expand: inferExpand,
  Gather: inferGather,
  Gemm: inferGemm,
  Greater: inferComparison,
  GreaterOrEqual: inferComparison,
  Identity: inferUnary,
  LayerNormalization: inferLayerNormalization,
  Less: inferComparison,
  LessOrEqual: inferComparison,
  Log: inferFloatUnary,
  LogSoftmax: inferSoftmax,
  MatMul: inferMatMul,
  Mul: inferBroadcastArithmetic,
  Neg: inferUnary,
  NonZero: inferNonZero,
  Not: inferLogical,
  Or: inferLogical,
  Pad: inferPad,
  Pow: inferPow,
  Range: inferRange,
  ReduceMax: inferReduceWithAxesAttribute,
  ReduceMean: inferReduceWithAxesAttribute,
  ReduceSum: inferReduceSum,
  Relu: inferFloatUnary,
  Reshape: inferReshape,
  ScatterElements: inferScatter,
  ScatterND: inferScatter,
  Shape: inferShape,
  Sigmoid: inferFloatUnary,
  Sign: inferUnary,
  Size: inferSize,
  Slice: inferSlice,
  Softmax: inferSoftmax,
  Split: inferSplit,
  Sqrt: inferFloatUnary,
  Squeeze: inferSqueeze,
  Sub: inferBroadcastArithmetic,
  Sum: inferBroadcastArithmetic,
  Tanh: inferFloatUnary,
  Transpose: inferTranspose,
  Unsqueeze: inferUnsqueeze,
  Where: inferWhere,
};
