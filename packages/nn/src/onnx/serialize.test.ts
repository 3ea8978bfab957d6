import { DataFormatError, InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import type { ModelIR, TensorData } from "../ir/ir.js";
import { parseModel, readModelInfo } from "./parse.js";
import { type OnnxTypes, onnx } from "./proto.js";
import { irVersionForOpset, serializeModel } from "./serialize.js";
import { addModel, model, node, value } from "./test-models.js";

const everyDType: TensorData[] = [
  { name: "f32", dtype: "float32", dims: [2, 2], data: new Float32Array([1.5, -2, 3.25, 1e-30]) },
  { name: "f64", dtype: "float64", dims: [3], data: new Float64Array([Math.PI, -1e300, 0]) },
  { name: "i32", dtype: "int32", dims: [2], data: new Int32Array([-2147483648, 2147483647]) },
  {
    name: "i64",
    dtype: "int64",
    dims: [3],
    data: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 42n]),
  },
  { name: "b", dtype: "bool", dims: [4], data: new Uint8Array([1, 0, 0, 1]) },
  { name: "u8", dtype: "uint8", dims: [1, 3], data: new Uint8Array([0, 128, 255]) },
  { name: "scalar", dtype: "float32", dims: [], data: new Float32Array([7]) },
  { name: "empty", dtype: "float32", dims: [0, 4], data: new Float32Array(0) },
];

/** Uses every part of ModelIR, with float attributes exactly representable in float32. */
function everythingModel(): ModelIR {
  return {
    graph: {
      name: "everything",
      nodes: [
        node("Gemm", ["x", "f32", ""], ["g"], {
          alpha: { kind: "float", value: 0.5 },
          transB: { kind: "int", value: 1 },
        }),
        node("Custom", ["g"], ["y"], {
          ints: { kind: "ints", value: [-1, 0, 2 ** 40] },
          floats: { kind: "floats", value: [0.25, -8] },
          text: { kind: "string", value: "héllo" },
          texts: { kind: "strings", value: ["a", "", "ü"] },
          table: { kind: "tensor", value: everyDType[3] },
        }),
        { ...node("Relu", ["y"], ["z"]), domain: "com.microsoft" },
      ],
      inputs: [
        { name: "x", dtype: "float32", shape: ["batch", 2], docString: "features" },
        value("seed", "int64", []),
        value("anything", "float64", null),
        value("partly", "int32", ["", 3, "time"]),
      ],
      outputs: [value("z", "float32", ["batch", 2])],
      initializers: everyDType,
      valueInfo: [value("g", "float32", ["batch", 2])],
    },
    opsetVersion: 17,
    producerName: "@lab/nn",
    producerVersion: "1.2.3",
    metadata: { labels: '["neg","pos"]', note: "" },
    docString: "a model using every field",
  };
}

describe("serializeModel / parseModel", () => {
  it("round-trips every part of ModelIR", () => {
    const original = everythingModel();
    expect(parseModel(serializeModel(original))).toStrictEqual(original);
  });

  it("round-trips a minimal model, leaving empty optional parts absent", () => {
    const original = addModel();
    const parsed = parseModel(serializeModel(original));
    expect(parsed).toStrictEqual(original);
    expect("valueInfo" in parsed.graph).toBe(false);
    expect("docString" in parsed).toBe(false);
  });

  it("stores float attributes as float32, as ONNX does", () => {
    const original = model({
      nodes: [node("LeakyRelu", ["x"], ["y"], { alpha: { kind: "float", value: 0.1 } })],
      inputs: [value("x", "float32", [1])],
      outputs: [value("y", "float32", [1])],
    });
    const attribute = parseModel(serializeModel(original)).graph.nodes[0].attributes.alpha;
    expect(attribute).toEqual({ kind: "float", value: Math.fround(0.1) });
  });

  it("writes the ModelProto fields ONNX tools expect", () => {
    const proto = onnx.ModelProto.decode(serializeModel(everythingModel()));
    expect(Number(proto.irVersion)).toBe(8);
    expect(proto.opsetImport.map((entry) => [entry.domain, Number(entry.version)])).toEqual([
      ["", 17],
      ["com.microsoft", 1],
    ]);
    expect(proto.producerName).toBe("@lab/nn");
    expect(proto.metadataProps.map((entry) => [entry.key, entry.value])).toEqual([
      ["labels", '["neg","pos"]'],
      ["note", ""],
    ]);
    // protobufjs reports which member of the dim_value/dim_param oneof is set as `value`.
    const dims = (index: number) =>
      proto.graph?.input?.[index].type?.tensorType?.shape?.dim?.map((dim) => {
        const set = (dim as OnnxTypes.TensorShapeProto.Dimension).value;
        return set === "dimParam" ? dim.dimParam : set === "dimValue" ? Number(dim.dimValue) : "unset";
      });
    expect(dims(0)).toEqual(["batch", 2]);
    expect(dims(3)).toEqual(["unset", 3, "time"]);
    expect(proto.graph?.input?.[2].type?.tensorType?.shape).toBeNull();
    // 1.5 as float32 is 0x3fc00000: little-endian raw_data puts the low byte first.
    const f32 = proto.graph?.initializer?.find((tensor) => tensor.name === "f32");
    expect([...(f32?.rawData ?? new Uint8Array()).subarray(0, 4)]).toEqual([0x00, 0x00, 0xc0, 0x3f]);
    expect(f32?.floatData).toEqual([]);
  });

  it("maps opsets to the IR version released with them", () => {
    expect(irVersionForOpset(17)).toBe(8);
    expect(irVersionForOpset(19)).toBe(9);
    expect(() => irVersionForOpset(16)).toThrow(InvalidArgumentError);
    expect(() => serializeModel({ ...addModel(), opsetVersion: 99 })).toThrow(/opset 99 is not supported/);
  });

  it("reads tensors stored in the typed fields by other exporters", () => {
    const bytes = onnx.ModelProto.encode({
      irVersion: 7,
      opsetImport: [{ domain: "ai.onnx", version: 13 }],
      graph: {
        name: "external",
        initializer: [
          { name: "f", dims: [2], dataType: 1, floatData: [0.5, -1] },
          { name: "d", dims: [1], dataType: 11, doubleData: [1e-300] },
          { name: "l", dims: [2], dataType: 7, int64Data: ["-9007199254740993", 5] },
          { name: "b", dims: [3], dataType: 9, int32Data: [1, 0, 1] },
        ],
      },
    }).finish();
    const parsed = parseModel(bytes);
    expect(parsed.opsetVersion).toBe(13);
    expect(parsed.graph.initializers.map((tensor) => [tensor.name, tensor.data])).toEqual([
      ["f", new Float32Array([0.5, -1])],
      ["d", new Float64Array([1e-300])],
      ["l", new BigInt64Array([-9007199254740993n, 5n])],
      ["b", new Uint8Array([1, 0, 1])],
    ]);
  });
});

describe("serializeModel rejects malformed IR by name", () => {
  const withInitializer = (tensor: TensorData) =>
    model({ nodes: [], inputs: [], outputs: [], initializers: [tensor] });

  it("data length that does not match dims", () => {
    const bad = withInitializer({ name: "w", dtype: "float32", dims: [2, 3], data: new Float32Array(5) });
    expect(() => serializeModel(bad)).toThrow(/tensor "w" has dims \[2, 3\] \(6 elements\) but 5 values/);
  });

  it("data of the wrong typed-array class", () => {
    const bad = withInitializer({ name: "w", dtype: "int64", dims: [2], data: new Int32Array(2) });
    expect(() => serializeModel(bad)).toThrow(/tensor "w" is int64 but its data is a Int32Array/);
  });

  it("a non-integer int attribute", () => {
    const bad = model({
      nodes: [node("Flatten", ["x"], ["y"], { axis: { kind: "int", value: 1.5 } })],
      inputs: [],
      outputs: [],
    });
    expect(() => serializeModel(bad)).toThrow(/attribute "axis" of node "Flatten_y" \(Flatten\)/);
  });
});

describe("parseModel rejects what is not a usable ONNX model", () => {
  const valid = serializeModel(addModel());

  it.each([
    ["empty bytes", new Uint8Array(0)],
    ["text", new TextEncoder().encode("this is a CSV file,\n1,2,3\n")],
    ["a truncated model", valid.subarray(0, valid.length - 7)],
    ["random bytes", Uint8Array.from({ length: 256 }, (_, i) => (i * 7919 + 13) % 251)],
  ])("%s", (_label, bytes) => {
    expect(() => parseModel(bytes)).toThrow(DataFormatError);
  });

  it("element types outside DType, naming the value and its type", () => {
    const bytes = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ version: 17 }],
      graph: { name: "half", input: [{ name: "h", type: { tensorType: { elemType: 10 } } }] },
    }).finish();
    expect(() => parseModel(bytes)).toThrow(/graph input "h" has element type float16/);
  });

  it("weights kept in an external file", () => {
    const bytes = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ version: 17 }],
      graph: { name: "big", initializer: [{ name: "w", dims: [1], dataType: 1, dataLocation: 1 }] },
    }).finish();
    expect(() => parseModel(bytes)).toThrow(/initializer tensor "w" keeps its data in an external file/);
  });

  it("subgraph attributes, while readModelInfo still reads the signature", () => {
    const bytes = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ version: 17 }],
      metadataProps: [{ key: "k", value: "v" }],
      graph: {
        name: "branchy",
        node: [{ opType: "If", name: "if", attribute: [{ name: "then_branch", type: 5, g: {} }] }],
        input: [{ name: "c", type: { tensorType: { elemType: 9, shape: { dim: [] } } } }],
      },
    }).finish();
    expect(() => parseModel(bytes)).toThrow(
      /attribute "then_branch" of node "if" \(If\) has attribute type GRAPH/,
    );
    expect(readModelInfo(bytes)).toMatchObject({
      opsetVersion: 17,
      metadata: { k: "v" },
      inputs: [{ name: "c", dtype: "bool", shape: [] }],
    });
  });
});
