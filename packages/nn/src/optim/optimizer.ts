import { InvalidArgumentError } from "@lab/core";
import type { GraphBuilder } from "../graph/builder.js";
import type { Tensor } from "../graph/tensor.js";
import type { TensorArray } from "../ir/ir.js";

/**
 * A value an optimizer carries from one step to the next (momentum, Adam's moments). It enters the
 * training graph as the input `input` and leaves it as the output `output`; the trainer feeds the
 * output of step t as the input of step t + 1, starting from `initial`.
 */
export interface StateSlot {
  readonly input: Tensor;
  readonly output: Tensor;
  readonly initial: TensorArray;
}

/** Scalar graph inputs an update reads, fed by the trainer each step. */
export interface StepHyperparameters {
  /** The learning rate, fed so that schedules run in TypeScript without rebuilding the graph. */
  readonly learningRate: Tensor;
  /** The 1-based number of the step being taken (Adam's bias correction). */
  readonly step: Tensor;
}

export interface OptimizerUpdate {
  /** The new value of each parameter, in the order given. */
  readonly parameters: readonly Tensor[];
  readonly state: readonly StateSlot[];
}

/**
 * An update rule appended to a training graph after the gradients: `update` reads each parameter,
 * its gradient and the step's hyperparameters, declares its state slots and returns new values.
 */
export interface Optimizer {
  /** E.g. "adam"; recorded in training logs. */
  readonly name: string;
  /** The rate the trainer feeds until a schedule changes it. */
  readonly learningRate: number;
  update(
    builder: GraphBuilder,
    parameters: readonly Tensor[],
    gradients: readonly Tensor[],
    hyper: StepHyperparameters,
  ): OptimizerUpdate;
}

/** The name of the graph output holding the next value of the input `name`. */
export function nextValueName(name: string): string {
  return `${name}:next`;
}

/**
 * Declares a state slot of `parameter`'s shape and dtype, zero at the start: the input is named
 * `<parameter>/<kind>`, the output `<parameter>/<kind>:next`. `compute` receives the input and
 * returns the new value.
 */
export function zeroStateSlot(
  builder: GraphBuilder,
  parameter: Tensor,
  kind: string,
): { readonly value: Tensor; finish(next: Tensor): StateSlot } {
  const dims = parameter.shape?.map((dim) => {
    if (typeof dim !== "number")
      throw new InvalidArgumentError(`parameter ${parameter.toString()} has no static shape`);
    return dim;
  });
  if (dims === undefined)
    throw new InvalidArgumentError(`parameter ${parameter.toString()} has no static shape`);
  const size = dims.reduce((product, dim) => product * dim, 1);
  const value = builder.input(`${parameter.name}/${kind}`, parameter.dtype, dims);
  const initial = parameter.dtype === "float64" ? new Float64Array(size) : new Float32Array(size);
  return {
    value,
    finish: (next) => ({ input: value, output: builder.output(next, nextValueName(value.name)), initial }),
  };
}

export function checkRate(value: number, what: string): void {
  if (!(Number.isFinite(value) && value >= 0))
    throw new InvalidArgumentError(`${what} must be a finite number >= 0, got ${value}`);
}

export function checkFraction(value: number, what: string): void {
  if (!(value >= 0 && value < 1)) throw new InvalidArgumentError(`${what} must be in [0, 1), got ${value}`);
}

export function checkSameLength(parameters: readonly Tensor[], gradients: readonly Tensor[]): void {
  if (parameters.length !== gradients.length) {
    throw new InvalidArgumentError(`${parameters.length} parameters but ${gradients.length} gradients`);
  }
}
