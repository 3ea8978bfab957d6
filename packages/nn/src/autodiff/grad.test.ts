import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../graph/builder.js";
import { tanh } from "../graph/ops/activations.js";
import { cast } from "../graph/ops/cast.js";
import { greater } from "../graph/ops/compare.js";
import { add, exp, mul, stopGradient, sub } from "../graph/ops/elementwise.js";
import { scatterND, where } from "../graph/ops/indexing.js";
import { matMul } from "../graph/ops/matmul.js";
import { reduceSum } from "../graph/ops/reduce.js";
import { reshape, shapeOf } from "../graph/ops/shape-ops.js";
import type { Tensor } from "../graph/tensor.js";
import { numbers, runBuilder } from "../graph/testing.js";
import type { GraphIR } from "../ir/ir.js";
import { grad } from "./grad.js";
import { gradcheck } from "./gradcheck.js";
import type { BackwardRule } from "./rule.js";

const X = new Float64Array([0.5, -1.25, 2]);

function scalarLoss(x: Tensor): Tensor {
  return reduceSum(x, undefined, { keepDims: false });
}

describe("grad", () => {
  it("sums the contributions of a value used several times (fan-out)", async () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float64", [3]);
    const loss = scalarLoss(add(add(mul(x, x), exp(x)), x));
    const [dx] = grad(loss, [x]);
    builder.output(dx, "dx");
    const { dx: result } = await runBuilder(builder, { x: X });
    const expected = Array.from(X, (v) => 2 * v + Math.exp(v) + 1);
    numbers(result).forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i], 12);
    });
    // x is used four times (twice by x·x), so its gradient is one Sum of four contributions.
    const sums = builder.nodes.filter((node) => node.op === "Sum");
    expect(sums.map((node) => node.inputs.length)).toEqual([4]);
  });

  it("stops gradients at stopGradient tensors and nodes while keeping forward values", async () => {
    for (const mode of ["option", "node"] as const) {
      const builder = new GraphBuilder();
      const x = builder.input("x", "float64", [3]);
      let doubled = mul(x, 2);
      if (mode === "node") doubled = stopGradient(doubled);
      const loss = scalarLoss(mul(doubled, x));
      const [dx] = grad(loss, [x], mode === "option" ? { stopGradient: [doubled] } : {});
      builder.output(dx, "dx");
      builder.output(loss, "loss");
      const result = await runBuilder(builder, { x: X });
      // d/dx Σ 2x·x = 4x; with 2x held constant only the second factor counts: 2x.
      expect(numbers(result.dx)).toEqual(Array.from(X, (v) => 2 * v));
      expect(numbers(result.loss)[0]).toBeCloseTo(
        X.reduce((s, v) => s + 2 * v * v, 0),
        12,
      );
    }
  });

  it("passes no gradient through Shape, comparisons and casts to integers", async () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float64", [3]);
    const truncated = cast(cast(x, "int64"), "float64");
    const reshaped = reshape(x, shapeOf(x));
    const positive = where(greater(x, 0), reshaped, 0);
    const loss = scalarLoss(add(mul(x, truncated), positive));
    const [dx] = grad(loss, [x]);
    builder.output(dx, "dx");
    const { dx: result } = await runBuilder(builder, { x: X });
    // x·trunc(x) differentiates to trunc(x) (the cast path is constant); where adds 1 for x > 0.
    expect(numbers(result)).toEqual(Array.from(X, (v) => Math.trunc(v) + (v > 0 ? 1 : 0)));
  });

  it("gives zeros to a tensor the loss does not use, or throws when asked to", async () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float64", [3]);
    const unused = builder.input("unused", "float64", [2, 2]);
    const loss = scalarLoss(x);
    const [, dUnused] = grad(loss, [x, unused]);
    builder.output(dUnused, "d_unused");
    // Pruned to the one output, the graph needs no input at all.
    const { d_unused: result } = await runBuilder(builder, {}, { outputs: ["d_unused"] });
    expect(result.dims).toEqual([2, 2]);
    expect(numbers(result)).toEqual([0, 0, 0, 0]);
    expect(() => grad(loss, [unused], { unconnected: "error" })).toThrow(/does not depend on "unused"/);
  });

  it("names the op on the path that has no backward rule", () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float64", [3]);
    const indices = builder.constant([0], "int64", [1, 1]);
    const scattered = scatterND(x, indices, builder.constant([1], "float64", [1]));
    expect(() => grad(scalarLoss(scattered), [x])).toThrow(InvalidArgumentError);
    expect(() => grad(scalarLoss(scattered), [x])).toThrow(/no gradient for op ScatterND/);
  });

  it("rejects integer wrt tensors, foreign tensors and a tensor both wrt and stopped", () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float64", [3]);
    const ids = builder.input("ids", "int64", [3]);
    const loss = scalarLoss(x);
    expect(() => grad(loss, [ids])).toThrow(/not a float tensor/);
    const other = new GraphBuilder().input("y", "float64", [3]);
    expect(() => grad(loss, [other])).toThrow(/another graph/);
    expect(() => grad(loss, [x], { stopGradient: [x] })).toThrow(/both a wrt tensor and a stop-gradient/);
  });

  it("computes a vector-Jacobian product with lossGradient", async () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float64", [3]);
    const y = mul(mul(x, x), 3);
    const v = builder.constant([1, -2, 0.5], "float64", [3]);
    const [dx] = grad(y, [x], { lossGradient: v });
    builder.output(dx, "dx");
    const { dx: result } = await runBuilder(builder, { x: X });
    expect(numbers(result)).toEqual([6 * 0.5 * 1, 6 * -1.25 * -2, 6 * 2 * 0.5]);
  });

  it("sums broadcast gradients back to each operand's static shape", async () => {
    const builder = new GraphBuilder();
    const a = builder.input("a", "float64", [2, 1, 3]);
    const b = builder.input("b", "float64", [4, 1]);
    const loss = scalarLoss(mul(a, b));
    const [da, db] = grad(loss, [a, b]);
    expect(da.shape).toEqual([2, 1, 3]);
    expect(db.shape).toEqual([4, 1]);
    builder.output(da, "da");
    builder.output(db, "db");
    const aValues = new Float64Array([1, 2, 3, 4, 5, 6]);
    const bValues = new Float64Array([1, 10, 100, 1000]);
    const result = await runBuilder(builder, { a: aValues, b: bValues });
    // ∂a[i,0,k] = Σ_j b[j] = 1111; ∂b[j] = Σ a = 21.
    expect(numbers(result.da)).toEqual(new Array(6).fill(1111));
    expect(numbers(result.db)).toEqual([21, 21, 21, 21]);
  });

  it("differentiates an imported graph, including an input of unknown rank", async () => {
    const graph: GraphIR = {
      name: "imported",
      nodes: [
        { op: "Add", name: "add", inputs: ["a", "b"], outputs: ["sum"], attributes: {} },
        {
          op: "ReduceSum",
          name: "total",
          inputs: ["sum"],
          outputs: ["loss"],
          attributes: { keepdims: { kind: "int", value: 0 } },
        },
      ],
      inputs: [
        { name: "a", dtype: "float64", shape: null },
        { name: "b", dtype: "float64", shape: [3] },
      ],
      outputs: [{ name: "loss", dtype: "float64", shape: [] }],
      initializers: [],
    };
    const builder = GraphBuilder.fromGraph(graph);
    const [da, db] = grad(builder, "loss", ["a", "b"]);
    builder.output(da, "da");
    builder.output(db, "db");
    const result = await runBuilder(builder, {
      a: { data: new Float64Array(12), dims: [2, 2, 3] },
      b: new Float64Array([1, 2, 3]),
    });
    expect(result.da.dims).toEqual([2, 2, 3]);
    expect(numbers(result.da)).toEqual(new Array(12).fill(1));
    // b was broadcast over two leading axes of sizes only known at run time.
    expect(numbers(result.db)).toEqual([4, 4, 4]);
  });

  it("gives the same gradients for a builder's graph and its exported-then-imported copy", async () => {
    const original = new GraphBuilder({ seed: 5 });
    const x = original.input("x", "float64", ["batch", 3]);
    const w = original.parameter("w", [3, 2], { kind: "normal", mean: 0, std: 1 }, { dtype: "float64" });
    const loss = scalarLoss(tanh(matMul(x, w)));
    original.output(loss, "loss");
    const [dw] = grad(loss, [w]);
    original.output(dw, "dw");
    const imported = GraphBuilder.fromGraph(
      original.toGraph({ parameters: "initializers", outputs: ["loss"] }),
    );
    const [dwImported] = grad(imported, "loss", [imported.tensor(w.name)]);
    imported.output(dwImported, "dw");
    const feeds = { x: { data: new Float64Array([0.1, 0.2, -0.3, 1, -1, 0.5]), dims: [2, 3] } };
    const expected = await runBuilder(original, feeds);
    const actual = await runBuilder(imported, feeds, { outputs: ["dw"] });
    expect(numbers(actual.dw)).toEqual(numbers(expected.dw));
  });

  it("appends only standard ONNX ops, after the forward nodes, under the gradients scope", () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float64", [2, 3]);
    const w = builder.input("w", "float64", [3, 4]);
    const forward = builder.nodeCount;
    const loss = scalarLoss(tanh(matMul(x, w)));
    const before = builder.nodes.slice(0, builder.nodeCount);
    grad(loss, [x, w]);
    expect(builder.nodes.slice(0, before.length)).toEqual(before);
    const backward = builder.nodes.slice(before.length);
    expect(backward.length).toBeGreaterThan(0);
    expect(forward).toBe(0);
    for (const node of backward) {
      expect(node.domain ?? "").toBe("");
      expect(node.name.startsWith("gradients/")).toBe(true);
    }
  });

  it("differentiates a shared weight of batched rows with one Gemm, not a batched product and a sum", () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float32", ["batch", "time", 4]);
    const w = builder.input("w", "float32", [4, 2]);
    const loss = scalarLoss(matMul(x, w));
    const start = builder.nodeCount;
    const [dw] = grad(loss, [w]);
    const backward = builder.nodes.slice(start).map((node) => node.op);
    expect(backward).toContain("Gemm");
    expect(backward).not.toContain("MatMul");
    expect(dw.shape).toEqual([4, 2]);
  });

  it("can be called twice on one graph (two losses, unique names)", async () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float64", [3]);
    const [first] = grad(scalarLoss(mul(x, x)), [x]);
    const [second] = grad(scalarLoss(mul(x, 3)), [x]);
    builder.output(first, "first");
    builder.output(second, "second");
    const result = await runBuilder(builder, { x: X });
    expect(numbers(result.first)).toEqual(Array.from(X, (v) => 2 * v));
    expect(numbers(result.second)).toEqual([3, 3, 3]);
  });
});

describe("gradcheck", () => {
  it("catches a wrong backward rule", async () => {
    // d tanh = 1 − y², written wrongly as 1 − y.
    const wrongTanh: BackwardRule = (context) => [
      mul(context.outputGradients[0]!, sub(1, context.outputs[0])),
    ];
    const testCase = {
      op: "Tanh",
      variant: "wrong rule",
      inputs: [{ name: "x", shape: [2, 3] }],
      build: (_: GraphBuilder, [x]: readonly Tensor[]) => tanh(x),
    };
    const right = await gradcheck(testCase);
    const wrong = await gradcheck(testCase, { rules: { Tanh: wrongTanh } });
    expect(right.passed).toBe(true);
    expect(wrong.passed).toBe(false);
    expect(wrong.maxRelativeError).toBeGreaterThan(0.05);
  });
});
