/**
 * The in-memory form of an ONNX model that every part of @lab/nn shares: the graph builder and the
 * autodiff write it, the serializer turns it into ONNX ModelProto bytes, and the runtime and export
 * read it. It mirrors ONNX's own structure (nodes in topological order, named values) so that the
 * mapping to and from ModelProto is one-to-one.
 */

/** Element types used by the project (a subset of ONNX TensorProto.DataType). */
export type DType = "float32" | "float64" | "int64" | "int32" | "bool" | "uint8";

/** A dimension: a fixed size, or a symbolic name (e.g. "batch") for a size known only at run time. */
export type Dim = number | string;

/** The typed-array storage of each DType (int64 as BigInt64Array, bool as Uint8Array of 0/1). */
export interface DTypeArrays {
  float32: Float32Array;
  float64: Float64Array;
  int64: BigInt64Array;
  int32: Int32Array;
  bool: Uint8Array;
  uint8: Uint8Array;
}
export type TensorArray = DTypeArrays[DType];

/** A named graph input, output or intermediate value with its type. `shape` null = unknown rank. */
export interface ValueInfo {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly Dim[] | null;
  readonly docString?: string;
}

/** A constant tensor: an initializer (parameter or constant) or a tensor-valued attribute. */
export interface TensorData {
  readonly name: string;
  readonly dtype: DType;
  readonly dims: readonly number[];
  readonly data: TensorArray;
}

/** Node attributes keep ONNX's distinction between int and float, which JS numbers lose. */
export type AttributeValue =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "ints"; readonly value: readonly number[] }
  | { readonly kind: "floats"; readonly value: readonly number[] }
  | { readonly kind: "strings"; readonly value: readonly string[] }
  | { readonly kind: "tensor"; readonly value: TensorData };

export interface NodeIR {
  /** ONNX operator type, e.g. "MatMul". */
  readonly op: string;
  /** Operator domain; "" (the default ONNX domain) unless stated. */
  readonly domain?: string;
  /** Unique node name (used in error messages and profiles). */
  readonly name: string;
  /** Input value names; "" marks an omitted optional input, as in ONNX. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

export interface GraphIR {
  readonly name: string;
  /** Topologically ordered. */
  readonly nodes: readonly NodeIR[];
  /** Values fed at run time (data, labels, learning rate, parameters when they are fed). */
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  /** Constants stored in the model (weights of an exported model, constant tensors). */
  readonly initializers: readonly TensorData[];
  /** Optional type annotations of intermediate values. */
  readonly valueInfo?: readonly ValueInfo[];
}

export interface ModelIR {
  readonly graph: GraphIR;
  /** Version of the default ONNX opset the graph uses (>= 17). */
  readonly opsetVersion: number;
  readonly producerName: string;
  readonly producerVersion: string;
  /** Free-form key/value pairs stored as ONNX metadata_props (labels, preprocessing JSON, ...). */
  readonly metadata: Readonly<Record<string, string>>;
  readonly docString?: string;
}

/** The ONNX opset the project targets: 17 has LayerNormalization; 18 moved Reduce* axes to inputs. */
export const DEFAULT_OPSET = 17;
