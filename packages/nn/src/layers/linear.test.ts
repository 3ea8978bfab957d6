import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../graph/builder.js";
import { init } from "../graph/initializers.js";
import { dense } from "./dense.js";
import { linear } from "./linear.js";
import { parameterValues, runGraph } from "./testing.js";

describe("linear", () => {
  it("computes x · W + b with W stored [in, out], as one Gemm for 2-D inputs", async () => {
    const g = new GraphBuilder();
    const x = g.input("x", "float32", ["batch", 3]);
    // W = [[1, 2], [3, 4], [5, 6]], b = [10, 20]
    g.output(
      linear(x, 2, { name: "fc", init: init.values([1, 2, 3, 4, 5, 6]), biasInit: init.values([10, 20]) }),
      "y",
    );
    expect(g.parameters.map((p) => [p.tensor.name, p.initial.dims])).toEqual([
      ["fc/weight", [3, 2]],
      ["fc/bias", [2]],
    ]);
    expect(g.nodes.map((node) => node.op)).toContain("Gemm");
    const { y } = await runGraph(g, { x: new Float32Array([1, 0, -1, 2, 1, 0]) });
    // Row 1: [1 - 5, 2 - 6] + b; row 2: [2 + 3, 4 + 4] + b.
    expect(Array.from(y)).toEqual([6, 16, 15, 28]);
  });

  it("maps the last axis of a 3-D input with MatMul + Add, and can omit the bias", async () => {
    const g = new GraphBuilder();
    const x = g.input("x", "float32", ["batch", 2, 2]);
    const y = linear(x, 1, { init: init.values([1, -1]), bias: false });
    expect(y.shape).toEqual(["batch", 2, 1]);
    g.output(y, "y");
    expect(g.parameters.map((p) => p.tensor.name)).toEqual(["linear/weight"]);
    const { y: out } = await runGraph(g, { x: new Float32Array([3, 1, 5, 7, 0, 2, -1, -1]) });
    expect(Array.from(out)).toEqual([2, -2, -2, 0]);
  });

  it("draws Glorot weights within ±√(6 / (in + out)) and He weights with std √(2 / in), reproducibly", () => {
    const build = (seed: number, kind: "glorotUniform" | "heNormal") => {
      const g = new GraphBuilder({ seed });
      linear(g.input("x", "float32", ["batch", 400]), 200, { init: kind });
      return parameterValues(g, "linear/weight");
    };
    const glorot = build(1, "glorotUniform");
    const limit = Math.sqrt(6 / 600);
    expect(Math.max(...glorot.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...glorot.map(Math.abs))).toBeGreaterThan(0.95 * limit);
    const he = build(1, "heNormal");
    const variance = Array.from(he).reduce((total, w) => total + w * w, 0) / he.length;
    expect(Math.sqrt(variance)).toBeCloseTo(Math.sqrt(2 / 400), 3);
    expect(build(1, "heNormal")).toEqual(he);
    expect(build(2, "heNormal")).not.toEqual(he);
  });

  it("names unnamed layers uniquely and rejects inputs without a fixed feature size", () => {
    const g = new GraphBuilder();
    const x = g.input("x", "float32", ["batch", 4]);
    linear(linear(x, 3), 2);
    expect(g.parameters.map((p) => p.tensor.name)).toEqual([
      "linear/weight",
      "linear/bias",
      "linear_1/weight",
      "linear_1/bias",
    ]);
    expect(() => linear(g.input("z", "float32", ["batch", "features"]), 2)).toThrow(
      /last axis has a fixed size/,
    );
    expect(() => linear(g.input("ids", "int64", ["batch", 4]), 2)).toThrow(/float input/);
    expect(() => linear(x, 0)).toThrow(/positive integer/);
  });
});

describe("dense", () => {
  it("applies its activation after the affine map", async () => {
    const g = new GraphBuilder();
    const x = g.input("x", "float32", ["batch", 2]);
    g.output(dense(x, 2, { activation: "relu", init: init.values([1, 0, 0, -1]), name: "d" }), "y");
    expect(g.parameters.map((p) => p.tensor.name)).toEqual(["d/weight", "d/bias"]);
    const { y } = await runGraph(g, { x: new Float32Array([-2, 3, 4, -5]) });
    expect(Array.from(y)).toEqual([0, 0, 4, 5]);
  });
});
