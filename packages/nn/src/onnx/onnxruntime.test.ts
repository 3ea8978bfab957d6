/**
 * The serializer's output is only useful if ONNX Runtime accepts it, so these tests load serialized
 * graphs into onnxruntime-node directly (not through our runtime wrapper) and check the results
 * against the same computation done in plain JS.
 */
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import type { ModelIR } from "../ir/ir.js";
import { serializeModel } from "./serialize.js";
import {
  addModel,
  gatherModel,
  gemmModel,
  matMulModel,
  model,
  node,
  reluModel,
  value,
} from "./test-models.js";

const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  for (const session of sessions) await session.release();
});

async function load(ir: ModelIR): Promise<ort.InferenceSession> {
  const session = await ort.InferenceSession.create(serializeModel(ir), { logSeverityLevel: 4 });
  sessions.push(session);
  return session;
}

/** Deterministic values in [-1, 1) without a seeded RNG dependency. */
function pattern(length: number, salt: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => (((i + 1) * 2654435761 + salt * 97) % 2000) / 1000 - 1);
}

function matMulReference(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
      c[i * n + j] = sum;
    }
  return c;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

describe("onnxruntime-node runs serialized graphs", () => {
  it("Add over a symbolic batch dimension, for two different batch sizes", async () => {
    const session = await load(addModel());
    expect(session.inputMetadata[0]).toMatchObject({ name: "x", type: "float32", shape: ["batch", 3] });
    for (const batch of [1, 4]) {
      const x = pattern(batch * 3, 1);
      const y = pattern(batch * 3, 2);
      const { z } = await session.run({
        x: new ort.Tensor("float32", x, [batch, 3]),
        y: new ort.Tensor("float32", y, [batch, 3]),
      });
      expect(z.dims).toEqual([batch, 3]);
      expectClose(
        z.data as Float32Array,
        x.map((v, i) => v + y[i]),
      );
    }
  });

  it("MatMul", async () => {
    const [m, k, n] = [5, 7, 3];
    const a = pattern(m * k, 3);
    const b = pattern(k * n, 4);
    const { c } = await (await load(matMulModel(m, k, n))).run({
      a: new ort.Tensor("float32", a, [m, k]),
      b: new ort.Tensor("float32", b, [k, n]),
    });
    expectClose(c.data as Float32Array, matMulReference(a, b, m, k, n));
  });

  it("Gemm with alpha, beta, transB and an initializer bias", async () => {
    const bias = new Float32Array([0.5, -1, 2, 0]);
    const [batch, n] = [2, bias.length];
    const a = pattern(batch * 3, 5);
    const b = pattern(n * 3, 6);
    const { y } = await (await load(gemmModel(bias))).run({
      a: new ort.Tensor("float32", a, [batch, 3]),
      b: new ort.Tensor("float32", b, [n, 3]),
    });
    const expected = new Float32Array(batch * n);
    for (let i = 0; i < batch; i++)
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let p = 0; p < 3; p++) dot += a[i * 3 + p] * b[j * 3 + p];
        expected[i * n + j] = 0.5 * dot + 2 * bias[j];
      }
    expect(y.dims).toEqual([batch, n]);
    expectClose(y.data as Float32Array, expected);
  });

  it("Relu", async () => {
    const x = pattern(11, 7);
    const { y } = await (await load(reluModel())).run({ x: new ort.Tensor("float32", x, [11]) });
    expect(Array.from(y.data as Float32Array)).toEqual(Array.from(x, (v) => Math.max(v, 0)));
  });

  it("Gather with int64 indices from an initializer table", async () => {
    const [rows, columns] = [6, 4];
    const table = pattern(rows * columns, 8);
    const indices = new BigInt64Array([5n, 0n, 5n, 2n]);
    const result = await (await load(gatherModel(table, rows, columns))).run({
      indices: new ort.Tensor("int64", indices, [indices.length]),
    });
    const expected = Array.from(indices).flatMap((row) =>
      Array.from(table.subarray(Number(row) * columns, (Number(row) + 1) * columns)),
    );
    expect(result.rows.dims).toEqual([4, columns]);
    expect(Array.from(result.rows.data as Float32Array)).toEqual(expected);
  });

  it("bool and float64 tensors, with a tensor-valued attribute (Constant)", async () => {
    const session = await load(
      model({
        nodes: [
          node("Constant", [], ["fallback"], {
            value: {
              kind: "tensor",
              value: { name: "fallback", dtype: "float64", dims: [3], data: new Float64Array([-1, -2, -3]) },
            },
          }),
          node("Where", ["keep", "x", "fallback"], ["y"]),
        ],
        inputs: [value("keep", "bool", [3]), value("x", "float64", [3])],
        outputs: [value("y", "float64", [3])],
      }),
    );
    const { y } = await session.run({
      keep: new ort.Tensor("bool", new Uint8Array([1, 0, 1]), [3]),
      x: new ort.Tensor("float64", new Float64Array([10, 20, 30]), [3]),
    });
    expect(Array.from(y.data as Float64Array)).toEqual([10, -2, 30]);
  });
});
