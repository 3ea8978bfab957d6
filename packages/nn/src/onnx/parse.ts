import { DataFormatError } from "@lab/core";
import type { AttributeValue, Dim, GraphIR, ModelIR, NodeIR, ValueInfo } from "../ir/ir.js";
import { dtypeFromOnnx, onnxTypeName } from "./dtypes.js";
import { type OnnxTypes, onnx } from "./proto.js";
import { int64ToSafeNumber, type ProtoInt64, tensorFromProto } from "./tensor.js";

/**
 * What a model declares about itself, read without converting its nodes and weights: enough to
 * describe and feed an exported model, and tolerant of node attributes and initializer types that
 * ModelIR cannot represent (a model exported by another tool still loads for inference).
 */
export interface ModelInfo {
  readonly irVersion: number;
  readonly opsetVersion: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString?: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly graphName: string;
  /** Graph inputs, including those that also have an initializer (a default the caller may override). */
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly initializerNames: readonly string[];
}

/**
 * Decodes ONNX ModelProto bytes into ModelIR: the inverse of serializeModel. Throws DataFormatError
 * for bytes that are not an ONNX model and for content ModelIR cannot hold (element types beyond
 * DType, subgraph attributes, external weights, non-tensor inputs). Optional parts that are empty
 * (valueInfo, docString, a node's default domain) come back absent.
 */
export function parseModel(bytes: Uint8Array): ModelIR {
  const proto = decodeModelProto(bytes);
  const info = infoFromProto(proto);
  const graphProto = proto.graph as OnnxTypes.IGraphProto;
  const valueInfo = (graphProto.valueInfo ?? []).map((value) => valueInfoFromProto(value, "value_info"));
  const graph: GraphIR = {
    name: info.graphName,
    nodes: (graphProto.node ?? []).map(nodeFromProto),
    inputs: info.inputs,
    outputs: info.outputs,
    initializers: (graphProto.initializer ?? []).map((tensor) => tensorFromProto(tensor, "initializer")),
    ...(valueInfo.length > 0 ? { valueInfo } : {}),
  };
  return {
    graph,
    opsetVersion: info.opsetVersion,
    producerName: info.producerName,
    producerVersion: info.producerVersion,
    metadata: info.metadata,
    ...(info.docString !== undefined ? { docString: info.docString } : {}),
  };
}

/** Reads a model's signature and metadata (see ModelInfo). */
export function readModelInfo(bytes: Uint8Array): ModelInfo {
  return infoFromProto(decodeModelProto(bytes));
}

function decodeModelProto(bytes: Uint8Array): OnnxTypes.ModelProto {
  let proto: OnnxTypes.ModelProto;
  try {
    proto = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new DataFormatError(`not an ONNX model (${(error as Error).message})`);
  }
  // Protobuf has no magic number: arbitrary bytes can decode "successfully" into a message with a
  // few stray fields, so a model is recognised by what every ONNX model must have.
  const irVersion = int64ToSafeNumber(proto.irVersion);
  if (irVersion === undefined || irVersion <= 0 || !proto.graph) {
    throw new DataFormatError("not an ONNX model (no IR version or no graph)");
  }
  return proto;
}

function infoFromProto(proto: OnnxTypes.ModelProto): ModelInfo {
  const defaultOpset = (proto.opsetImport ?? []).find((entry) => !entry.domain || entry.domain === "ai.onnx");
  const opsetVersion = int64ToSafeNumber(defaultOpset?.version as ProtoInt64 | undefined);
  if (opsetVersion === undefined || opsetVersion <= 0) {
    throw new DataFormatError("ONNX model declares no opset version for the default domain");
  }
  const graph = proto.graph as OnnxTypes.IGraphProto;
  const metadata: Record<string, string> = {};
  for (const entry of proto.metadataProps ?? []) metadata[entry.key ?? ""] = entry.value ?? "";
  return {
    irVersion: int64ToSafeNumber(proto.irVersion) as number,
    opsetVersion,
    producerName: proto.producerName ?? "",
    producerVersion: proto.producerVersion ?? "",
    ...(proto.docString ? { docString: proto.docString } : {}),
    metadata,
    graphName: graph.name ?? "",
    inputs: (graph.input ?? []).map((value) => valueInfoFromProto(value, "input")),
    outputs: (graph.output ?? []).map((value) => valueInfoFromProto(value, "output")),
    initializerNames: (graph.initializer ?? []).map((tensor) => tensor.name ?? ""),
  };
}

function valueInfoFromProto(proto: OnnxTypes.IValueInfoProto, role: string): ValueInfo {
  const name = proto.name ?? "";
  const tensorType = proto.type?.tensorType;
  if (!tensorType) {
    throw new DataFormatError(`graph ${role} "${name}" is not a tensor, which @lab/nn does not support`);
  }
  const code = tensorType.elemType ?? 0;
  const dtype = dtypeFromOnnx(code);
  if (dtype === undefined) {
    throw new DataFormatError(
      `graph ${role} "${name}" has element type ${onnxTypeName(code)}, which @lab/nn does not support`,
    );
  }
  let shape: Dim[] | null = null;
  if (tensorType.shape) {
    shape = (tensorType.shape.dim ?? []).map((dim): Dim => {
      if (dim.dimParam) return dim.dimParam;
      if (dim.dimValue !== null && dim.dimValue !== undefined) {
        const size = int64ToSafeNumber(dim.dimValue);
        if (size === undefined || size < 0) {
          throw new DataFormatError(`graph ${role} "${name}" has an invalid dimension`);
        }
        return size;
      }
      return "";
    });
  }
  return { name, dtype, shape, ...(proto.docString ? { docString: proto.docString } : {}) };
}

function nodeFromProto(proto: OnnxTypes.INodeProto): NodeIR {
  const node = {
    op: proto.opType ?? "",
    name: proto.name ?? "",
    inputs: proto.input ?? [],
    outputs: proto.output ?? [],
  };
  const attributes: Record<string, AttributeValue> = {};
  for (const attribute of proto.attribute ?? []) {
    attributes[attribute.name ?? ""] = attributeFromProto(attribute, node);
  }
  return { ...node, ...(proto.domain ? { domain: proto.domain } : {}), attributes };
}

const UTF8 = new TextDecoder();

function attributeFromProto(
  proto: OnnxTypes.IAttributeProto,
  node: { op: string; name: string },
): AttributeValue {
  const label = `attribute "${proto.name ?? ""}" of node "${node.name}" (${node.op})`;
  const toInt = (value: ProtoInt64 | null | undefined) => {
    const number = int64ToSafeNumber(value);
    if (number === undefined) {
      throw new DataFormatError(`${label} holds an integer beyond JavaScript's safe range`);
    }
    return number;
  };
  const types = onnx.AttributeProto.AttributeType;
  switch (proto.type) {
    case types.INT:
      return { kind: "int", value: toInt(proto.i as ProtoInt64) };
    case types.FLOAT:
      return { kind: "float", value: proto.f ?? 0 };
    case types.STRING:
      return { kind: "string", value: UTF8.decode(proto.s ?? new Uint8Array()) };
    case types.INTS:
      return { kind: "ints", value: ((proto.ints ?? []) as ProtoInt64[]).map(toInt) };
    case types.FLOATS:
      return { kind: "floats", value: proto.floats ?? [] };
    case types.STRINGS:
      return { kind: "strings", value: (proto.strings ?? []).map((bytes) => UTF8.decode(bytes)) };
    case types.TENSOR:
      if (!proto.t) throw new DataFormatError(`${label} is a tensor attribute without a tensor`);
      return { kind: "tensor", value: tensorFromProto(proto.t, label) };
    default:
      throw new DataFormatError(
        `${label} has attribute type ${types[proto.type ?? 0] ?? proto.type}, which @lab/nn does not support`,
      );
  }
}
