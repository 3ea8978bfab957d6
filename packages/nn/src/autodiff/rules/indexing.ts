import { readInt } from "../../graph/ops/common.js";
import { gather, scatterND, where } from "../../graph/ops/indexing.js";
import { constantOfShape, transpose, unsqueeze } from "../../graph/ops/shape-ops.js";
import { normalizeAxis, staticDims } from "../../graph/shape.js";
import { castTo, reduceToShape, requireRank, shapeTensor, zerosLike } from "../helpers.js";
import { type BackwardRule, input, outputGradient } from "../rule.js";

/**
 * y = gather(data, indices, axis): ∂data scatter-adds g's slices into a zero tensor of data's shape,
 * so repeated indices accumulate. One ScatterND with reduction "add" (opset 16+) does it for axis 0;
 * for another axis, the gathered axis is moved to the front first (of g, and of data's shape) and
 * the result moved back. Cost is that of a dense table-sized tensor per step; large embedding tables
 * should use the trainer's sparse embeddings, which feed the rows a batch uses instead.
 */
export const gatherBackward: BackwardRule = (context) => {
  const data = input(context, 0);
  const indices = castTo(input(context, 1), "int64");
  const g = outputGradient(context);
  const rank = requireRank(data, "Gather");
  const indexRank = requireRank(indices, "Gather");
  const axis = normalizeAxis(readInt(context.node.attributes, "axis", 0), rank);
  // ScatterND indexes the leading axis of data with the last axis of `positions`.
  const positions = unsqueeze(indices, [indexRank]);
  if (axis === 0) return [scatterND(zerosLike(data), positions, g, "add"), null];
  // g's axes are data[:axis] ++ indices ++ data[axis+1:]; bring the indices' axes to the front.
  const gPerm = [
    ...Array.from({ length: indexRank }, (_, i) => axis + i),
    ...Array.from({ length: axis }, (_, i) => i),
    ...Array.from({ length: rank - axis - 1 }, (_, i) => axis + indexRank + i),
  ];
  const dataPerm = [
    axis,
    ...Array.from({ length: axis }, (_, i) => i),
    ...Array.from({ length: rank - axis - 1 }, (_, i) => axis + 1 + i),
  ];
  const dims = staticDims(data.shape);
  const movedShape = dims
    ? context.builder.int64s(
        dataPerm.map((d) => dims[d]),
        "shape",
      )
    : gather(shapeTensor(data), context.builder.int64s(dataPerm, "perm"));
  const scattered = scatterND(
    constantOfShape(movedShape, 0, data.dtype),
    positions,
    transpose(g, gPerm),
    "add",
  );
  const inverse = new Array<number>(rank);
  dataPerm.forEach((d, i) => {
    inverse[d] = i;
  });
  return [transpose(scattered, inverse), null];
};

/** y = where(c, a, b): ∂a = g where c, ∂b = g where not c, each summed to its operand's shape. */
export const whereBackward: BackwardRule = (context) => {
  const condition = input(context, 0);
  const g = outputGradient(context);
  return [
    null,
    context.needsGradient[1] ? reduceToShape(where(condition, g, 0), input(context, 1)) : null,
    context.needsGradient[2] ? reduceToShape(where(condition, 0, g), input(context, 2)) : null,
  ];
};
