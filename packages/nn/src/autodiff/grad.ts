import { InvalidArgumentError } from "@lab/core";
import { GraphBuilder } from "../graph/builder.js";
import { staticDims } from "../graph/shape.js";
import { isFloatDType, type Tensor } from "../graph/tensor.js";
import { onesLike, sumContributions, zerosLike } from "./helpers.js";
import type { BackwardContext, BackwardRule } from "./rule.js";
import { BACKWARD_RULES, NON_DIFFERENTIABLE_OPS } from "./rules/index.js";

export interface GradOptions {
  /** Tensors treated as constants: no gradient flows through them (in addition to stopGradient nodes). */
  readonly stopGradient?: readonly (Tensor | string)[];
  /**
   * ∂(final objective)/∂loss, for a loss that is not a scalar (a vector-Jacobian product); default
   * ones of the loss's shape, so a non-scalar loss is differentiated as its sum.
   */
  readonly lossGradient?: Tensor;
  /** What a `wrt` tensor the loss does not depend on gets: zeros of its shape (default) or an error. */
  readonly unconnected?: "zeros" | "error";
  /** Scope of the appended backward nodes (default "gradients"). */
  readonly scope?: string;
  /** Backward rules to use instead of (or in addition to) the built-in ones, by op type. */
  readonly rules?: Readonly<Record<string, BackwardRule>>;
}

/**
 * Reverse-mode differentiation of `loss` with respect to each `wrt` tensor: appends the backward
 * nodes (standard ONNX ops only, under the "gradients" scope) to the loss's graph and returns the
 * gradient tensors, each of its wrt tensor's shape and dtype. Name the returned tensors as graph
 * outputs to fetch them.
 *
 * Gradients of a value used several times are summed; broadcasting is summed back per operand by
 * each rule; integer and bool values, non-differentiable ops (comparisons, Shape, ...) and stopped
 * tensors carry no gradient. An op on the path from a wrt tensor to the loss without a backward rule
 * is an error naming it.
 */
export function grad(loss: Tensor, wrt: readonly Tensor[], options?: GradOptions): Tensor[];
export function grad(
  builder: GraphBuilder,
  loss: Tensor | string,
  wrt: readonly (Tensor | string)[],
  options?: GradOptions,
): Tensor[];
export function grad(
  first: GraphBuilder | Tensor,
  second: Tensor | string | readonly Tensor[],
  third?: readonly (Tensor | string)[] | GradOptions,
  fourth?: GradOptions,
): Tensor[] {
  if (first instanceof GraphBuilder) {
    const builder = first;
    const resolve = (tensor: Tensor | string) =>
      typeof tensor === "string" ? builder.tensor(tensor) : tensor;
    return differentiate(
      builder,
      resolve(second as Tensor | string),
      ((third ?? []) as readonly (Tensor | string)[]).map(resolve),
      fourth ?? {},
    );
  }
  return differentiate(
    first.builder,
    first,
    second as readonly Tensor[],
    (third as GradOptions | undefined) ?? {},
  );
}

function differentiate(
  builder: GraphBuilder,
  loss: Tensor,
  wrt: readonly Tensor[],
  options: GradOptions,
): Tensor[] {
  for (const tensor of [loss, ...wrt]) {
    if (tensor.builder !== builder) {
      throw new InvalidArgumentError(
        `tensor "${tensor.name}" belongs to another graph than "${builder.name}"`,
      );
    }
  }
  if (!isFloatDType(loss.dtype))
    throw new InvalidArgumentError(`the loss must be a float tensor, got ${loss.toString()}`);
  for (const tensor of wrt) {
    if (!isFloatDType(tensor.dtype)) {
      throw new InvalidArgumentError(
        `cannot differentiate with respect to ${tensor.toString()}: not a float tensor`,
      );
    }
  }
  const stopped = new Set(
    (options.stopGradient ?? []).map((tensor) =>
      typeof tensor === "string" ? builder.tensor(tensor).name : tensor.name,
    ),
  );
  for (const tensor of wrt) {
    if (stopped.has(tensor.name)) {
      throw new InvalidArgumentError(`"${tensor.name}" is both a wrt tensor and a stop-gradient tensor`);
    }
  }
  const lossGradient = options.lossGradient;
  if (lossGradient) {
    const lossDims = staticDims(loss.shape);
    const givenDims = staticDims(lossGradient.shape);
    const shapesDiffer = lossDims !== null && givenDims !== null && lossDims.join() !== givenDims.join();
    if (lossGradient.dtype !== loss.dtype || shapesDiffer) {
      throw new InvalidArgumentError(
        `lossGradient ${lossGradient.toString()} must match the loss ${loss.toString()}`,
      );
    }
  }

  // Only nodes that already exist take part: the backward nodes appended below are never revisited.
  const end = builder.nodeCount;
  const dependsOnWrt = valuesDependingOn(builder, wrt, stopped, end);
  const lossProducer = builder.producerOf(loss);
  const gradients = new Map<string, Tensor[]>();

  builder.scope(options.scope ?? "gradients", () => {
    if (dependsOnWrt.has(loss.name)) gradients.set(loss.name, [lossGradient ?? onesLike(loss)]);
    if (lossProducer === undefined) return;
    for (let index = lossProducer; index >= 0; index--) {
      const { ir: node, stopGradient } = builder.nodeAt(index);
      if (stopGradient || NON_DIFFERENTIABLE_OPS.has(node.op)) continue;
      const outputGradients = node.outputs.map((name) => {
        const contributions = gradients.get(name);
        return contributions ? sumContributions(contributions) : null;
      });
      if (outputGradients.every((gradient) => gradient === null)) continue;
      const inputs = node.inputs.map((name) => (name === "" ? null : builder.tensor(name)));
      const needsGradient = inputs.map((tensor) => tensor !== null && dependsOnWrt.has(tensor.name));
      if (!needsGradient.some(Boolean)) continue;
      const rule = options.rules?.[node.op] ?? BACKWARD_RULES[node.op];
      if (!rule) {
        throw new InvalidArgumentError(
          `no gradient for op ${node.op} (node "${node.name}") on the path from the parameters to the loss`,
        );
      }
      const context: BackwardContext = {
        builder,
        node,
        inputs,
        outputs: node.outputs.map((name) => builder.tensor(name)),
        outputGradients,
        needsGradient,
      };
      const inputGradients = builder.scope(node.name, () => rule(context));
      inputs.forEach((tensor, i) => {
        const gradient = inputGradients[i];
        if (!tensor || !needsGradient[i] || !gradient) return;
        if (gradient.dtype !== tensor.dtype) {
          throw new Error(
            `backward rule of ${node.op} gave a ${gradient.dtype} gradient for ${tensor.toString()}`,
          );
        }
        const list = gradients.get(tensor.name);
        if (list) list.push(gradient);
        else gradients.set(tensor.name, [gradient]);
      });
    }
  });

  return builder.scope(options.scope ?? "gradients", () =>
    wrt.map((tensor) => {
      const contributions = gradients.get(tensor.name);
      if (contributions) return sumContributions(contributions);
      if (options.unconnected === "error") {
        throw new InvalidArgumentError(`the loss "${loss.name}" does not depend on "${tensor.name}"`);
      }
      return zerosLike(tensor);
    }),
  );
}

/**
 * Names of the float values that depend differentiably on some wrt tensor, among the first `end`
 * nodes: forward propagation through nodes that are not stopped or non-differentiable.
 */
function valuesDependingOn(
  builder: GraphBuilder,
  wrt: readonly Tensor[],
  stopped: ReadonlySet<string>,
  end: number,
): Set<string> {
  const depends = new Set(wrt.map((tensor) => tensor.name));
  for (let index = 0; index < end; index++) {
    const { ir: node, stopGradient } = builder.nodeAt(index);
    if (stopGradient || NON_DIFFERENTIABLE_OPS.has(node.op)) continue;
    if (!node.inputs.some((name) => name !== "" && depends.has(name))) continue;
    for (const name of node.outputs) {
      if (!stopped.has(name) && isFloatDType(builder.tensor(name).dtype)) depends.add(name);
    }
  }
  return depends;
}
