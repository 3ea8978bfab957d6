/**
 * Small hand-written ModelIR graphs shared by the serializer and runtime tests. They are written
 * out literally (not with the graph builder) so these tests check serialization and the runtime on
 * their own, whatever state the builder is in.
 */
import type {
  AttributeValue,
  Dim,
  DType,
  GraphIR,
  ModelIR,
  NodeIR,
  TensorData,
  ValueInfo,
} from "../ir/ir.js";
import { DEFAULT_OPSET } from "../ir/ir.js";

export function value(name: string, dtype: DType, shape: readonly Dim[] | null): ValueInfo {
  return { name, dtype, shape };
}

export function node(
  op: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: Record<string, AttributeValue> = {},
): NodeIR {
  return { op, name: `${op}_${outputs[0]}`, inputs, outputs, attributes };
}

export function model(
  graph: Omit<GraphIR, "name" | "initializers"> & Partial<GraphIR>,
  metadata: Record<string, string> = {},
): ModelIR {
  return {
    graph: { name: "test", initializers: [], ...graph },
    opsetVersion: DEFAULT_OPSET,
    producerName: "@lab/nn tests",
    producerVersion: "0.0.0",
    metadata,
  };
}

/** z = x + y over a symbolic batch dimension. */
export function addModel(): ModelIR {
  return model({
    nodes: [node("Add", ["x", "y"], ["z"])],
    inputs: [value("x", "float32", ["batch", 3]), value("y", "float32", ["batch", 3])],
    outputs: [value("z", "float32", ["batch", 3])],
  });
}

/** c = a @ b with static shapes. */
export function matMulModel(m: number, k: number, n: number): ModelIR {
  return model({
    nodes: [node("MatMul", ["a", "b"], ["c"])],
    inputs: [value("a", "float32", [m, k]), value("b", "float32", [k, n])],
    outputs: [value("c", "float32", [m, n])],
  });
}

export function reluModel(): ModelIR {
  return model({
    nodes: [node("Relu", ["x"], ["y"])],
    inputs: [value("x", "float32", ["n"])],
    outputs: [value("y", "float32", ["n"])],
  });
}

/** Gemm with non-default alpha, beta and transB, and its bias C stored as an initializer. */
export function gemmModel(bias: Float32Array): ModelIR {
  const c: TensorData = { name: "c", dtype: "float32", dims: [bias.length], data: bias };
  return model({
    nodes: [
      node("Gemm", ["a", "b", "c"], ["y"], {
        alpha: { kind: "float", value: 0.5 },
        beta: { kind: "float", value: 2 },
        transB: { kind: "int", value: 1 },
      }),
    ],
    inputs: [value("a", "float32", ["batch", 3]), value("b", "float32", [bias.length, 3])],
    outputs: [value("y", "float32", ["batch", bias.length])],
    initializers: [c],
  });
}

/** Rows of an embedding table (an initializer) picked by int64 indices. */
export function gatherModel(table: Float32Array, rows: number, columns: number): ModelIR {
  return model({
    nodes: [node("Gather", ["table", "indices"], ["rows"], { axis: { kind: "int", value: 0 } })],
    inputs: [value("indices", "int64", ["batch"])],
    outputs: [value("rows", "float32", ["batch", columns])],
    initializers: [{ name: "table", dtype: "float32", dims: [rows, columns], data: table }],
  });
}
