import type { GraphBuilder } from "../graph/builder.js";
import { init } from "../graph/initializers.js";
import { binaryCrossEntropyWithLogits, meanSquaredError, softmaxCrossEntropy } from "../graph/losses.js";
import { logSoftmax, relu, sigmoid, softmax, tanh } from "../graph/ops/activations.js";
import { cast, clip } from "../graph/ops/cast.js";
import {
  abs,
  add,
  div,
  exp,
  identity,
  log,
  mul,
  neg,
  pow,
  sqrt,
  sub,
  sum,
} from "../graph/ops/elementwise.js";
import { gather, where } from "../graph/ops/indexing.js";
import { gemm, matMul } from "../graph/ops/matmul.js";
import { dropout, gaussianNoise } from "../graph/ops/noise.js";
import { layerNormalization } from "../graph/ops/normalization.js";
import { reduceMax, reduceMean, reduceSum } from "../graph/ops/reduce.js";
import {
  concat,
  expand,
  reshape,
  slice,
  split,
  squeeze,
  transpose,
  unsqueeze,
} from "../graph/ops/shape-ops.js";
import type { Tensor } from "../graph/tensor.js";
import type { Dim } from "../ir/ir.js";
import type { GradcheckCase, GradcheckInput, Sampler } from "./gradcheck.js";

// Samplers keep inputs inside each op's domain and away from its kinks, where finite differences
// straddle two slopes and disagree with any one-sided derivative.

const uniform =
  (low: number, high: number): Sampler =>
  (rng, size) =>
    rng.fillUniform(new Float64Array(size), low, high);

/** |x| in [0.2, 1.5] with random sign: away from the kinks of Relu and Abs at 0. */
const awayFromZero: Sampler = (rng, size) => {
  const values = rng.fillUniform(new Float64Array(size), 0.2, 1.5);
  for (let i = 0; i < size; i++) if (rng.uniform() < 0.5) values[i] = -values[i];
  return values;
};

/** Distinct values at least 0.1 apart, shuffled: no ties for ReduceMax for a step to break. */
const distinct: Sampler = (rng, size) => {
  const order = rng.permutation(size);
  return Float64Array.from(order, (rank) => 0.1 * rank - 0.05 * size + 0.02 * rng.uniform());
};

const positive = uniform(0.5, 2);

function input(name: string, shape: readonly number[], sample?: Sampler): GradcheckInput {
  return sample ? { name, shape, sample } : { name, shape };
}

/** An input declared to the graph with symbolic or unknown ("") dims, fed with `shape`. */
function symbolic(
  name: string,
  declared: readonly Dim[],
  shape: readonly number[],
  sample?: Sampler,
): GradcheckInput {
  return { ...input(name, shape, sample), declared };
}

function int64s(builder: GraphBuilder, values: readonly number[], shape: readonly number[]): Tensor {
  return builder.constant(values, "int64", shape, "indices");
}

function unary(op: string, apply: (x: Tensor) => Tensor, sample?: Sampler): GradcheckCase {
  return { op, variant: "[2, 3]", inputs: [input("x", [2, 3], sample)], build: (_, [x]) => apply(x) };
}

function binary(
  op: string,
  apply: (a: Tensor, b: Tensor) => Tensor,
  shapes: [readonly number[], readonly number[]],
  samplers: [Sampler?, Sampler?] = [],
): GradcheckCase {
  return {
    op,
    variant: `[${shapes[0].join(", ")}] with [${shapes[1].join(", ")}]`,
    inputs: [input("a", shapes[0], samplers[0]), input("b", shapes[1], samplers[1])],
    build: (_, [a, b]) => apply(a, b),
  };
}

/** Every op's backward rule and every loss, each in the variants that take different code paths. */
export const GRADCHECK_CASES: readonly GradcheckCase[] = [
  binary("Add", add, [
    [2, 3],
    [2, 3],
  ]),
  binary("Add", add, [
    [2, 1, 3],
    [4, 1],
  ]),
  binary("Sub", sub, [[3], [2, 3]]),
  binary("Mul", mul, [
    [2, 3],
    [1, 3],
  ]),
  binary("Mul", mul, [
    [2, 3],
    [2, 3],
  ]),
  binary("Div", div, [[2, 3], [3]], [undefined, positive]),
  binary(
    "Pow",
    pow,
    [
      [2, 3],
      [2, 3],
    ],
    [positive, uniform(-1.5, 2.5)],
  ),
  { op: "Pow", variant: "constant exponent 3", inputs: [input("x", [2, 3])], build: (_, [x]) => pow(x, 3) },
  {
    op: "Sum",
    variant: "three operands, broadcast",
    inputs: [input("a", [2, 3]), input("b", [3]), input("c", [2, 1])],
    build: (_, [a, b, c]) => sum(a, b, c),
  },
  unary("Neg", neg),
  unary("Exp", exp),
  unary("Log", log, positive),
  unary("Sqrt", sqrt, positive),
  unary("Abs", abs, awayFromZero),
  unary("Relu", relu, awayFromZero),
  unary("Sigmoid", sigmoid),
  unary("Tanh", tanh),
  unary("Identity", identity),
  { op: "Softmax", variant: "last axis", inputs: [input("x", [2, 4])], build: (_, [x]) => softmax(x) },
  {
    op: "Softmax",
    variant: "axis 0 of [3, 2, 2]",
    inputs: [input("x", [3, 2, 2])],
    build: (_, [x]) => softmax(x, 0),
  },
  {
    op: "LogSoftmax",
    variant: "axis 1 of [2, 3, 2]",
    inputs: [input("x", [2, 3, 2])],
    build: (_, [x]) => logSoftmax(x, 1),
  },
  binary("MatMul", matMul, [
    [3, 4],
    [4, 2],
  ]),
  binary("MatMul", matMul, [
    [2, 3, 4],
    [4, 2],
  ]),
  binary("MatMul", matMul, [
    [3, 4],
    [2, 4, 2],
  ]),
  binary("MatMul", matMul, [
    [2, 1, 2, 3],
    [3, 3, 2],
  ]),
  binary("MatMul", matMul, [[4], [4, 3]]),
  binary("MatMul", matMul, [[2, 3, 4], [4]]),
  binary("MatMul", matMul, [[4], [4]]),
  ...[false, true].flatMap((transA) =>
    [false, true].map(
      (transB): GradcheckCase => ({
        op: "Gemm",
        variant: `transA=${+transA} transB=${+transB}, alpha 0.7, beta 1.3, C [4]`,
        inputs: [input("a", transA ? [3, 2] : [2, 3]), input("b", transB ? [4, 3] : [3, 4]), input("c", [4])],
        build: (_, [a, b, c]) => gemm(a, b, c, { alpha: 0.7, beta: 1.3, transA, transB }),
      }),
    ),
  ),
  {
    op: "Gemm",
    variant: "dense layer: weight and bias are parameters",
    inputs: [input("x", [3, 4])],
    build: (builder, [x]) => {
      const weight = builder.parameter("weight", [4, 2], init.glorotNormal(), { dtype: "float64" });
      const bias = builder.parameter("bias", [2], init.normal(0, 1), { dtype: "float64" });
      return gemm(x, weight, bias);
    },
  },
  {
    op: "Gather",
    variant: "axis 0, 2-D indices with repeats and a negative index",
    inputs: [input("table", [5, 3])],
    build: (builder, [table]) => gather(table, int64s(builder, [1, 3, 1, -1, 0, 1], [2, 3]), 0),
  },
  {
    op: "Gather",
    variant: "axis 1 of [2, 4, 3], repeated indices",
    inputs: [input("data", [2, 4, 3])],
    build: (builder, [data]) => gather(data, int64s(builder, [3, 0, 3], [3]), 1),
  },
  {
    op: "ReduceSum",
    variant: "axis 1, keepdims 0",
    inputs: [input("x", [2, 3, 2])],
    build: (_, [x]) => reduceSum(x, [1], { keepDims: false }),
  },
  {
    op: "ReduceSum",
    variant: "all axes, keepdims 1",
    inputs: [input("x", [2, 3])],
    build: (_, [x]) => reduceSum(x),
  },
  {
    op: "ReduceMean",
    variant: "axes [0, 2], keepdims 0",
    inputs: [input("x", [2, 3, 2])],
    build: (_, [x]) => reduceMean(x, [0, 2], { keepDims: false }),
  },
  { op: "ReduceMean", variant: "all axes", inputs: [input("x", [3, 2])], build: (_, [x]) => reduceMean(x) },
  {
    op: "ReduceMax",
    variant: "axis 1, keepdims 0",
    inputs: [input("x", [3, 4], distinct)],
    build: (_, [x]) => reduceMax(x, [1], { keepDims: false }),
  },
  {
    op: "ReduceMax",
    variant: "all axes",
    inputs: [input("x", [2, 3], distinct)],
    build: (_, [x]) => reduceMax(x),
  },
  {
    op: "Reshape",
    variant: "[2, 3, 2] to [3, -1]",
    inputs: [input("x", [2, 3, 2])],
    build: (_, [x]) => reshape(x, [3, -1]),
  },
  {
    op: "Transpose",
    variant: "perm [2, 0, 1]",
    inputs: [input("x", [2, 3, 4])],
    build: (_, [x]) => transpose(x, [2, 0, 1]),
  },
  {
    op: "Concat",
    variant: "axis 1, three inputs",
    inputs: [input("a", [2, 1]), input("b", [2, 3]), input("c", [2, 2])],
    build: (_, [a, b, c]) => concat([a, b, c], 1),
  },
  {
    op: "Slice",
    variant: "unit steps, negative start (Pad path)",
    inputs: [input("x", [4, 5])],
    build: (_, [x]) => slice(x, [1, -4], [3, 100], [0, 1]),
  },
  {
    op: "Slice",
    variant: "steps 2 and −1 (ScatterElements path)",
    inputs: [input("x", [5, 4])],
    build: (_, [x]) => slice(x, [0, -1], [5, 0], [0, 1], [2, -1]),
  },
  {
    op: "Split",
    variant: "sizes [1, 3, 2] on axis 1, middle output unused",
    inputs: [input("x", [2, 6])],
    build: (_, [x]) => {
      const [first, , last] = split(x, [1, 3, 2], 1);
      return [first, last];
    },
  },
  { op: "Squeeze", variant: "axis 1", inputs: [input("x", [3, 1, 2])], build: (_, [x]) => squeeze(x, [1]) },
  {
    op: "Unsqueeze",
    variant: "axes [0, 3]",
    inputs: [input("x", [3, 2])],
    build: (_, [x]) => unsqueeze(x, [0, 3]),
  },
  {
    op: "Expand",
    variant: "[3, 1] to [2, 3, 4]",
    inputs: [input("x", [3, 1])],
    build: (builder, [x]) => expand(x, builder.int64s([2, 3, 4])),
  },
  {
    op: "Where",
    variant: "broadcast condition and operands",
    inputs: [input("a", [2, 3]), input("b", [3])],
    build: (builder, [a, b]) => where(builder.constant([1, 0, 1, 0, 0, 1], "bool", [2, 3]), a, b),
  },
  {
    op: "Cast",
    variant: "float32 to float64",
    dtype: "float32",
    inputs: [input("x", [2, 3])],
    build: (_, [x]) => mul(cast(x, "float64"), cast(x, "float64")),
  },
  {
    op: "Clip",
    variant: "tensor bounds, elements on both sides",
    inputs: [input("x", [2, 4], uniform(-2, 2)), input("low", []), input("high", [])],
    build: (_, [x, low, high]) => clip(x, low, high),
  },
  {
    op: "LayerNormalization",
    variant: "last axis, scale and bias",
    inputs: [input("x", [3, 4]), input("scale", [4]), input("bias", [4])],
    build: (_, [x, scale, bias]) => layerNormalization(x, scale, bias),
  },
  {
    op: "LayerNormalization",
    variant: "axis 1 of [2, 3, 2], no bias",
    inputs: [input("x", [2, 3, 2]), input("scale", [3, 2])],
    build: (_, [x, scale]) => layerNormalization(x, scale, null, { axis: 1, epsilon: 1e-3 }),
  },
  {
    op: "LayerNormalization",
    variant: "float32",
    dtype: "float32",
    inputs: [input("x", [2, 4]), input("scale", [4]), input("bias", [4])],
    build: (_, [x, scale, bias]) => layerNormalization(x, scale, bias),
  },
  {
    op: "MatMul",
    variant: "float32 [3, 4] with [4, 2]",
    dtype: "float32",
    inputs: [input("a", [3, 4]), input("b", [4, 2])],
    build: (_, [a, b]) => matMul(a, b),
  },
  {
    op: "dropout",
    variant: "ratio 0.5, fed mask held fixed",
    training: true,
    inputs: [input("x", [4, 5])],
    build: (_, [x]) => dropout(x, 0.5),
  },
  {
    op: "gaussianNoise",
    variant: "std 0.3, fed noise held fixed",
    training: true,
    inputs: [input("x", [2, 3])],
    build: (_, [x]) => tanh(gaussianNoise(x, 0.3)),
  },
  {
    op: "softmaxCrossEntropy",
    variant: "mean, class weights, ignore index 1 (a real class)",
    inputs: [input("logits", [5, 3])],
    build: (builder, [logits]) =>
      softmaxCrossEntropy(logits, int64s(builder, [0, 1, 2, 2, 1], [5]), {
        classWeights: [0.5, 2, 1.5],
        ignoreIndex: 1,
      }),
  },
  {
    op: "softmaxCrossEntropy",
    variant: "[N, C, d] logits, sum, ignore index −100",
    inputs: [input("logits", [2, 3, 2])],
    build: (builder, [logits]) =>
      softmaxCrossEntropy(logits, int64s(builder, [0, -100, 2, 1], [2, 2]), {
        ignoreIndex: -100,
        reduction: "sum",
      }),
  },
  {
    op: "softmaxCrossEntropy",
    variant: "no reduction, int32 targets",
    inputs: [input("logits", [3, 4])],
    build: (builder, [logits]) =>
      softmaxCrossEntropy(logits, builder.constant([3, 0, 1], "int32", [3]), { reduction: "none" }),
  },
  {
    op: "binaryCrossEntropyWithLogits",
    variant: "mean, soft targets",
    inputs: [input("logits", [2, 3], uniform(-4, 4))],
    build: (builder, [logits]) =>
      binaryCrossEntropyWithLogits(
        logits,
        builder.constant([0, 1, 0.3, 1, 0, 0.8], logits.dtype, [2, 3], "targets"),
      ),
  },
  {
    op: "binaryCrossEntropyWithLogits",
    variant: "targets differentiated too",
    inputs: [input("logits", [4]), input("targets", [4], uniform(0, 1))],
    build: (_, [logits, targets]) => binaryCrossEntropyWithLogits(logits, targets, { reduction: "sum" }),
  },
  {
    op: "meanSquaredError",
    variant: "mean",
    inputs: [input("predictions", [3, 2]), input("targets", [3, 2])],
    build: (_, [predictions, targets]) => meanSquaredError(predictions, targets),
  },
  // Symbolic shapes: the rules cannot read sizes from the graph and take their Shape-based paths.
  {
    op: "Add",
    variant: "symbolic [n, 3] with [m, 3], fed [1, 3] and [4, 3] (broadcast axes found at run time)",
    inputs: [symbolic("a", ["n", 3], [1, 3]), symbolic("b", ["m", 3], [4, 3])],
    build: (_, [a, b]) => add(a, b),
  },
  {
    op: "Mul",
    variant: "unknown sizes [?, ?] with [?], fed [2, 3] and [3]",
    inputs: [symbolic("a", ["", ""], [2, 3]), symbolic("b", [""], [3])],
    build: (_, [a, b]) => mul(a, b),
  },
  {
    op: "MatMul",
    variant: "symbolic [batch, t, 4] with [4, 2]",
    inputs: [symbolic("a", ["batch", "t", 4], [2, 3, 4]), input("b", [4, 2])],
    build: (_, [a, b]) => matMul(a, b),
  },
  {
    op: "ReduceMean",
    variant: "symbolic [batch, 3] over axis 0 (count taken at run time)",
    inputs: [symbolic("x", ["batch", 3], [4, 3])],
    build: (_, [x]) => reduceMean(x, [0], { keepDims: false }),
  },
  {
    op: "Reshape",
    variant: "symbolic [batch, 6] to [0, 2, 3]",
    inputs: [symbolic("x", ["batch", 6], [2, 6])],
    build: (_, [x]) => reshape(x, [0, 2, 3]),
  },
  {
    op: "Concat",
    variant: "symbolic [n, 2] and [m, 2] on axis 0 (split sizes taken at run time)",
    inputs: [symbolic("a", ["n", 2], [1, 2]), symbolic("b", ["m", 2], [3, 2])],
    build: (_, [a, b]) => concat([a, b], 0),
  },
  {
    op: "Split",
    variant: "symbolic [n, 6] into [2, 4], second output unused",
    inputs: [symbolic("x", ["n", 6], [3, 6])],
    build: (_, [x]) => split(x, [2, 4], 1)[0],
  },
  {
    op: "Slice",
    variant: "symbolic [n, 5], rows 1..−1 (ScatterElements path)",
    inputs: [symbolic("x", ["n", 5], [4, 5])],
    build: (_, [x]) => slice(x, [1], [-1], [0]),
  },
  {
    op: "Gather",
    variant: "axis 1 of symbolic [b, 4, 3]",
    inputs: [symbolic("data", ["b", 4, 3], [2, 4, 3])],
    build: (builder, [data]) => gather(data, int64s(builder, [2, 2, 0], [3]), 1),
  },
  {
    op: "Expand",
    variant: "symbolic [n, 1] to [2, 3, 4]",
    inputs: [symbolic("x", ["n", 1], [3, 1])],
    build: (builder, [x]) => expand(x, builder.int64s([2, 3, 4])),
  },
  {
    op: "LayerNormalization",
    variant: "symbolic [batch, 4]",
    inputs: [symbolic("x", ["batch", 4], [3, 4]), input("scale", [4]), input("bias", [4])],
    build: (_, [x, scale, bias]) => layerNormalization(x, scale, bias),
  },
  {
    op: "dropout",
    variant: "symbolic [batch, 5], mask dims bound from the feeds",
    training: true,
    inputs: [symbolic("x", ["batch", 5], [3, 5])],
    build: (_, [x]) => dropout(x, 0.3),
  },
  {
    op: "softmaxCrossEntropy",
    variant: "symbolic [batch, 3] logits",
    inputs: [symbolic("logits", ["batch", 3], [4, 3])],
    build: (builder, [logits]) => softmaxCrossEntropy(logits, int64s(builder, [2, 0, 1, 1], [4])),
  },
];
