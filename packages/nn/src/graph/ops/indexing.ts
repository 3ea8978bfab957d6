import { InvalidArgumentError } from "@lab/core";
import { broadcastShapes, normalizeAxis } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { attr, readInt, requireInput, requireSameDType, type ShapeInference } from "./common.js";

function requireIndices(op: string, dtype: string): void {
  if (dtype !== "int64" && dtype !== "int32")
    throw new InvalidArgumentError(`${op} indices must be int64 or int32, got ${dtype}`);
}

export const inferGather: ShapeInference = (inputs, attributes) => {
  const data = requireInput("Gather", inputs, 0, "data");
  const indices = requireInput("Gather", inputs, 1, "indices");
  requireIndices("Gather", indices.dtype);
  if (data.shape === null || indices.shape === null) return [{ dtype: data.dtype, shape: null }];
  const axis = normalizeAxis(readInt(attributes, "axis", 0), data.shape.length, "Gather axis");
  return [
    {
      dtype: data.dtype,
      shape: [...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)],
    },
  ];
};

export const inferWhere: ShapeInference = (inputs) => {
  const condition = requireInput("Where", inputs, 0, "condition");
  const x = requireInput("Where", inputs, 1, "X");
  const y = requireInput("Where", inputs, 2, "Y");
  if (condition.dtype !== "bool")
    throw new InvalidArgumentError(`Where needs a bool condition, got ${condition.dtype}`);
  const dtype = requireSameDType("Where", [x, y]);
  return [{ dtype, shape: broadcastShapes(condition.shape, x.shape, y.shape) }];
};

/** Scatter ops return a copy of `data` with some elements replaced (or accumulated into). */
export const inferScatter: ShapeInference = (inputs) => {
  const data = requireInput("Scatter", inputs, 0, "data");
  const indices = requireInput("Scatter", inputs, 1, "indices");
  const updates = requireInput("Scatter", inputs, 2, "updates");
  requireIndices("Scatter", indices.dtype);
  requireSameDType("Scatter", [data, updates]);
  return [{ dtype: data.dtype, shape: data.shape }];
};

export const inferNonZero: ShapeInference = (inputs) => {
  const data = requireInput("NonZero", inputs, 0, "data");
  return [{ dtype: "int64", shape: [data.shape === null ? null : data.shape.length, null] }];
};

/**
 * Entries of `data` along `axis` picked by `indices` (negative indices count from the end): an
 * embedding lookup is gather(table, ids). Its gradient scatter-adds into a dense table-shaped
 * tensor; for large tables the trainer's sparse embeddings feed rows instead.
 */
export function gather(data: Tensor, indices: Tensor, axis = 0): Tensor {
  return data.builder.node("Gather", [data, indices], { axis: attr.int(axis) })[0];
}

/** Elementwise condition ? x : y, with numpy broadcasting of all three. */
export function where(condition: Tensor, x: Tensor | number, y: Tensor | number): Tensor {
  const reference = typeof x === "number" ? (typeof y === "number" ? null : y) : x;
  if (reference === null) throw new InvalidArgumentError("where needs at least one tensor branch");
  const builder = condition.builder;
  const xt = typeof x === "number" ? builder.scalar(x, reference.dtype) : x;
  const yt = typeof y === "number" ? builder.scalar(y, reference.dtype) : y;
  return builder.node("Where", [condition, xt, yt])[0];
}

/**
 * Copy of `data` with slices at `indices` (last axis indexes data's leading axes) replaced by, or
 * with reduction "add" accumulated with, `updates` (opset 16+). Repeated indices accumulate under "add".
 */
export function scatterND(
  data: Tensor,
  indices: Tensor,
  updates: Tensor,
  reduction: "none" | "add" = "none",
): Tensor {
  return data.builder.node("ScatterND", [data, indices, updates], { reduction: attr.string(reduction) })[0];
}

/** Copy of `data` with data[..., indices[i], ...] (on `axis`) replaced by, or accumulated with, updates[i]. */
export function scatterElements(
  data: Tensor,
  indices: Tensor,
  updates: Tensor,
  axis = 0,
  reduction: "none" | "add" = "none",
): Tensor {
  const attributes = { axis: attr.int(axis), reduction: attr.string(reduction) };
  return data.builder.node("ScatterElements", [data, indices, updates], attributes)[0];
}

/** Indices of the non-zero elements, one column per element: shape [rank, count]. */
export function nonZero(x: Tensor): Tensor {
  return x.builder.node("NonZero", [x])[0];
}
