import { InvalidArgumentError } from "@lab/core";
import { add, mul, sub } from "../graph/ops/elementwise.js";
import {
  checkFraction,
  checkRate,
  checkSameLength,
  type Optimizer,
  type StateSlot,
  zeroStateSlot,
} from "./optimizer.js";

export interface SgdOptions {
  readonly learningRate: number;
  /** Heavy-ball momentum in [0, 1) (default 0: plain SGD, no state). */
  readonly momentum?: number;
  /** Nesterov's variant of momentum (needs momentum > 0). */
  readonly nesterov?: boolean;
  /** L2 penalty: wd · p is added to the gradient (default 0). */
  readonly weightDecay?: number;
}

/**
 * Stochastic gradient descent with PyTorch's update: g ← g + wd·p; b ← μ·b + g (b starts at 0, so
 * the first step sets b = g); d = g + μ·b with Nesterov, else b; p ← p − lr·d.
 */
export function sgd(options: SgdOptions): Optimizer {
  const { learningRate, momentum = 0, nesterov = false, weightDecay = 0 } = options;
  checkRate(learningRate, "SGD learning rate");
  checkFraction(momentum, "SGD momentum");
  checkRate(weightDecay, "SGD weight decay");
  if (nesterov && momentum === 0) throw new InvalidArgumentError("Nesterov momentum needs momentum > 0");
  return {
    name: "sgd",
    learningRate,
    update(builder, parameters, gradients, hyper) {
      checkSameLength(parameters, gradients);
      const state: StateSlot[] = [];
      const updated = parameters.map((parameter, i) =>
        builder.scope("sgd", () => {
          let g = gradients[i];
          if (weightDecay > 0) g = add(g, mul(parameter, weightDecay));
          let direction = g;
          if (momentum > 0) {
            const slot = zeroStateSlot(builder, parameter, "momentum");
            const buffer = add(mul(slot.value, momentum), g);
            state.push(slot.finish(buffer));
            direction = nesterov ? add(g, mul(buffer, momentum)) : buffer;
          }
          return sub(parameter, mul(direction, hyper.learningRate));
        }),
      );
      return { parameters: updated, state };
    },
  };
}
