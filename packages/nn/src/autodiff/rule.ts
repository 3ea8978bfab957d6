import type { GraphBuilder } from "../graph/builder.js";
import type { Tensor } from "../graph/tensor.js";
import type { NodeIR } from "../ir/ir.js";

/** What a backward rule sees of the forward node it differentiates. */
export interface BackwardContext {
  readonly builder: GraphBuilder;
  readonly node: NodeIR;
  /** The forward inputs; null for omitted optional inputs. */
  readonly inputs: readonly (Tensor | null)[];
  readonly outputs: readonly Tensor[];
  /** ∂loss/∂output for each output; null for outputs the loss does not depend on. */
  readonly outputGradients: readonly (Tensor | null)[];
  /** Whether ∂loss/∂input is wanted for each input; a rule may skip the others (return null). */
  readonly needsGradient: readonly boolean[];
}

/**
 * The vector-Jacobian product of one op: given ∂loss/∂outputs, appends standard ONNX nodes computing
 * ∂loss/∂inputs, each of its input's shape (broadcasting already summed away). Returns one entry per
 * input; null (or a shorter array) for inputs without a gradient.
 */
export type BackwardRule = (context: BackwardContext) => readonly (Tensor | null)[];

/** The gradient of output 0, which every single-output rule is called with. */
export function outputGradient(context: BackwardContext, index = 0): Tensor {
  const gradient = context.outputGradients[index];
  if (!gradient)
    throw new Error(`backward rule of ${context.node.op} called without the gradient of output ${index}`);
  return gradient;
}

/** Input `index`, known to be present (the forward op requires it). */
export function input(context: BackwardContext, index: number): Tensor {
  const tensor = context.inputs[index];
  if (!tensor) throw new Error(`${context.node.op} node "${context.node.name}" lacks input ${index}`);
  return tensor;
}
