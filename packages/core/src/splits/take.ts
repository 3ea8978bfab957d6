import { InvalidArgumentError } from "../errors.js";

type NumericTypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/**
 * The elements of `array` at `indices`, in the order of `indices`. A typed array gives a new typed
 * array of the same type; anything else a plain array.
 */
export function take<A extends NumericTypedArray>(array: A, indices: ArrayLike<number>): A;
export function take<T>(array: ArrayLike<T>, indices: ArrayLike<number>): T[];
export function take<T>(array: ArrayLike<T>, indices: ArrayLike<number>): ArrayLike<T> {
  const length = array.length;
  const result: { [index: number]: T } =
    ArrayBuffer.isView(array) && !(array instanceof DataView)
      ? new (array.constructor as new (length: number) => { [index: number]: T })(indices.length)
      : new Array<T>(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i];
    if (!(Number.isInteger(index) && index >= 0 && index < length)) {
      throw new InvalidArgumentError(`take: index ${index} at position ${i} is outside 0..${length - 1}`);
    }
    result[i] = array[index];
  }
  return result as ArrayLike<T>;
}
