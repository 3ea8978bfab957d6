import { InvalidArgumentError } from "@lab/core";
import type { AttributeValue, ModelIR, NodeIR, ValueInfo } from "../ir/ir.js";
import { ONNX_DATA_TYPE } from "./dtypes.js";
import { type OnnxTypes, onnx } from "./proto.js";
import { tensorToProto } from "./tensor.js";

/**
 * The ONNX IR version released together with each default-domain opset (ONNX's versioning table).
 * A runtime rejects a model whose IR version is older than its opset requires, and an IR version
 * newer than needed would shut out older runtimes for no gain.
 */
const IR_VERSION_BY_OPSET: Readonly<Record<number, number>> = {
  17: 8,
  18: 8,
  19: 9,
  20: 9,
  21: 10,
  22: 10,
  23: 11,
};

export function irVersionForOpset(opset: number): number {
  const irVersion = IR_VERSION_BY_OPSET[opset];
  if (irVersion === undefined) {
    const known = Object.keys(IR_VERSION_BY_OPSET);
    throw new InvalidArgumentError(
      `ONNX opset ${opset} is not supported; use one of ${known[0]}-${known[known.length - 1]}`,
    );
  }
  return irVersion;
}

/**
 * Opset version declared for operator domains other than the default one. ModelIR records only the
 * default opset; ONNX Runtime's contrib domain (com.microsoft) and ai.onnx.ml ops are at version 1
 * of their domain, the only version a graph built here could target.
 */
const NON_DEFAULT_DOMAIN_OPSET = 1;

function isDefaultDomain(domain: string | undefined): boolean {
  return domain === undefined || domain === "" || domain === "ai.onnx";
}

/** Encodes a model as ONNX ModelProto bytes, ready for onnxruntime or a .onnx file. */
export function serializeModel(model: ModelIR): Uint8Array {
  return onnx.ModelProto.encode(modelToProto(model)).finish();
}

export function modelToProto(model: ModelIR): OnnxTypes.IModelProto {
  const { graph } = model;
  const opsetImport: OnnxTypes.IOperatorSetIdProto[] = [{ domain: "", version: model.opsetVersion }];
  const otherDomains = new Set<string>();
  for (const node of graph.nodes) {
    if (!isDefaultDomain(node.domain)) otherDomains.add(node.domain as string);
  }
  for (const domain of otherDomains) opsetImport.push({ domain, version: NON_DEFAULT_DOMAIN_OPSET });

  return {
    irVersion: irVersionForOpset(model.opsetVersion),
    opsetImport,
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    ...(model.docString ? { docString: model.docString } : {}),
    metadataProps: Object.entries(model.metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: graph.name,
      node: graph.nodes.map(nodeToProto),
      input: graph.inputs.map(valueInfoToProto),
      output: graph.outputs.map(valueInfoToProto),
      initializer: graph.initializers.map(tensorToProto),
      valueInfo: (graph.valueInfo ?? []).map(valueInfoToProto),
    },
  };
}

function nodeToProto(node: NodeIR): OnnxTypes.INodeProto {
  return {
    opType: node.op,
    domain: isDefaultDomain(node.domain) ? "" : node.domain,
    name: node.name,
    input: [...node.inputs],
    output: [...node.outputs],
    attribute: Object.entries(node.attributes).map(([name, value]) => attributeToProto(node, name, value)),
  };
}

const UTF8 = new TextEncoder();

function attributeToProto(node: NodeIR, name: string, attribute: AttributeValue): OnnxTypes.IAttributeProto {
  const types = onnx.AttributeProto.AttributeType;
  const checkInts = (values: readonly number[]) => {
    for (const value of values) {
      if (!Number.isSafeInteger(value)) {
        throw new InvalidArgumentError(
          `attribute "${name}" of node "${node.name}" (${node.op}) must hold integers, got ${value}`,
        );
      }
    }
  };
  switch (attribute.kind) {
    case "int":
      checkInts([attribute.value]);
      return { name, type: types.INT, i: attribute.value };
    case "float":
      return { name, type: types.FLOAT, f: attribute.value };
    case "string":
      return { name, type: types.STRING, s: UTF8.encode(attribute.value) };
    case "ints":
      checkInts(attribute.value);
      return { name, type: types.INTS, ints: [...attribute.value] };
    case "floats":
      return { name, type: types.FLOATS, floats: [...attribute.value] };
    case "strings":
      return { name, type: types.STRINGS, strings: attribute.value.map((text) => UTF8.encode(text)) };
    case "tensor":
      return { name, type: types.TENSOR, t: tensorToProto(attribute.value) };
  }
}

/** A Dim of "" is a dimension of unknown size with no name (ONNX: neither dim_value nor dim_param). */
function valueInfoToProto(info: ValueInfo): OnnxTypes.IValueInfoProto {
  const tensorType: OnnxTypes.TypeProto.ITensor = { elemType: ONNX_DATA_TYPE[info.dtype] };
  if (info.shape !== null) {
    tensorType.shape = {
      dim: info.shape.map((dim) => {
        if (typeof dim === "string") return dim === "" ? {} : { dimParam: dim };
        if (!Number.isSafeInteger(dim) || dim < 0) {
          throw new InvalidArgumentError(`value "${info.name}" has invalid dimension ${dim}`);
        }
        return { dimValue: dim };
      }),
    };
  }
  return { name: info.name, ...(info.docString ? { docString: info.docString } : {}), type: { tensorType } };
}
