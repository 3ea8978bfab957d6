/** Conversion between the caller's typed arrays and onnxruntime tensors, checked against the graph. */
import { InvalidArgumentError } from "@lab/core";
import * as ort from "onnxruntime-node";
import type { DType, TensorArray, ValueInfo } from "../ir/ir.js";
import { elementCount, isArrayOfDType } from "../onnx/dtypes.js";

/** A tensor given by the caller: a bare typed array (its dims come from the graph) or data with dims. */
export type TensorInput = TensorArray | { readonly data: TensorArray; readonly dims: readonly number[] };

/** A tensor returned by a run. `data` is the caller's own array when it was passed as a target. */
export interface TensorOutput {
  readonly dtype: DType;
  readonly dims: readonly number[];
  readonly data: TensorArray;
}

function isBareArray(input: TensorInput): input is TensorArray {
  return ArrayBuffer.isView(input);
}

/**
 * How one graph value's shape is filled in at run time, worked out once per session: fully static
 * shapes are used as they are; a shape with exactly one unknown dimension gets it from the data
 * length; anything else needs explicit dims.
 */
export class TensorSlot {
  readonly name: string;
  readonly dtype: DType;
  private readonly shape: ValueInfo["shape"];
  private readonly staticDims: readonly number[] | undefined;
  private readonly unknownAxis: number;
  private readonly knownProduct: number;

  constructor(
    info: ValueInfo,
    private readonly role: "input" | "output",
  ) {
    this.name = info.name;
    this.dtype = info.dtype;
    this.shape = info.shape;
    const unknownAxes = (info.shape ?? []).flatMap((dim, axis) => (typeof dim === "number" ? [] : [axis]));
    this.staticDims =
      info.shape !== null && unknownAxes.length === 0 ? (info.shape as readonly number[]) : undefined;
    this.unknownAxis = info.shape !== null && unknownAxes.length === 1 ? unknownAxes[0] : -1;
    this.knownProduct = elementCount(
      (info.shape ?? []).filter((dim): dim is number => typeof dim === "number"),
    );
  }

  toOrtTensor(input: TensorInput): ort.Tensor {
    const data = isBareArray(input) ? input : input.data;
    if (!ArrayBuffer.isView(data)) {
      throw new InvalidArgumentError(`${this.describe()} must be a typed array or { data, dims }`);
    }
    if (!isArrayOfDType(data, this.dtype)) {
      throw new InvalidArgumentError(
        `${this.describe()} is ${this.dtype} but got a ${data.constructor.name}; convert it before the call`,
      );
    }
    const dims = isBareArray(input)
      ? this.dimsFromLength(data.length)
      : this.checkDims(input.dims, data.length);
    return new ort.Tensor(this.dtype, data, dims);
  }

  private dimsFromLength(length: number): readonly number[] {
    if (this.staticDims !== undefined) {
      if (length !== this.knownProduct) {
        throw new InvalidArgumentError(
          `${this.describe()} has shape [${this.staticDims.join(", ")}] (${this.knownProduct} values) but got ${length}`,
        );
      }
      return this.staticDims;
    }
    // With a zero-sized known dimension every length-0 array fits any size of the unknown one.
    if (this.unknownAxis < 0 || this.knownProduct === 0) {
      throw new InvalidArgumentError(
        `${this.describe()} has shape ${this.shapeText()}, which a length alone cannot fill in; pass { data, dims }`,
      );
    }
    const unknown = length / this.knownProduct;
    if (!Number.isInteger(unknown)) {
      throw new InvalidArgumentError(
        `${this.describe()} has shape ${this.shapeText()} but ${length} values do not fill it`,
      );
    }
    const dims = (this.shape as readonly (number | string)[]).map((dim) =>
      typeof dim === "number" ? dim : 0,
    );
    dims[this.unknownAxis] = unknown;
    return dims;
  }

  private checkDims(dims: readonly number[], length: number): readonly number[] {
    const shape = this.shape;
    const mismatch =
      shape !== null &&
      (dims.length !== shape.length ||
        dims.some((dim, axis) => typeof shape[axis] === "number" && shape[axis] !== dim));
    if (mismatch || dims.some((dim) => !Number.isSafeInteger(dim) || dim < 0)) {
      throw new InvalidArgumentError(
        `${this.describe()} has shape ${this.shapeText()}; dims [${dims.join(", ")}] do not match`,
      );
    }
    if (elementCount(dims) !== length) {
      throw new InvalidArgumentError(
        `${this.describe()}: dims [${dims.join(", ")}] need ${elementCount(dims)} values but got ${length}`,
      );
    }
    return dims;
  }

  private describe(): string {
    return `${this.role} "${this.name}"`;
  }

  private shapeText(): string {
    return this.shape === null
      ? "of unknown rank"
      : `[${this.shape.map((dim) => (dim === "" ? "?" : dim)).join(", ")}]`;
  }
}

export function fromOrtTensor(tensor: ort.Tensor): TensorOutput {
  return { dtype: tensor.type as DType, dims: tensor.dims, data: tensor.data as TensorArray };
}
