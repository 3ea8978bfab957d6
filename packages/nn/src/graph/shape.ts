import { InvalidArgumentError } from "@lab/core";
import type { Dim } from "../ir/ir.js";

/**
 * A dimension as the builder knows it: a fixed size, a symbolic name shared with other tensors
 * ("batch"), or null when shape inference could not tell (e.g. after a Reshape by a computed shape).
 */
export type SymbolicDim = Dim | null;

/** A tensor's shape as the builder knows it; a null shape (not this type) means even the rank is unknown. */
export type SymbolicShape = readonly SymbolicDim[];

/** Whether two dimensions are certainly equal: the same size, or the same symbolic name. */
export function sameDim(a: SymbolicDim, b: SymbolicDim): boolean {
  return a !== null && a === b;
}

/** Whether two shapes are certainly equal, dimension by dimension. */
export function sameShape(a: SymbolicShape | null, b: SymbolicShape | null): boolean {
  if (a === null || b === null || a.length !== b.length) return false;
  return a.every((dim, i) => sameDim(dim, b[i]));
}

/** The shape as plain numbers when every dimension is a fixed size, else null. */
export function staticDims(shape: SymbolicShape | null): number[] | null {
  if (shape === null) return null;
  const dims: number[] = [];
  for (const dim of shape) {
    if (typeof dim !== "number") return null;
    dims.push(dim);
  }
  return dims;
}

/** Product of the dimensions, or null when any is not a fixed size. */
export function staticSize(shape: SymbolicShape | null): number | null {
  const dims = staticDims(shape);
  return dims === null ? null : dims.reduce((product, dim) => product * dim, 1);
}

/** Maps a possibly negative axis into [0, rank); throws when it is out of range. */
export function normalizeAxis(axis: number, rank: number, what = "axis"): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new InvalidArgumentError(`${what} ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** One broadcast dimension under numpy's rules, or null when it depends on run-time sizes. */
function broadcastDim(a: SymbolicDim, b: SymbolicDim, describe: () => string): SymbolicDim {
  if (a === 1) return b;
  if (b === 1) return a;
  if (sameDim(a, b)) return a;
  if (typeof a === "number" && typeof b === "number") {
    throw new InvalidArgumentError(`shapes do not broadcast: ${describe()}`);
  }
  // A fixed size other than 1 wins over a symbolic or unknown one: the other must equal it (or be 1,
  // in which case the result is that size too).
  if (typeof a === "number") return a;
  if (typeof b === "number") return b;
  return null;
}

/** The numpy-broadcast shape of several shapes; null when a rank is unknown. */
export function broadcastShapes(...shapes: (SymbolicShape | null)[]): SymbolicShape | null {
  if (shapes.some((shape) => shape === null)) return null;
  const known = shapes as SymbolicShape[];
  const rank = Math.max(0, ...known.map((shape) => shape.length));
  const result: SymbolicDim[] = new Array(rank).fill(1);
  const describe = () => known.map(formatShape).join(" and ");
  for (const shape of known) {
    const offset = rank - shape.length;
    for (let i = 0; i < shape.length; i++)
      result[offset + i] = broadcastDim(result[offset + i], shape[i], describe);
  }
  return result;
}

export function formatShape(shape: SymbolicShape | null): string {
  if (shape === null) return "[?...]";
  return `[${shape.map((dim) => (dim === null ? "?" : String(dim))).join(", ")}]`;
}
