import { add, div, mul, pow, sqrt, sub } from "../graph/ops/elementwise.js";
import {
  checkFraction,
  checkRate,
  checkSameLength,
  type Optimizer,
  type StateSlot,
  zeroStateSlot,
} from "./optimizer.js";

export interface AdamOptions {
  readonly learningRate: number;
  /** Decay of the first-moment average (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second-moment average (default 0.999). */
  readonly beta2?: number;
  /** Added to √v̂ (default 1e-8, PyTorch's; Keras uses 1e-7). */
  readonly epsilon?: number;
  /**
   * Adam: an L2 penalty added to the gradient (default 0). AdamW: decoupled decay, p ← p·(1 − lr·wd)
   * before the Adam step (default 0.01, as PyTorch's AdamW).
   */
  readonly weightDecay?: number;
}

/**
 * Adam (Kingma & Ba) with bias correction, as PyTorch computes it:
 * m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε),
 * where t is the step number fed to the graph. The scalar factors are computed once per step, the
 * rest element-wise per parameter.
 */
export function adam(options: AdamOptions): Optimizer {
  return adamFamily("adam", options, false);
}

/** AdamW (Loshchilov & Hutter): Adam with weight decay decoupled from the gradient. */
export function adamW(options: AdamOptions): Optimizer {
  return adamFamily("adamw", { ...options, weightDecay: options.weightDecay ?? 0.01 }, true);
}

function adamFamily(name: string, options: AdamOptions, decoupled: boolean): Optimizer {
  const { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0 } = options;
  checkRate(learningRate, `${name} learning rate`);
  checkFraction(beta1, `${name} beta1`);
  checkFraction(beta2, `${name} beta2`);
  checkRate(epsilon, `${name} epsilon`);
  checkRate(weightDecay, `${name} weight decay`);
  return {
    name,
    learningRate,
    update(builder, parameters, gradients, hyper) {
      checkSameLength(parameters, gradients);
      const state: StateSlot[] = [];
      if (parameters.length === 0) return { parameters: [], state };
      const { learningRate: lr, step } = hyper;
      const { stepSize, inverseRootCorrection2, decay } = builder.scope(name, () => {
        const correction1 = sub(1, pow(builder.scalar(beta1, step.dtype), step));
        const correction2 = sub(1, pow(builder.scalar(beta2, step.dtype), step));
        return {
          stepSize: div(lr, correction1),
          inverseRootCorrection2: div(1, sqrt(correction2)),
          decay: decoupled && weightDecay > 0 ? sub(1, mul(lr, weightDecay)) : null,
        };
      });
      const updated = parameters.map((parameter, i) =>
        builder.scope(name, () => {
          let g = gradients[i];
          if (!decoupled && weightDecay > 0) g = add(g, mul(parameter, weightDecay));
          const first = zeroStateSlot(builder, parameter, "adam_m");
          const second = zeroStateSlot(builder, parameter, "adam_v");
          const m = add(mul(first.value, beta1), mul(g, 1 - beta1));
          const v = add(mul(second.value, beta2), mul(mul(g, g), 1 - beta2));
          state.push(first.finish(m), second.finish(v));
          const denominator = add(mul(sqrt(v), inverseRootCorrection2), epsilon);
          const base = decay === null ? parameter : mul(parameter, decay);
          return sub(base, mul(div(m, denominator), stepSize));
        }),
      );
      return { parameters: updated, state };
    },
  };
}
