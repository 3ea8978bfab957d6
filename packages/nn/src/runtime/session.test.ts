import { InvalidArgumentError, LabError } from "@lab/core";
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { serializeModel } from "../onnx/serialize.js";
import { addModel, gatherModel, matMulModel, model, node, value } from "../onnx/test-models.js";
import { createSession, type GraphSession } from "./session.js";

const open: GraphSession[] = [];
afterAll(async () => {
  for (const session of open) await session.release();
});

async function session(...args: Parameters<typeof createSession>): Promise<GraphSession> {
  const created = await createSession(...args);
  open.push(created);
  return created;
}

/** x: [batch, time, 2] with two symbolic dims, so a length alone cannot give its shape. */
function twoSymbolicDims() {
  return model({
    nodes: [node("Relu", ["x"], ["y"])],
    inputs: [value("x", "float32", ["batch", "time", 2])],
    outputs: [value("y", "float32", ["batch", "time", 2])],
  });
}

describe("createSession / run", () => {
  it("runs a ModelIR on CPU with the requested thread count", async () => {
    const graph = await session(addModel(), { threads: 1, graphOptimizationLevel: "basic" });
    expect(graph.device).toBe("cpu");
    expect(graph.threads).toBe(1);
    expect(graph.inputs.map((input) => input.name)).toEqual(["x", "y"]);
    const { z } = await graph.run({
      x: new Float32Array([1, 2, 3, 4, 5, 6]),
      y: new Float32Array(6).fill(0.5),
    });
    expect(z.dtype).toBe("float32");
    expect(z.dims).toEqual([2, 3]);
    expect(Array.from(z.data as Float32Array)).toEqual([1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
  });

  it("fills the one symbolic dim from the data length, and takes explicit dims", async () => {
    const graph = await session(addModel());
    const bare = await graph.run({ x: new Float32Array(12), y: new Float32Array(12) });
    expect(bare.z.dims).toEqual([4, 3]);
    const explicit = await graph.run({
      x: { data: new Float32Array(3), dims: [1, 3] },
      y: new Float32Array(3),
    });
    expect(explicit.z.dims).toEqual([1, 3]);
  });

  it("uses static dims as declared", async () => {
    const graph = await session(matMulModel(2, 3, 2));
    const { c } = await graph.run({
      a: new Float32Array([1, 2, 3, 4, 5, 6]),
      b: new Float32Array([1, 0, 0, 1, 1, 1]),
    });
    expect(c.dims).toEqual([2, 2]);
    expect(Array.from(c.data as Float32Array)).toEqual([4, 5, 10, 11]);
  });

  it("feeds int64 indices and excludes initializers from the inputs to feed", async () => {
    const table = Float32Array.from({ length: 8 }, (_, i) => i);
    const bytes = serializeModel(gatherModel(table, 4, 2));
    const graph = await session(bytes);
    expect(graph.inputs).toEqual([{ name: "indices", dtype: "int64", shape: ["batch"] }]);
    const { rows } = await graph.run({ indices: new BigInt64Array([3n, 1n]) });
    expect(rows.dims).toEqual([2, 2]);
    expect(Array.from(rows.data as Float32Array)).toEqual([6, 7, 2, 3]);
  });

  it("returns only the requested outputs", async () => {
    const graph = await session(
      model({
        nodes: [node("Neg", ["x"], ["negative"]), node("Abs", ["x"], ["magnitude"])],
        inputs: [value("x", "float32", [2])],
        outputs: [value("negative", "float32", [2]), value("magnitude", "float32", [2])],
      }),
    );
    const outputs = await graph.run({ x: new Float32Array([-1, 2]) }, ["magnitude"]);
    expect(Object.keys(outputs)).toEqual(["magnitude"]);
    expect(Array.from(outputs.magnitude.data as Float32Array)).toEqual([1, 2]);
  });

  it("reads inputs without copying them, so changes between runs are seen", async () => {
    const graph = await session(addModel());
    const x = new Float32Array([1, 1, 1]);
    const y = new Float32Array(3);
    expect(Array.from((await graph.run({ x, y })).z.data as Float32Array)).toEqual([1, 1, 1]);
    x.fill(5);
    expect(Array.from((await graph.run({ x, y })).z.data as Float32Array)).toEqual([5, 5, 5]);
  });
});

describe("run rejects bad feeds by name before reaching onnxruntime", () => {
  it.each([
    [
      "a wrong dtype",
      { x: new Float64Array(3), y: new Float32Array(3) },
      /input "x" is float32 but got a Float64Array/,
    ],
    [
      "a length that fills no batch",
      { x: new Float32Array(4), y: new Float32Array(3) },
      /input "x" has shape \[batch, 3\] but 4 values do not fill it/,
    ],
    [
      "dims against the declared shape",
      { x: { data: new Float32Array(4), dims: [2, 2] }, y: new Float32Array(3) },
      /dims \[2, 2\] do not match/,
    ],
    [
      "dims against the data length",
      { x: { data: new Float32Array(4), dims: [2, 3] }, y: new Float32Array(3) },
      /dims \[2, 3\] need 6 values but got 4/,
    ],
    [
      "an unknown input",
      { x: new Float32Array(3), y: new Float32Array(3), w: new Float32Array(1) },
      /"w" is not a graph input; inputs: x, y/,
    ],
    ["a missing input", { x: new Float32Array(3) }, /missing graph input\(s\): y/],
  ])("%s", async (_label, feeds, message) => {
    const graph = await session(addModel());
    await expect(graph.run(feeds)).rejects.toThrow(InvalidArgumentError);
    await expect(graph.run(feeds)).rejects.toThrow(message);
  });

  it("asks for dims when a shape has two symbolic dims", async () => {
    const graph = await session(twoSymbolicDims());
    await expect(graph.run({ x: new Float32Array(8) })).rejects.toThrow(
      /input "x" has shape \[batch, time, 2\], which a length alone cannot fill in; pass \{ data, dims \}/,
    );
    const { y } = await graph.run({ x: { data: new Float32Array(8).fill(-1), dims: [2, 2, 2] } });
    expect(y.dims).toEqual([2, 2, 2]);
  });

  it("asks for dims when the rank is unknown, and fills an unnamed unknown dim from the length", async () => {
    const graph = await session(
      model({
        nodes: [node("Relu", ["x"], ["y"]), node("Relu", ["u"], ["v"])],
        inputs: [value("x", "float32", null), value("u", "float32", [2, ""])],
        outputs: [value("y", "float32", null), value("v", "float32", [2, ""])],
      }),
    );
    await expect(graph.run({ x: new Float32Array(4), u: new Float32Array(6) })).rejects.toThrow(
      /input "x" has shape of unknown rank, which a length alone cannot fill in/,
    );
    const { y, v } = await graph.run({
      x: { data: new Float32Array(4), dims: [4, 1] },
      u: new Float32Array(6),
    });
    expect(y.dims).toEqual([4, 1]);
    expect(v.dims).toEqual([2, 3]);
  });

  it("an unknown output name", async () => {
    const graph = await session(addModel());
    await expect(graph.run({ x: new Float32Array(3), y: new Float32Array(3) }, ["w"])).rejects.toThrow(
      /"w" is not a graph output; outputs: z/,
    );
  });

  it("reports onnxruntime's own failures as one-line LabErrors", async () => {
    const graph = await session(addModel());
    const failure = graph.run({ x: { data: new Float32Array(6), dims: [2, 3] }, y: new Float32Array(9) });
    await expect(failure).rejects.toThrow(LabError);
    await expect(failure).rejects.toThrow(/^running the graph failed: [^\n]*broadcast[^\n]*$/);
  });

  it("refuses bad options", async () => {
    await expect(createSession(addModel(), { threads: 0 })).rejects.toThrow(
      /threads must be a positive integer/,
    );
  });

  it("refuses runs after release", async () => {
    const graph = await createSession(addModel());
    await graph.release();
    await graph.release();
    await expect(graph.run({ x: new Float32Array(3), y: new Float32Array(3) })).rejects.toThrow(/released/);
  });
});

describe("runInto: outputs written into the caller's arrays", () => {
  it("fills the targets in place and returns them", async () => {
    const graph = await session(addModel());
    const z = new Float32Array(6).fill(Number.NaN);
    const outputs = await graph.runInto(
      { x: new Float32Array([1, 2, 3, 4, 5, 6]), y: new Float32Array(6).fill(1) },
      { z },
    );
    expect(outputs.z.data).toBe(z);
    expect(outputs.z.dims).toEqual([2, 3]);
    expect(Array.from(z)).toEqual([2, 3, 4, 5, 6, 7]);
    await graph.runInto({ x: new Float32Array(6), y: new Float32Array(6).fill(-2) }, { z });
    expect(Array.from(z)).toEqual([-2, -2, -2, -2, -2, -2]);
  });

  it("rejects a target whose shape differs from the computed one", async () => {
    const graph = await session(addModel());
    await expect(
      graph.runInto({ x: new Float32Array(6), y: new Float32Array(6) }, { z: new Float32Array(3) }),
    ).rejects.toThrow(/running the graph failed: .*shape \{1,3\}.*\{2,3\}/);
  });
});

/**
 * Pins the onnxruntime-node 1.30 behaviour that runInto's documentation relies on: a preallocated
 * fetch is written in place, yet run() returns a separate copy of it.
 */
describe("onnxruntime-node preallocated fetches", () => {
  it("are written in place, and the returned tensor is a copy", async () => {
    const raw = await ort.InferenceSession.create(serializeModel(addModel()), { logSeverityLevel: 4 });
    const x = new ort.Tensor("float32", new Float32Array([1, 2, 3]), [1, 3]);
    const target = new Float32Array(3);
    const results = await raw.run({ x, y: x }, { z: new ort.Tensor("float32", target, [1, 3]) });
    expect(Array.from(target)).toEqual([2, 4, 6]);
    expect((results.z.data as Float32Array).buffer).not.toBe(target.buffer);
    await raw.release();
  });
});
