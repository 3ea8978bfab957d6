import { InvalidArgumentError } from "@lab/core";
import { broadcastShapes, formatShape, type SymbolicDim, type SymbolicShape } from "../shape.js";
import type { Tensor } from "../tensor.js";
import {
  attr,
  readInt,
  requireFloat,
  requireInput,
  requireSameDType,
  type ShapeInference,
} from "./common.js";

function checkInner(a: SymbolicDim, b: SymbolicDim, describe: () => string): void {
  if (typeof a === "number" && typeof b === "number" && a !== b) {
    throw new InvalidArgumentError(`inner dimensions differ: ${describe()}`);
  }
}

/** numpy.matmul: 1-D operands are promoted to matrices and the added axis removed from the result. */
export const inferMatMul: ShapeInference = (inputs) => {
  const a = requireInput("MatMul", inputs, 0, "A");
  const b = requireInput("MatMul", inputs, 1, "B");
  const dtype = requireSameDType("MatMul", [a, b]);
  requireFloat("MatMul", a);
  if (a.shape === null || b.shape === null) return [{ dtype, shape: null }];
  if (a.shape.length === 0 || b.shape.length === 0)
    throw new InvalidArgumentError("MatMul operands must not be scalars");
  const describe = () => `${formatShape(a.shape)} @ ${formatShape(b.shape)}`;
  const aMatrix: SymbolicShape = a.shape.length === 1 ? [1, a.shape[0]] : a.shape;
  const bMatrix: SymbolicShape = b.shape.length === 1 ? [b.shape[0], 1] : b.shape;
  checkInner(aMatrix[aMatrix.length - 1], bMatrix[bMatrix.length - 2], describe);
  const batch = broadcastShapes(aMatrix.slice(0, -2), bMatrix.slice(0, -2))!;
  const shape: SymbolicDim[] = [...batch];
  if (a.shape.length > 1) shape.push(aMatrix[aMatrix.length - 2]);
  if (b.shape.length > 1) shape.push(bMatrix[bMatrix.length - 1]);
  return [{ dtype, shape }];
};

/** Y = alpha · A' · B' + beta · C, A' = transA ? Aᵀ : A (2-D), C broadcast to Y's shape. */
export const inferGemm: ShapeInference = (inputs, attributes) => {
  const a = requireInput("Gemm", inputs, 0, "A");
  const b = requireInput("Gemm", inputs, 1, "B");
  const c = inputs[2] ?? null;
  const dtype = requireSameDType("Gemm", c ? [a, b, c] : [a, b]);
  requireFloat("Gemm", a);
  if (a.shape === null || b.shape === null) return [{ dtype, shape: null }];
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw new InvalidArgumentError(
      `Gemm needs 2-D A and B, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  const transA = readInt(attributes, "transA", 0) !== 0;
  const transB = readInt(attributes, "transB", 0) !== 0;
  const [m, kA] = transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kB, n] = transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  checkInner(
    kA,
    kB,
    () => `${formatShape(a.shape)} and ${formatShape(b.shape)} (transA=${+transA}, transB=${+transB})`,
  );
  const shape: SymbolicShape = [m, n];
  if (c?.shape) {
    // C broadcasts one way only: to Y's shape, never enlarging it.
    const broadcast = broadcastShapes(shape, c.shape);
    if (broadcast === null || broadcast.length !== 2 || c.shape.length > 2) {
      throw new InvalidArgumentError(
        `Gemm's C ${formatShape(c.shape)} does not broadcast to ${formatShape(shape)}`,
      );
    }
    for (let i = 0; i < 2; i++) {
      if (typeof shape[i] === "number" && typeof broadcast[i] === "number" && broadcast[i] !== shape[i]) {
        throw new InvalidArgumentError(
          `Gemm's C ${formatShape(c.shape)} does not broadcast to ${formatShape(shape)}`,
        );
      }
    }
  }
  return [{ dtype, shape }];
};

/** Matrix product with numpy semantics (batched, broadcast batch dims, 1-D operands promoted). */
export function matMul(a: Tensor, b: Tensor): Tensor {
  return a.builder.node("MatMul", [a, b])[0];
}

export interface GemmOptions {
  readonly alpha?: number;
  readonly beta?: number;
  readonly transA?: boolean;
  readonly transB?: boolean;
}

/** alpha · A' · B' + beta · C for 2-D A and B (ONNX Gemm); the fused form of a dense layer. */
export function gemm(a: Tensor, b: Tensor, c: Tensor | null = null, options: GemmOptions = {}): Tensor {
  const attributes = {
    alpha: attr.float(options.alpha ?? 1),
    beta: attr.float(options.beta ?? 1),
    transA: attr.int(options.transA ? 1 : 0),
    transB: attr.int(options.transB ? 1 : 0),
  };
  return a.builder.node("Gemm", c ? [a, b, c] : [a, b], attributes)[0];
}
