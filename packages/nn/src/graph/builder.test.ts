import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_OPSET } from "../ir/ir.js";
import { GraphBuilder } from "./builder.js";
import { init } from "./initializers.js";
import { relu } from "./ops/activations.js";
import { add, mul } from "./ops/elementwise.js";
import { matMul } from "./ops/matmul.js";
import { numbers, runBuilder } from "./testing.js";

describe("GraphBuilder naming", () => {
  it("prefixes scoped names and makes generated names unique", () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float32", ["batch", 3]);
    const w = builder.scope("encoder", () =>
      builder.scope("layer1", () => builder.parameter("weight", [3, 3], init.zeros())),
    );
    expect(w.name).toBe("encoder/layer1/weight");
    const first = relu(x);
    const second = relu(x);
    const scoped = builder.scope("head", () => relu(x));
    expect(first.name).toBe("Relu");
    expect(second.name).toBe("Relu_1");
    expect(scoped.name).toBe("head/Relu");
    const nodeNames = builder.nodes.map((node) => node.name);
    const valueNames = builder.nodes.flatMap((node) => node.outputs);
    expect(new Set(nodeNames).size).toBe(nodeNames.length);
    expect(new Set(valueNames).size).toBe(valueNames.length);
  });

  it("rejects repeated explicit names and tensors of another builder", () => {
    const builder = new GraphBuilder({ name: "g" });
    builder.input("x", "float32", [2]);
    expect(() => builder.input("x", "float32", [2])).toThrow(InvalidArgumentError);
    builder.parameter("w", [2], init.ones());
    expect(() => builder.parameter("w", [2], init.ones())).toThrow(/already used/);
    const foreign = new GraphBuilder().input("y", "float32", [2]);
    expect(() => add(builder.tensor("x"), foreign)).toThrow(/another graph/);
    expect(() => builder.tensor("missing")).toThrow(/no value named "missing"/);
  });

  it("shares one constant per scalar value and dtype", () => {
    const builder = new GraphBuilder();
    expect(builder.scalar(2, "float32")).toBe(builder.scalar(2, "float32"));
    expect(builder.scalar(2, "float32")).not.toBe(builder.scalar(2, "float64"));
  });
});

describe("GraphBuilder parameters", () => {
  it("draws the same initial values for the same seed and different ones for another", () => {
    const draw = (seed: number) => {
      const builder = new GraphBuilder({ seed });
      builder.parameter("a", [4, 3], init.glorotUniform());
      builder.parameter("b", [3], init.normal(0, 1));
      return builder.parameters.map((parameter) => Array.from(parameter.initial.data as Float32Array));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)[0]).not.toEqual(draw(8)[0]);
  });

  it("makes parameters graph inputs for training and initializers for export", () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float32", ["batch", 2]);
    const w = builder.parameter("w", [2, 2], init.values([1, 2, 3, 4]));
    builder.output(matMul(x, w), "y");
    const training = builder.toGraph();
    expect(training.inputs.map((input) => input.name)).toEqual(["x", "w"]);
    expect(training.initializers.map((tensor) => tensor.name)).not.toContain("w");
    const exported = builder.toGraph({
      parameters: "initializers",
      parameterValues: { w: new Float32Array([5, 6, 7, 8]) },
    });
    expect(exported.inputs.map((input) => input.name)).toEqual(["x"]);
    const stored = exported.initializers.find((tensor) => tensor.name === "w")!;
    expect(Array.from(stored.data as Float32Array)).toEqual([5, 6, 7, 8]);
    expect(() =>
      builder.toGraph({ parameters: "initializers", parameterValues: { w: new Float32Array(3) } }),
    ).toThrow(/Float32Array of 4 elements/);
  });

  it("runs with stored parameters and computes what the graph says", async () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float32", ["batch", 2]);
    const w = builder.parameter("w", [2, 2], init.values([1, 2, 3, 4]));
    const b = builder.parameter("b", [2], init.constant(0.5));
    builder.output(relu(add(matMul(x, w), b)), "y");
    const { y } = await runBuilder(builder, { x: { data: new Float32Array([1, -1, 2, 0]), dims: [2, 2] } });
    expect(y.dims).toEqual([2, 2]);
    // [1, −1]·W = [−2, −2] → relu 0; [2, 0]·W = [2, 4] → [2.5, 4.5].
    expect(numbers(y)).toEqual([0, 0, 2.5, 4.5]);
  });
});

describe("GraphBuilder export", () => {
  it("names outputs through Identity and prunes what the kept outputs do not use", () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float32", ["batch", 2]);
    const labels = builder.input("labels", "float32", ["batch", 2]);
    const prediction = mul(x, 2);
    builder.output(prediction, "prediction");
    builder.output(add(prediction, labels), "with_labels");
    expect(() => builder.output(prediction, "prediction")).toThrow(/declared twice/);
    const inference = builder.toGraph({ outputs: ["prediction"] });
    expect(inference.outputs.map((output) => output.name)).toEqual(["prediction"]);
    expect(inference.inputs.map((input) => input.name)).toEqual(["x"]);
    expect(inference.nodes.some((node) => node.op === "Add")).toBe(false);
    expect(inference.nodes.find((node) => node.outputs[0] === "prediction")?.op).toBe("Identity");
    const everything = builder.toGraph({ outputs: ["prediction"], prune: false });
    expect(everything.inputs.map((input) => input.name)).toEqual(["x", "labels"]);
    expect(() => builder.toGraph({ outputs: ["nope"] })).toThrow(/not a declared output/);
  });

  it("writes unknown output dims as unnamed ('') and keeps symbolic ones", () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float32", ["batch", 6]);
    const shape = builder.input("target_shape", "int64", [2]);
    builder.output(builder.node("Reshape", [x, shape])[0], "reshaped");
    builder.output(relu(x), "activated");
    const graph = builder.toGraph();
    expect(graph.outputs.find((output) => output.name === "reshaped")?.shape).toEqual(["", ""]);
    expect(graph.outputs.find((output) => output.name === "activated")?.shape).toEqual(["batch", 6]);
  });

  it("produces an opset-17 model with metadata", () => {
    const builder = new GraphBuilder({ name: "tiny" });
    builder.output(relu(builder.input("x", "float32", [1])), "y");
    const model = builder.toModel({ metadata: { labels: "[]" }, docString: "a test" });
    expect(model.opsetVersion).toBe(DEFAULT_OPSET);
    expect(model.graph.name).toBe("tiny");
    expect(model.metadata).toEqual({ labels: "[]" });
    expect(model.docString).toBe("a test");
    expect(model.producerName).toBe("@lab/nn");
  });

  it("re-imports its own graph with the same names, nodes and shapes", () => {
    const builder = new GraphBuilder({ name: "round_trip" });
    const x = builder.input("x", "float32", ["batch", 3]);
    const w = builder.parameter("w", [3, 2], init.ones());
    builder.output(relu(matMul(x, w)), "y");
    const graph = builder.toGraph({ parameters: "initializers" });
    const imported = GraphBuilder.fromGraph(graph);
    expect(imported.toGraph()).toEqual(graph);
    expect(imported.tensor("y").shape).toEqual(["batch", 2]);
  });
});
