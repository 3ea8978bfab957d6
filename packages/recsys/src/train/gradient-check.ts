import type { Ratings } from "../data/ratings.js";
import type { FactorParameters } from "../model/factor-model.js";
import { lossGradients, regularizedLoss } from "./objective.js";

export interface GradientCheck {
  /** Parameters compared (every entry of U, V and the biases). */
  readonly parameters: number;
  /** max |analytic − numeric| / max(1, |analytic|, |numeric|) over them. */
  readonly maxError: number;
}

/**
 * Compares {@link lossGradients} (problem 2A) with central finite differences of
 * {@link regularizedLoss}, (L(θ + h) − L(θ − h)) / 2h, for every parameter of `model`, which is
 * perturbed in place and restored. The loss is a polynomial of degree 4 in the parameters, so the
 * difference quotient is off by O(h²) plus rounding of O(ε·L/h); h = 1e-5 balances the two.
 */
export function checkGradients(
  model: FactorParameters,
  ratings: Ratings,
  lambda: number,
  biasLambda = lambda,
  step = 1e-5,
): GradientCheck {
  const analytic = lossGradients(model, ratings, lambda, biasLambda);
  const pairs: [Float64Array, Float64Array][] = [
    [model.userFactors, analytic.userFactors],
    [model.itemFactors, analytic.itemFactors],
  ];
  if (model.userBias !== null) {
    pairs.push([model.userBias, analytic.userBias!], [model.itemBias!, analytic.itemBias!]);
  }
  let parameters = 0;
  let maxError = 0;
  for (const [values, gradient] of pairs) {
    for (let p = 0; p < values.length; p++) {
      const saved = values[p];
      values[p] = saved + step;
      const above = regularizedLoss(model, ratings, lambda, biasLambda);
      values[p] = saved - step;
      const below = regularizedLoss(model, ratings, lambda, biasLambda);
      values[p] = saved;
      const numeric = (above - below) / (2 * step);
      const error = Math.abs(gradient[p] - numeric) / Math.max(1, Math.abs(gradient[p]), Math.abs(numeric));
      if (error > maxError) maxError = error;
      parameters++;
    }
  }
  return { parameters, maxError };
}
