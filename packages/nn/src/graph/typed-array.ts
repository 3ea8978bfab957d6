import { InvalidArgumentError } from "@lab/core";
import type { DType, TensorArray } from "../ir/ir.js";

/** Values a constant can be given as: plain numbers, bigints (int64) or a typed array. */
export type ConstantValues = ArrayLike<number> | ArrayLike<bigint> | TensorArray;

/** The values in the typed array that stores `dtype` (a new array; bool becomes 0/1). */
export function toTypedArray(values: ConstantValues, dtype: DType): TensorArray {
  const length = values.length;
  switch (dtype) {
    case "float32":
      return Float32Array.from(values as ArrayLike<number>, Number);
    case "float64":
      return Float64Array.from(values as ArrayLike<number>, Number);
    case "int32":
      return Int32Array.from(values as ArrayLike<number>, Number);
    case "int64": {
      const out = new BigInt64Array(length);
      for (let i = 0; i < length; i++) {
        const value = values[i];
        if (typeof value === "number" && !Number.isInteger(value)) {
          throw new InvalidArgumentError(`int64 values must be integers, got ${value}`);
        }
        out[i] = BigInt(value);
      }
      return out;
    }
    case "bool":
      return Uint8Array.from(values as ArrayLike<number>, (value) => (Number(value) ? 1 : 0));
    case "uint8":
      return Uint8Array.from(values as ArrayLike<number>, Number);
  }
}
