import type { DType, DTypeArrays, TensorArray } from "../ir/ir.js";

/** ONNX TensorProto.DataType codes of the element types the project uses. */
export const ONNX_DATA_TYPE: Readonly<Record<DType, number>> = {
  float32: 1,
  uint8: 2,
  int32: 6,
  int64: 7,
  bool: 9,
  float64: 11,
};

/**
 * ONNX type names by code, including the ones we cannot represent, so that an error about a model
 * from elsewhere can say "float16" instead of "type 10".
 */
const ONNX_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "undefined",
  1: "float32",
  2: "uint8",
  3: "int8",
  4: "uint16",
  5: "int16",
  6: "int32",
  7: "int64",
  8: "string",
  9: "bool",
  10: "float16",
  11: "float64",
  12: "uint32",
  13: "uint64",
  14: "complex64",
  15: "complex128",
  16: "bfloat16",
};

const DTYPE_BY_CODE = new Map<number, DType>(
  Object.entries(ONNX_DATA_TYPE).map(([dtype, code]) => [code, dtype as DType]),
);

/** The DType of an ONNX data type code, or undefined when the project does not support it. */
export function dtypeFromOnnx(code: number): DType | undefined {
  return DTYPE_BY_CODE.get(code);
}

export function onnxTypeName(code: number): string {
  return ONNX_TYPE_NAMES[code] ?? `type ${code}`;
}

type TypedArrayConstructor<T> = { new (length: number): T; readonly BYTES_PER_ELEMENT: number };

/** The typed-array class that stores each DType (see DTypeArrays). */
export const ARRAY_CONSTRUCTORS: { readonly [K in DType]: TypedArrayConstructor<DTypeArrays[K]> } = {
  float32: Float32Array,
  float64: Float64Array,
  int64: BigInt64Array,
  int32: Int32Array,
  bool: Uint8Array,
  uint8: Uint8Array,
};

export function allocateArray<D extends DType>(dtype: D, length: number): DTypeArrays[D] {
  return new ARRAY_CONSTRUCTORS[dtype](length);
}

/** Whether `data` is the typed-array class that stores `dtype` (bool and uint8 share Uint8Array). */
export function isArrayOfDType(data: TensorArray, dtype: DType): boolean {
  return data instanceof ARRAY_CONSTRUCTORS[dtype];
}

/** Number of elements of a tensor of static shape `dims` (1 for a scalar). */
export function elementCount(dims: readonly number[]): number {
  let count = 1;
  for (const dim of dims) count *= dim;
  return count;
}
