import { readFloat, readInt } from "../../graph/ops/common.js";
import { mul } from "../../graph/ops/elementwise.js";
import { gemm, matMul } from "../../graph/ops/matmul.js";
import { reshape, squeeze, transpose, unsqueeze } from "../../graph/ops/shape-ops.js";
import type { Tensor } from "../../graph/tensor.js";
import { reduceToShape, requireRank } from "../helpers.js";
import { type BackwardRule, input, outputGradient } from "../rule.js";

/** Swaps the last two axes of a tensor of rank >= 2. */
function transposeLastTwo(x: Tensor, rank: number): Tensor {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return transpose(x, perm);
}

/**
 * Y = A @ B (numpy semantics): ∂A = G @ Bᵀ, ∂B = Aᵀ @ G, each summed over the batch axes it was
 * broadcast along. 1-D operands are promoted to matrices as in the forward op ([k] → [1, k] for A,
 * [k, 1] for B), G gets the axis the forward op removed, and the promoted axis is squeezed again.
 * Plain 2-D products use Gemm's transpose flags instead of separate Transpose nodes.
 */
export const matMulBackward: BackwardRule = (context) => {
  const g = outputGradient(context);
  const a = input(context, 0);
  const b = input(context, 1);
  const rankA = requireRank(a, "MatMul");
  const rankB = requireRank(b, "MatMul");
  if (rankA === 2 && rankB === 2) {
    return [
      context.needsGradient[0] ? gemm(g, b, null, { transB: true }) : null,
      context.needsGradient[1] ? gemm(a, g, null, { transA: true }) : null,
    ];
  }
  const k = b.shape?.[0];
  const n = b.shape?.[1];
  if (rankA > 2 && rankB === 2 && typeof k === "number" && typeof n === "number") {
    // A batch of rows times one matrix (x [..., k] @ W [k, n]): ∂W = Σ over the batch of xᵀ·G is one
    // Gemm of the flattened rows, without a [batch, k, n] intermediate to sum afterwards.
    return [
      context.needsGradient[0] ? matMul(g, transpose(b)) : null,
      context.needsGradient[1]
        ? gemm(reshape(a, [-1, k]), reshape(g, [-1, n]), null, { transA: true })
        : null,
    ];
  }
  const a2 = rankA === 1 ? unsqueeze(a, [0]) : a;
  const b2 = rankB === 1 ? unsqueeze(b, [1]) : b;
  let g2 = g;
  if (rankB === 1) g2 = unsqueeze(g2, [requireRank(g2, "MatMul")]);
  if (rankA === 1) g2 = unsqueeze(g2, [requireRank(g2, "MatMul") - 1]);
  let gradA: Tensor | null = null;
  let gradB: Tensor | null = null;
  if (context.needsGradient[0]) {
    gradA = reduceToShape(matMul(g2, transposeLastTwo(b2, Math.max(rankB, 2))), a2);
    if (rankA === 1) gradA = squeeze(gradA, [0]);
  }
  if (context.needsGradient[1]) {
    gradB = reduceToShape(matMul(transposeLastTwo(a2, Math.max(rankA, 2)), g2), b2);
    if (rankB === 1) gradB = squeeze(gradB, [1]);
  }
  return [gradA, gradB];
};

/**
 * Y = α·A'·B' + β·C with A' = op(A), B' = op(B): ∂A' = α·G·B'ᵀ and ∂B' = α·A'ᵀ·G, transposed back
 * when the forward op transposed; each is one Gemm with the right flags. ∂C = β·G summed to C's shape.
 */
export const gemmBackward: BackwardRule = (context) => {
  const g = outputGradient(context);
  const a = input(context, 0);
  const b = input(context, 1);
  const c = context.inputs[2] ?? null;
  const attributes = context.node.attributes;
  const alpha = readFloat(attributes, "alpha", 1);
  const beta = readFloat(attributes, "beta", 1);
  const transA = readInt(attributes, "transA", 0) !== 0;
  const transB = readInt(attributes, "transB", 0) !== 0;
  let gradA: Tensor | null = null;
  let gradB: Tensor | null = null;
  if (context.needsGradient[0]) {
    gradA = transA
      ? gemm(b, g, null, { alpha, transA: transB, transB: true })
      : gemm(g, b, null, { alpha, transB: !transB });
  }
  if (context.needsGradient[1]) {
    gradB = transB
      ? gemm(g, a, null, { alpha, transA: true, transB: transA })
      : gemm(a, g, null, { alpha, transA: !transA });
  }
  let gradC: Tensor | null = null;
  if (c && context.needsGradient[2]) {
    gradC = reduceToShape(g, c);
    // ONNX float attributes are float32: scale by the β the forward op actually used.
    if (beta !== 1) gradC = mul(gradC, Math.fround(beta));
  }
  return [gradA, gradB, gradC];
};
