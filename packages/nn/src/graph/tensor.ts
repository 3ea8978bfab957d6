import type { DType } from "../ir/ir.js";
import type { GraphBuilder } from "./builder.js";
import { formatShape, type SymbolicShape } from "./shape.js";

/** Element types that can carry gradients. */
export type FloatDType = "float32" | "float64";

export function isFloatDType(dtype: DType): dtype is FloatDType {
  return dtype === "float32" || dtype === "float64";
}

/**
 * A symbolic tensor: a named value of the graph being built. It holds no data; its dtype and shape
 * are what the builder inferred when the value was created. It remembers its builder so that ops
 * can be free functions (`relu(add(matMul(x, w), b))`) without passing the builder around.
 */
export class Tensor {
  constructor(
    readonly builder: GraphBuilder,
    readonly name: string,
    readonly dtype: DType,
    /** Dimensions as far as they are known; null when even the rank is unknown. */
    readonly shape: SymbolicShape | null,
  ) {}

  /** Number of dimensions, or null when unknown. */
  get rank(): number | null {
    return this.shape === null ? null : this.shape.length;
  }

  toString(): string {
    return `${this.name}: ${this.dtype}${formatShape(this.shape)}`;
  }
}

/** A tensor or a plain number that ops turn into a scalar constant of the other operand's dtype. */
export type TensorLike = Tensor | number;
