import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../builder.js";
import type { Tensor } from "../tensor.js";
import { numbers, runBuilder } from "../testing.js";
import { logSoftmax, relu, sigmoid, softmax, tanh } from "./activations.js";
import { cast, clip } from "./cast.js";
import { equal, greater, less } from "./compare.js";
import { add, div, exp, log, mul, neg, pow, sqrt, sub, sum } from "./elementwise.js";
import { gather, where } from "./indexing.js";
import { gemm, matMul } from "./matmul.js";
import { layerNormalization } from "./normalization.js";
import { reduceMax, reduceMean, reduceSum } from "./reduce.js";
import {
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
} from "./shape-ops.js";

type Build = (b: GraphBuilder, x: Tensor, y: Tensor) => Tensor | Tensor[];

/** Each op applied to inputs x [2, 3, 4] and y [3, 4] (float64); inferred shapes must equal ORT's. */
const SHAPE_CASES: [string, Build][] = [
  ["Add broadcast", (_, x, y) => add(x, y)],
  ["Sub with scalar", (_, x) => sub(x, 1)],
  ["Mul [2,3,4]·[2,1,1]", (b, x) => mul(x, b.constant([1, 2], "float64", [2, 1, 1]))],
  ["Div", (_, x, y) => div(y, x)],
  ["Pow", (_, x) => pow(x, 2)],
  ["Sum", (b, x, y) => sum(x, y, b.scalar(1, "float64"))],
  ["Neg/Exp/Log/Sqrt", (_, x) => sqrt(log(exp(neg(x))))],
  ["Relu/Sigmoid/Tanh", (_, x) => tanh(sigmoid(relu(x)))],
  ["Softmax axis 1", (_, x) => softmax(x, 1)],
  ["LogSoftmax", (_, x) => logSoftmax(x)],
  ["MatMul batched", (_, x, y) => matMul(x, transpose(y))],
  ["MatMul 1-D right", (b, x) => matMul(x, b.constant([1, 2, 3, 4], "float64", [4]))],
  ["MatMul 1-D left", (b, _, y) => matMul(b.constant([1, 2, 3], "float64", [3]), y)],
  ["Gemm transB with C", (b, _, y) => gemm(y, y, b.constant([1, 2, 3], "float64", [3]), { transB: true })],
  ["Gemm transA", (_, __, y) => gemm(y, y, null, { transA: true })],
  ["Gather axis 1, 2-D indices", (b, x) => gather(x, b.constant([0, 2, 1, 1], "int64", [2, 2]), 1)],
  ["ReduceSum axes [0, 2]", (_, x) => reduceSum(x, [0, 2])],
  ["ReduceSum all, keepdims 0", (_, x) => reduceSum(x, undefined, { keepDims: false })],
  ["ReduceMean axis −1, keepdims 0", (_, x) => reduceMean(x, [-1], { keepDims: false })],
  ["ReduceMax all", (_, x) => reduceMax(x)],
  ["Reshape [0, −1]", (_, x) => reshape(x, [0, -1])],
  ["Reshape [−1, 6]", (_, x) => reshape(x, [-1, 6])],
  ["Transpose perm", (_, x) => transpose(x, [1, 2, 0])],
  ["Transpose default", (_, x) => transpose(x)],
  ["Concat axis −1", (_, x) => concat([x, x], -1)],
  ["Slice clamps and steps", (_, x) => slice(x, [1, -100, 3], [100, 2, 0], [0, 1, 2], [1, 1, -2])],
  ["Slice negative step to the start", (_, x) => slice(x, [-1], [-1000], [2], [-1])],
  ["Split sizes", (_, x) => split(x, [1, 3], 2)],
  ["Split equal", (_, x) => split(x, 3, 1)],
  ["Squeeze", (_, x) => squeeze(slice(x, [0], [1], [1]), [1])],
  ["Squeeze all ones", (_, x) => squeeze(slice(x, [0, 0], [1, 1], [0, 1]))],
  ["Unsqueeze", (_, x) => unsqueeze(x, [0, -1])],
  ["Expand bidirectional", (b, _, y) => expand(unsqueeze(y, [0]), b.int64s([2, 1, 1]))],
  ["Where", (_, x, y) => where(greater(x, 0), y, 0)],
  ["Equal/Less", (_, x, y) => cast(equal(less(x, y), less(y, x)), "float64")],
  ["Cast to float32", (_, x) => cast(x, "float32")],
  ["Clip upper only", (_, x) => clip(x, undefined, 0.5)],
  [
    "LayerNormalization axis 1",
    (b, x) => layerNormalization(x, b.constant(new Array(12).fill(1), "float64", [3, 4]), null, { axis: 1 }),
  ],
  ["Shape/Size", (_, x) => [shapeOf(x), sizeOf(x)]],
  ["ConstantOfShape", (b) => constantOfShape(b.int64s([2, 5]), 1.5, "float64")],
  ["Range", (b) => range(b.scalar(1, "int64"), b.scalar(10, "int64"), b.scalar(3, "int64"))],
  ["Pad", (_, __, y) => pad(y, [1, 0, 2, 3])],
];

describe("shape inference agrees with onnxruntime", () => {
  it.each(SHAPE_CASES)("%s", async (_, build) => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float64", [2, 3, 4]);
    const y = builder.input("y", "float64", [3, 4]);
    const built = build(builder, x, y);
    const outputs = Array.isArray(built) ? built : [built];
    outputs.forEach((output, i) => {
      builder.output(output, `out_${i}`);
    });
    const xValues = Float64Array.from({ length: 24 }, (_, i) => (i % 7) - 3 + 0.25);
    const yValues = Float64Array.from({ length: 12 }, (_, i) => (i % 5) + 0.5);
    const result = await runBuilder(builder, { x: xValues, y: yValues }, { prune: false });
    outputs.forEach((output, i) => {
      expect(output.shape).toEqual(result[`out_${i}`].dims);
      expect(output.dtype).toBe(result[`out_${i}`].dtype);
    });
  });
});

describe("symbolic shape inference", () => {
  it("carries symbolic dims through broadcasting, MatMul, Reshape and Concat", () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float32", ["batch", 4, 5]);
    const w = builder.input("w", "float32", [5, 2]);
    expect(matMul(x, w).shape).toEqual(["batch", 4, 2]);
    expect(reshape(x, [0, -1]).shape).toEqual(["batch", 20]);
    expect(reshape(x, [-1, 5]).shape).toEqual([null, 5]);
    expect(
      add(builder.input("col", "float32", ["batch", 1, 1]), builder.input("row", "float32", [1, 5])).shape,
    ).toEqual(["batch", 1, 5]);
    expect(concat([x, x], 0).shape).toEqual([null, 4, 5]);
    expect(concat([x, x], 1).shape).toEqual(["batch", 8, 5]);
    expect(slice(x, [0], [2 ** 62], [0]).shape).toEqual(["batch", 4, 5]);
    expect(slice(x, [1], [2 ** 62], [0]).shape).toEqual([null, 4, 5]);
    expect(add(builder.input("a", "float32", ["n"]), builder.input("b", "float32", ["m"])).shape).toEqual([
      null,
    ]);
  });

  it("names the node and the operands when an op rejects its inputs", () => {
    const builder = new GraphBuilder();
    const a = builder.input("a", "float32", [2, 3]);
    const b = builder.input("b", "float32", [4, 2]);
    expect(() => matMul(a, b)).toThrow(InvalidArgumentError);
    expect(() => matMul(a, b)).toThrow(/MatMul.*inner dimensions differ/);
    expect(() => add(a, b)).toThrow(/do not broadcast/);
    expect(() => reshape(a, [4, 2])).toThrow(/cannot reshape/);
    expect(() => transpose(a, [0, 0])).toThrow(/not a permutation/);
    expect(() => add(a, builder.input("c", "float64", [2, 3]))).toThrow(/one dtype/);
    expect(() => gather(a, builder.input("i", "float32", [2]))).toThrow(/int64 or int32/);
    expect(() => split(a, [1, 1], 1)).toThrow(/do not add up/);
    expect(() => builder.node("NoSuchOp", [a])).toThrow(/no shape inference for op NoSuchOp/);
  });
});

describe("op semantics the builder adds", () => {
  it("turns numbers into scalars of the tensor's dtype and omits absent Clip bounds", async () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float32", [4]);
    builder.output(where(greater(x, 0), x, -1), "where");
    builder.output(clip(x, undefined, 1), "clip_high");
    builder.output(clip(x, -1), "clip_low");
    builder.output(sub(10, x), "reversed");
    const result = await runBuilder(builder, { x: new Float32Array([-2, -0.5, 0.5, 2]) });
    expect(numbers(result.where)).toEqual([-1, -1, 0.5, 2]);
    expect(numbers(result.clip_high)).toEqual([-2, -0.5, 0.5, 1]);
    expect(numbers(result.clip_low)).toEqual([-1, -0.5, 0.5, 2]);
    expect(numbers(result.reversed)).toEqual([12, 10.5, 9.5, 8]);
  });
});
