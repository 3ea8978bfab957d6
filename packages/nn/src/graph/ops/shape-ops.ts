import { InvalidArgumentError } from "@lab/core";
import type { DType } from "../../ir/ir.js";
import { broadcastShapes, formatShape, normalizeAxis, type SymbolicDim } from "../shape.js";
import { Tensor } from "../tensor.js";
import { toTypedArray } from "../typed-array.js";
import {
  attr,
  constantInts,
  type InferenceInput,
  normalizeAxes,
  readInt,
  readInts,
  readTensor,
  requireInput,
  type ShapeInference,
} from "./common.js";

/** Length of a 1-D int64 input (a shape, axes, starts...), when its own shape says. */
function vectorLength(input: InferenceInput | null | undefined): number | null {
  if (input?.shape?.length !== 1) return null;
  const length = input.shape[0];
  return typeof length === "number" ? length : null;
}

/**
 * A product of dimensions as a number times a multiset of symbolic names, so that Reshape's −1 can
 * be inferred for symbolic shapes: [batch, 4, 5] → [0, −1] gives [batch, 20].
 */
class DimProduct {
  constant = 1;
  readonly symbols = new Map<string, number>();
  unknown = false;

  multiply(dim: SymbolicDim): void {
    if (dim === null) this.unknown = true;
    else if (typeof dim === "number") this.constant *= dim;
    else this.symbols.set(dim, (this.symbols.get(dim) ?? 0) + 1);
  }

  /** this / other as a dimension, when it is certainly a whole number or a single symbol. */
  divide(other: DimProduct): SymbolicDim {
    if (this.unknown || other.unknown || other.constant === 0) return null;
    const remaining = new Map(this.symbols);
    for (const [symbol, count] of other.symbols) {
      const left = (remaining.get(symbol) ?? 0) - count;
      if (left < 0) return null;
      if (left === 0) remaining.delete(symbol);
      else remaining.set(symbol, left);
    }
    if (this.constant % other.constant !== 0) return null;
    const constant = this.constant / other.constant;
    if (remaining.size === 0) return constant;
    const [[symbol, count]] = remaining;
    return remaining.size === 1 && count === 1 && constant === 1 ? symbol : null;
  }
}

export const inferReshape: ShapeInference = (inputs, attributes) => {
  const data = requireInput("Reshape", inputs, 0, "data");
  const shapeInput = requireInput("Reshape", inputs, 1, "shape");
  const target = constantInts(shapeInput);
  if (target === null) {
    const length = vectorLength(shapeInput);
    return [{ dtype: data.dtype, shape: length === null ? null : new Array(length).fill(null) }];
  }
  const allowZero = readInt(attributes, "allowzero", 0) !== 0;
  if (target.filter((dim) => dim === -1).length > 1)
    throw new InvalidArgumentError("Reshape allows one −1 at most");
  const shape: SymbolicDim[] = target.map((dim, i) => {
    if (dim === 0 && !allowZero) {
      if (data.shape === null) return null;
      if (i >= data.shape.length)
        throw new InvalidArgumentError(`Reshape copies axis ${i}, which the input lacks`);
      return data.shape[i];
    }
    if (dim < -1) throw new InvalidArgumentError(`Reshape target dims must be >= −1, got ${dim}`);
    return dim;
  });
  const inferred = shape.indexOf(-1);
  const total = new DimProduct();
  if (data.shape === null) total.unknown = true;
  else for (const dim of data.shape) total.multiply(dim);
  const known = new DimProduct();
  shape.forEach((dim, i) => {
    if (i !== inferred) known.multiply(dim);
  });
  if (inferred >= 0) {
    shape[inferred] = total.divide(known);
  } else if (
    !total.unknown &&
    !known.unknown &&
    total.symbols.size === 0 &&
    known.symbols.size === 0 &&
    total.constant !== known.constant
  ) {
    throw new InvalidArgumentError(
      `cannot reshape ${formatShape(data.shape)} (${total.constant} elements) to [${target.join(", ")}]`,
    );
  }
  return [{ dtype: data.dtype, shape }];
};

export const inferTranspose: ShapeInference = (inputs, attributes) => {
  const data = requireInput("Transpose", inputs, 0, "data");
  if (data.shape === null) return [{ dtype: data.dtype, shape: null }];
  const rank = data.shape.length;
  const perm = readInts(attributes, "perm") ?? data.shape.map((_, i) => rank - 1 - i);
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== rank || sorted.some((axis, i) => axis !== i)) {
    throw new InvalidArgumentError(
      `Transpose perm [${perm.join(", ")}] is not a permutation of ${rank} axes`,
    );
  }
  return [{ dtype: data.dtype, shape: perm.map((axis) => data.shape![axis]) }];
};

export const inferConcat: ShapeInference = (inputs, attributes) => {
  const parts = inputs.map((_, i) => requireInput("Concat", inputs, i, `#${i}`));
  if (parts.length === 0) throw new InvalidArgumentError("Concat needs at least one input");
  const dtype = parts[0].dtype;
  if (parts.some((part) => part.dtype !== dtype))
    throw new InvalidArgumentError("Concat inputs differ in dtype");
  const known = parts.find((part) => part.shape !== null);
  if (!known?.shape) return [{ dtype, shape: null }];
  const rank = known.shape.length;
  const axis = normalizeAxis(readInt(attributes, "axis", 0), rank);
  const shape: SymbolicDim[] = [...known.shape];
  let length: number | null = 0;
  for (const part of parts) {
    if (part.shape === null) {
      length = null;
      continue;
    }
    if (part.shape.length !== rank) throw new InvalidArgumentError("Concat inputs differ in rank");
    part.shape.forEach((dim, i) => {
      if (i === axis) return;
      if (typeof dim === "number" && typeof shape[i] === "number" && dim !== shape[i]) {
        throw new InvalidArgumentError(
          `Concat inputs differ on axis ${i}: ${parts.map((p) => formatShape(p.shape)).join(", ")}`,
        );
      }
      if (shape[i] === null || (typeof dim === "number" && typeof shape[i] !== "number")) shape[i] = dim;
    });
    const dim = part.shape[axis];
    length = length !== null && typeof dim === "number" ? length + dim : null;
  }
  shape[axis] = parts.length === 1 ? known.shape[axis] : length;
  return [{ dtype, shape }];
};

/** The number of elements Slice selects from a dimension of `dim`, with ONNX's clamping. */
export function slicedLength(dim: number, start: number, end: number, step: number): number {
  if (step > 0) {
    const from = Math.min(Math.max(start < 0 ? start + dim : start, 0), dim);
    const to = Math.min(Math.max(end < 0 ? end + dim : end, 0), dim);
    return Math.max(0, Math.ceil((to - from) / step));
  }
  const from = Math.min(Math.max(start < 0 ? start + dim : start, 0), dim - 1);
  const to = Math.min(Math.max(end < 0 ? end + dim : end, -1), dim - 1);
  return Math.max(0, Math.ceil((from - to) / -step));
}

/** Whether a slice keeps a whole axis whatever its size (start 0, end "infinite", step 1). */
function keepsWholeAxis(start: number, end: number, step: number): boolean {
  return start === 0 && step === 1 && end >= 2 ** 31 - 1;
}

export const inferSlice: ShapeInference = (inputs) => {
  const data = requireInput("Slice", inputs, 0, "data");
  if (data.shape === null) return [{ dtype: data.dtype, shape: null }];
  const rank = data.shape.length;
  const starts = constantInts(requireInput("Slice", inputs, 1, "starts"));
  const ends = constantInts(requireInput("Slice", inputs, 2, "ends"));
  const axesInput = inputs[3] ?? null;
  const stepsInput = inputs[4] ?? null;
  const axes = axesInput === null ? (starts ? starts.map((_, i) => i) : null) : constantInts(axesInput);
  const steps = stepsInput === null ? (starts ? starts.map(() => 1) : null) : constantInts(stepsInput);
  if (starts === null || ends === null || axes === null || steps === null) {
    // Only the sliced axes change, but which ones is known only when axes are constant.
    if (axes === null) return [{ dtype: data.dtype, shape: data.shape.map(() => null) }];
    const sliced = new Set(normalizeAxes("Slice", axes, rank));
    return [{ dtype: data.dtype, shape: data.shape.map((dim, i) => (sliced.has(i) ? null : dim)) }];
  }
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) {
    throw new InvalidArgumentError("Slice starts, ends, axes and steps must have one length");
  }
  const normalized = axes.map((axis) => normalizeAxis(axis, rank, "Slice axis"));
  if (new Set(normalized).size !== normalized.length)
    throw new InvalidArgumentError("Slice axes repeat an axis");
  const shape: SymbolicDim[] = [...data.shape];
  normalized.forEach((axis, i) => {
    if (steps[i] === 0) throw new InvalidArgumentError("Slice steps must not be 0");
    const dim = data.shape![axis];
    if (typeof dim === "number") shape[axis] = slicedLength(dim, starts[i], ends[i], steps[i]);
    else if (!keepsWholeAxis(starts[i], ends[i], steps[i])) shape[axis] = null;
  });
  return [{ dtype: data.dtype, shape }];
};

export const inferSplit: ShapeInference = (inputs, attributes, outputCount) => {
  const data = requireInput("Split", inputs, 0, "data");
  if (data.shape === null) return new Array(outputCount).fill({ dtype: data.dtype, shape: null });
  const axis = normalizeAxis(readInt(attributes, "axis", 0), data.shape.length);
  const splitInput = inputs[1] ?? null;
  const dim = data.shape[axis];
  let sizes: SymbolicDim[];
  if (splitInput !== null) {
    const given = constantInts(splitInput);
    if (given === null) sizes = new Array(outputCount).fill(null);
    else {
      if (given.length !== outputCount)
        throw new InvalidArgumentError(`Split into ${given.length} sizes needs ${given.length} outputs`);
      if (typeof dim === "number" && given.reduce((a, b) => a + b, 0) !== dim) {
        throw new InvalidArgumentError(`Split sizes [${given.join(", ")}] do not add up to ${dim}`);
      }
      sizes = given;
    }
  } else if (typeof dim === "number") {
    if (dim % outputCount !== 0)
      throw new InvalidArgumentError(`cannot split ${dim} into ${outputCount} equal parts`);
    sizes = new Array(outputCount).fill(dim / outputCount);
  } else {
    sizes = new Array(outputCount).fill(outputCount === 1 ? dim : null);
  }
  return sizes.map((size) => ({
    dtype: data.dtype,
    shape: data.shape!.map((d, i) => (i === axis ? size : d)),
  }));
};

export const inferSqueeze: ShapeInference = (inputs) => {
  const data = requireInput("Squeeze", inputs, 0, "data");
  if (data.shape === null) return [{ dtype: data.dtype, shape: null }];
  const axesInput = inputs[1] ?? null;
  if (axesInput === null) {
    if (data.shape.some((dim) => typeof dim !== "number")) return [{ dtype: data.dtype, shape: null }];
    return [{ dtype: data.dtype, shape: data.shape.filter((dim) => dim !== 1) }];
  }
  const axes = constantInts(axesInput);
  if (axes === null) return [{ dtype: data.dtype, shape: null }];
  const squeezed = new Set(normalizeAxes("Squeeze", axes, data.shape.length));
  for (const axis of squeezed) {
    const dim = data.shape[axis];
    if (typeof dim === "number" && dim !== 1)
      throw new InvalidArgumentError(`cannot squeeze axis ${axis} of size ${dim}`);
  }
  return [{ dtype: data.dtype, shape: data.shape.filter((_, i) => !squeezed.has(i)) }];
};

export const inferUnsqueeze: ShapeInference = (inputs) => {
  const data = requireInput("Unsqueeze", inputs, 0, "data");
  const axes = constantInts(requireInput("Unsqueeze", inputs, 1, "axes"));
  if (data.shape === null || axes === null) return [{ dtype: data.dtype, shape: null }];
  const rank = data.shape.length + axes.length;
  const inserted = new Set(normalizeAxes("Unsqueeze", axes, rank));
  const shape: SymbolicDim[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) shape.push(inserted.has(i) ? 1 : data.shape[next++]);
  return [{ dtype: data.dtype, shape }];
};

export const inferExpand: ShapeInference = (inputs) => {
  const data = requireInput("Expand", inputs, 0, "data");
  const shapeInput = requireInput("Expand", inputs, 1, "shape");
  const target = constantInts(shapeInput);
  if (target !== null) return [{ dtype: data.dtype, shape: broadcastShapes(data.shape, target) }];
  const length = vectorLength(shapeInput);
  if (length === null) return [{ dtype: data.dtype, shape: null }];
  return [{ dtype: data.dtype, shape: broadcastShapes(data.shape, new Array(length).fill(null)) }];
};

export const inferShape: ShapeInference = (inputs) => {
  const data = requireInput("Shape", inputs, 0, "data");
  return [{ dtype: "int64", shape: [data.shape === null ? null : data.shape.length] }];
};

export const inferSize: ShapeInference = () => [{ dtype: "int64", shape: [] }];

export const inferConstantOfShape: ShapeInference = (inputs, attributes) => {
  const shapeInput = requireInput("ConstantOfShape", inputs, 0, "shape");
  const dtype: DType = readTensor(attributes, "value")?.dtype ?? "float32";
  const dims = constantInts(shapeInput);
  if (dims !== null) return [{ dtype, shape: dims }];
  const length = vectorLength(shapeInput);
  return [{ dtype, shape: length === null ? null : new Array(length).fill(null) }];
};

export const inferRange: ShapeInference = (inputs) => {
  const [start, limit, delta] = [0, 1, 2].map((i) => requireInput("Range", inputs, i, "scalar"));
  const values = [start, limit, delta].map((input) => constantInts(input)?.[0] ?? null);
  const [from, to, step] = values;
  const length =
    from === null || to === null || step === null || step === 0
      ? null
      : Math.max(Math.ceil((to - from) / step), 0);
  return [{ dtype: start.dtype, shape: [length] }];
};

export const inferPad: ShapeInference = (inputs) => {
  const data = requireInput("Pad", inputs, 0, "data");
  const pads = constantInts(requireInput("Pad", inputs, 1, "pads"));
  if (data.shape === null) return [{ dtype: data.dtype, shape: null }];
  const rank = data.shape.length;
  if (pads === null) return [{ dtype: data.dtype, shape: data.shape.map(() => null) }];
  if (pads.length !== 2 * rank)
    throw new InvalidArgumentError(`Pad needs ${2 * rank} pads for rank ${rank}, got ${pads.length}`);
  const shape = data.shape.map((dim, i) => {
    if (pads[i] === 0 && pads[i + rank] === 0) return dim;
    return typeof dim === "number" ? dim + pads[i] + pads[i + rank] : null;
  });
  return [{ dtype: data.dtype, shape }];
};

// -----------------------------------------------------------------------------------------------
// Op functions

/** An int64 vector input from numbers (a constant) or a tensor given as is. */
function int64Input(x: Tensor, values: readonly number[] | Tensor, name: string): Tensor {
  return values instanceof Tensor ? values : x.builder.int64s(values, name);
}

/**
 * Reshape to `shape`; 0 copies the input's dimension at that index and −1 takes what is left
 * (ONNX semantics with allowzero = 0).
 */
export function reshape(x: Tensor, shape: readonly number[] | Tensor): Tensor {
  return x.builder.node("Reshape", [x, int64Input(x, shape, "shape")])[0];
}

/** Permutes axes; reverses them when `perm` is omitted. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  return x.builder.node("Transpose", [x], perm ? { perm: attr.ints(perm) } : {})[0];
}

export function concat(tensors: readonly Tensor[], axis: number): Tensor {
  if (tensors.length === 0) throw new InvalidArgumentError("concat needs at least one tensor");
  return tensors[0].builder.node("Concat", tensors, { axis: attr.int(axis) })[0];
}

/** data[starts:ends:steps] on `axes` (default the first starts.length axes), ONNX Slice semantics. */
export function slice(
  x: Tensor,
  starts: readonly number[] | Tensor,
  ends: readonly number[] | Tensor,
  axes?: readonly number[] | Tensor,
  steps?: readonly number[] | Tensor,
): Tensor {
  const inputs: (Tensor | null)[] = [int64Input(x, starts, "starts"), int64Input(x, ends, "ends")];
  if (axes !== undefined || steps !== undefined) {
    const defaultAxes = (): number[] => {
      if (starts instanceof Tensor)
        throw new InvalidArgumentError("slice with computed starts needs explicit axes");
      return starts.map((_, i) => i);
    };
    inputs.push(int64Input(x, axes ?? defaultAxes(), "axes"));
  }
  if (steps !== undefined) inputs.push(int64Input(x, steps, "steps"));
  return x.builder.node("Slice", [x, ...inputs])[0];
}

/** Splits along `axis` into parts of the given sizes, or into `count` equal parts. */
export function split(x: Tensor, sizesOrCount: readonly number[] | number, axis = 0): Tensor[] {
  if (typeof sizesOrCount === "number") {
    if (!Number.isInteger(sizesOrCount) || sizesOrCount < 1) {
      throw new InvalidArgumentError(`split count must be a positive integer, got ${sizesOrCount}`);
    }
    return x.builder.node("Split", [x], { axis: attr.int(axis) }, { outputs: sizesOrCount });
  }
  const sizes = x.builder.int64s(sizesOrCount, "split");
  return x.builder.node("Split", [x, sizes], { axis: attr.int(axis) }, { outputs: sizesOrCount.length });
}

/** Removes size-1 axes (all of them when `axes` is omitted and the shape is static). */
export function squeeze(x: Tensor, axes?: readonly number[]): Tensor {
  return x.builder.node("Squeeze", axes ? [x, x.builder.int64s(axes, "axes")] : [x])[0];
}

/** Inserts size-1 axes at `axes` (positions in the result). */
export function unsqueeze(x: Tensor, axes: readonly number[]): Tensor {
  return x.builder.node("Unsqueeze", [x, x.builder.int64s(axes, "axes")])[0];
}

/** Broadcasts to `shape` (bidirectionally, as numpy broadcasting of x against ones(shape)). */
export function expand(x: Tensor, shape: readonly number[] | Tensor): Tensor {
  return x.builder.node("Expand", [x, int64Input(x, shape, "shape")])[0];
}

/** The dims of `x` as a 1-D int64 tensor. */
export function shapeOf(x: Tensor): Tensor {
  return x.builder.node("Shape", [x])[0];
}

/** The element count of `x` as an int64 scalar. */
export function sizeOf(x: Tensor): Tensor {
  return x.builder.node("Size", [x])[0];
}

/** A tensor of the given (int64) shape filled with `value`. */
export function constantOfShape(shape: Tensor, value: number, dtype: DType): Tensor {
  const data = toTypedArray([value], dtype);
  return shape.builder.node("ConstantOfShape", [shape], {
    value: attr.tensor({ name: "value", dtype, dims: [1], data }),
  })[0];
}

/** start, start + delta, ... up to (excluding) limit; all three are scalars of one dtype. */
export function range(start: Tensor, limit: Tensor, delta: Tensor): Tensor {
  return start.builder.node("Range", [start, limit, delta])[0];
}

/** Constant-pads by `pads` = [begin_0, ..., begin_n, end_0, ..., end_n]. */
export function pad(x: Tensor, pads: readonly number[] | Tensor, value = 0): Tensor {
  const fill = x.builder.scalar(value, x.dtype);
  return x.builder.node("Pad", [x, int64Input(x, pads, "pads"), fill])[0];
}
