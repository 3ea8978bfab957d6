import { DataFormatError, InvalidArgumentError } from "@lab/core";
import type { DType, TensorArray, TensorData } from "../ir/ir.js";
import {
  ARRAY_CONSTRUCTORS,
  allocateArray,
  dtypeFromOnnx,
  elementCount,
  isArrayOfDType,
  ONNX_DATA_TYPE,
  onnxTypeName,
} from "./dtypes.js";
import type { OnnxTypes } from "./proto.js";

/** ONNX stores raw_data little-endian; on such hosts the typed array's bytes are used as they are. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** protobufjs decodes int64 fields as Long objects when the `long` package is present, else numbers. */
export type ProtoInt64 = number | { readonly low: number; readonly high: number; toNumber(): number };

/** A 64-bit proto integer (absent = 0) as a JS number, or undefined when it lies beyond 2^53. */
export function int64ToSafeNumber(value: ProtoInt64 | null | undefined): number | undefined {
  if (value === null || value === undefined) return 0;
  const number = typeof value === "number" ? value : value.toNumber();
  return Number.isSafeInteger(number) ? number : undefined;
}

function int64ToBigInt(value: ProtoInt64): bigint {
  if (typeof value === "number") return BigInt(value);
  return (BigInt(value.high) << 32n) | BigInt(value.low >>> 0);
}

/** The little-endian bytes of `data`, as ONNX raw_data expects. */
export function littleEndianBytes(data: TensorArray): Uint8Array {
  if (HOST_IS_LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return littleEndianBytesPortable(data);
}

/** Byte-order-independent encoding, used on big-endian hosts (exported so it is tested everywhere). */
export function littleEndianBytesPortable(data: TensorArray): Uint8Array {
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  if (data instanceof Float32Array)
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  else if (data instanceof Float64Array)
    for (let i = 0; i < data.length; i++) view.setFloat64(i * 8, data[i], true);
  else if (data instanceof Int32Array)
    for (let i = 0; i < data.length; i++) view.setInt32(i * 4, data[i], true);
  else if (data instanceof BigInt64Array)
    for (let i = 0; i < data.length; i++) view.setBigInt64(i * 8, data[i], true);
  else bytes.set(data);
  return bytes;
}

/** Reads little-endian raw_data into a fresh, aligned typed array of `dtype`. */
export function fromLittleEndianBytes(dtype: DType, bytes: Uint8Array): TensorArray {
  const size = ARRAY_CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
  const out = allocateArray(dtype, bytes.byteLength / size);
  if (HOST_IS_LITTLE_ENDIAN || size === 1) {
    // Copy rather than view: the decoder's bytes are a slice of the whole file, usually unaligned.
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) {
    if (out instanceof Float32Array) out[i] = view.getFloat32(i * 4, true);
    else if (out instanceof Float64Array) out[i] = view.getFloat64(i * 8, true);
    else if (out instanceof Int32Array) out[i] = view.getInt32(i * 4, true);
    else if (out instanceof BigInt64Array) out[i] = view.getBigInt64(i * 8, true);
  }
  return out;
}

/** Checks a tensor before it is written, so a builder bug is reported by name, not by ORT. */
function validateTensor(tensor: TensorData): void {
  if (!isArrayOfDType(tensor.data, tensor.dtype)) {
    throw new InvalidArgumentError(
      `tensor "${tensor.name}" is ${tensor.dtype} but its data is a ${tensor.data.constructor.name}`,
    );
  }
  for (const dim of tensor.dims) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw new InvalidArgumentError(`tensor "${tensor.name}" has invalid dims [${tensor.dims.join(", ")}]`);
    }
  }
  const expected = elementCount(tensor.dims);
  if (tensor.data.length !== expected) {
    throw new InvalidArgumentError(
      `tensor "${tensor.name}" has dims [${tensor.dims.join(", ")}] (${expected} elements) but ${tensor.data.length} values`,
    );
  }
}

export function tensorToProto(tensor: TensorData): OnnxTypes.ITensorProto {
  validateTensor(tensor);
  return {
    name: tensor.name,
    dims: [...tensor.dims],
    dataType: ONNX_DATA_TYPE[tensor.dtype],
    rawData: littleEndianBytes(tensor.data),
  };
}

/**
 * Converts a decoded TensorProto. Models written by other tools (PyTorch, onnx.helper) often use
 * the typed repeated fields instead of raw_data, so both are read.
 */
export function tensorFromProto(proto: OnnxTypes.ITensorProto, where: string): TensorData {
  const name = proto.name ?? "";
  const label = `${where} tensor "${name}"`;
  const code = proto.dataType ?? 0;
  const dtype = dtypeFromOnnx(code);
  if (dtype === undefined) {
    throw new DataFormatError(
      `${label} has element type ${onnxTypeName(code)}, which @lab/nn does not support`,
    );
  }
  // DataLocation.EXTERNAL = 1: the weights live in a side file next to the model.
  if (proto.dataLocation === 1) {
    throw new DataFormatError(`${label} keeps its data in an external file, which @lab/nn does not read`);
  }
  const dims: number[] = [];
  for (const dim of proto.dims ?? []) {
    const size = int64ToSafeNumber(dim);
    if (size === undefined || size < 0) throw new DataFormatError(`${label} has an invalid dimension`);
    dims.push(size);
  }
  const expected = elementCount(dims);
  const data = tensorValues(proto, dtype);
  if (data.length !== expected) {
    throw new DataFormatError(
      `${label} has dims [${dims.join(", ")}] (${expected} elements) but stores ${data.length} values`,
    );
  }
  return { name, dtype, dims, data };
}

function tensorValues(proto: OnnxTypes.ITensorProto, dtype: DType): TensorArray {
  const raw = proto.rawData;
  if (raw && raw.byteLength > 0) {
    const size = ARRAY_CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
    if (raw.byteLength % size !== 0) {
      throw new DataFormatError(`tensor "${proto.name ?? ""}" has ${raw.byteLength} bytes of ${dtype} data`);
    }
    return fromLittleEndianBytes(dtype, raw);
  }
  switch (dtype) {
    case "float32":
      return Float32Array.from(proto.floatData ?? []);
    case "float64":
      return Float64Array.from(proto.doubleData ?? []);
    case "int64":
      return BigInt64Array.from((proto.int64Data ?? []) as ProtoInt64[], int64ToBigInt);
    case "int32":
      return Int32Array.from(proto.int32Data ?? []);
    case "bool":
    case "uint8":
      // ONNX packs bool and uint8 one value per int32_data entry.
      return Uint8Array.from(proto.int32Data ?? []);
  }
}
