import type { RatingRows, Ratings } from "../data/ratings.js";
import { type FactorParameters, sumOfSquares, sumSquaredErrors } from "../model/factor-model.js";

/**
 * Set 5's regularized squared error,
 *   λ/2 (‖U‖²_F + ‖V‖²_F) + ½ Σ_(i,j) (y_ij − u_iᵀv_j)²,
 * summed (not averaged) over the ratings as the set writes it. For a biased model the prediction is
 * μ + b_i + b_j + u_iᵀv_j and the biases add biasLambda/2 (‖b_user‖² + ‖b_item‖²).
 */
export function regularizedLoss(
  model: FactorParameters,
  ratings: Ratings,
  lambda: number,
  biasLambda = lambda,
): number {
  return lossWithErrors(model, ratings, lambda, biasLambda).loss;
}

/** Gradients of {@link regularizedLoss}, shaped like the parameters they belong to. */
export interface LossGradients {
  readonly userFactors: Float64Array;
  readonly itemFactors: Float64Array;
  /** null for plain MF. */
  readonly userBias: Float64Array | null;
  readonly itemBias: Float64Array | null;
}

/**
 * Problem 2A, over all ratings at once:
 *   ∂u_i = λ u_i − Σ_j v_j (y_ij − u_iᵀv_j),   ∂v_j = λ v_j − Σ_i u_i (y_ij − u_iᵀv_j),
 * and for a biased model ∂b_i = biasLambda·b_i − Σ_j (y_ij − ŷ_ij), likewise for items. (μ is the
 * fixed training mean, not a parameter.) Given the ratings of one (i, j) pair, these are the
 * per-rating gradients that set 5's SGD steps along.
 */
export function lossGradients(
  model: FactorParameters,
  ratings: Ratings,
  lambda: number,
  biasLambda = lambda,
): LossGradients {
  const { k, userFactors: u, itemFactors: v, userBias, itemBias } = model;
  const userFactors = new Float64Array(u.length);
  const itemFactors = new Float64Array(v.length);
  for (let t = 0; t < u.length; t++) userFactors[t] = lambda * u[t];
  for (let t = 0; t < v.length; t++) itemFactors[t] = lambda * v[t];
  const userBiasGradient = userBias === null ? null : userBias.map((b) => biasLambda * b);
  const itemBiasGradient = itemBias === null ? null : itemBias.map((b) => biasLambda * b);
  for (let t = 0; t < ratings.rating.length; t++) {
    const user = ratings.user[t];
    const item = ratings.item[t];
    const userOffset = user * k;
    const itemOffset = item * k;
    let prediction = model.globalMean;
    if (userBias !== null) prediction += userBias[user] + itemBias![item];
    for (let f = 0; f < k; f++) prediction += u[userOffset + f] * v[itemOffset + f];
    const error = ratings.rating[t] - prediction;
    for (let f = 0; f < k; f++) {
      userFactors[userOffset + f] -= error * v[itemOffset + f];
      itemFactors[itemOffset + f] -= error * u[userOffset + f];
    }
    if (userBiasGradient !== null) {
      userBiasGradient[user] -= error;
      itemBiasGradient![item] -= error;
    }
  }
  return { userFactors, itemFactors, userBias: userBiasGradient, itemBias: itemBiasGradient };
}

/** {@link regularizedLoss} together with the Σ (y − ŷ)² inside it, from one pass over the ratings. */
export function lossWithErrors(
  model: FactorParameters,
  ratings: Ratings,
  lambda: number,
  biasLambda = lambda,
): { loss: number; squaredErrors: number } {
  const squaredErrors = sumSquaredErrors(model, ratings);
  let loss = 0.5 * squaredErrors;
  if (lambda !== 0)
    loss += 0.5 * lambda * (sumOfSquares(model.userFactors) + sumOfSquares(model.itemFactors));
  if (biasLambda !== 0 && model.userBias !== null) {
    loss += 0.5 * biasLambda * (sumOfSquares(model.userBias) + sumOfSquares(model.itemBias!));
  }
  return { loss, squaredErrors };
}

/**
 * How λ is spread over the ratings.
 * - "per-rating": every rating (i, j) carries λ/2(‖u_i‖² + ‖v_j‖²), so a user with n_i ratings pays
 *   λ n_i/2 ‖u_i‖²: the penalty set 5's SGD minimizes, since the notebook's grad_U shrinks u_i by
 *   ηλ on every step (the weighted-λ regularization of Zhou et al. 2008, "ALS-WR"). Default of SGD.
 * - "per-objective": the set's written objective λ/2(‖U‖² + ‖V‖²), each row once. Default of ALS,
 *   whose problem 2B formula solves it; SGD then shrinks by ηλ/n_i per step.
 */
export type RegularizationScaling = "per-rating" | "per-objective";

/** Σ_r n_r ‖row_r‖² over the rows of a factor matrix, n_r being row r's number of ratings. */
export function ratingWeightedSquares(rows: RatingRows, factors: Float64Array, k: number): number {
  let total = 0;
  for (let row = 0; row < rows.rows; row++) {
    const count = rows.start[row + 1] - rows.start[row];
    if (count === 0) continue;
    let squares = 0;
    for (let f = row * k; f < (row + 1) * k; f++) squares += factors[f] * factors[f];
    total += count * squares;
  }
  return total;
}
