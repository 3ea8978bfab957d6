import { InvalidArgumentError } from "@lab/core";
import type { MatrixShape, Ratings } from "../data/ratings.js";

/** How a model was trained: set 5's SGD (2C), ALS (2B), or SGD with global mean and biases. */
export type FactorMethod = "sgd" | "als" | "biased";

export const FACTOR_METHODS: readonly FactorMethod[] = ["sgd", "als", "biased"];

/** The numbers a factor model holds; every array is row-major Float64. */
export interface FactorParameters {
  readonly method: FactorMethod;
  readonly k: number;
  readonly users: number;
  readonly items: number;
  /** U, users×k: row i is u_i. */
  readonly userFactors: Float64Array;
  /** V, items×k: row j is v_j (the set's V is this transposed in the notebook, N×K here). */
  readonly itemFactors: Float64Array;
  /** μ of the biased model; 0 for plain MF. */
  readonly globalMean: number;
  /** b_u and b_i of the biased model; null for plain MF. */
  readonly userBias: Float64Array | null;
  readonly itemBias: Float64Array | null;
}

/** Errors of a model on a set of ratings, as set 5 reports them. */
export interface ErrorSummary {
  readonly count: number;
  /** E = (1/n) Σ ½ (y − ŷ)²: the set's E_in / E_out, the mean of the halved squared error, unregularized. */
  readonly e: number;
  /** √((1/n) Σ (y − ŷ)²) = √(2E). */
  readonly rmse: number;
}

/**
 * A trained factorization: ŷ_ij = u_iᵀv_j for plain MF, μ + b_i + b_j + u_iᵀv_j for the biased one.
 * Indices are dense (see IdMap for raw ids).
 */
export class FactorModel implements FactorParameters {
  readonly method: FactorMethod;
  readonly k: number;
  readonly users: number;
  readonly items: number;
  readonly userFactors: Float64Array;
  readonly itemFactors: Float64Array;
  readonly globalMean: number;
  readonly userBias: Float64Array | null;
  readonly itemBias: Float64Array | null;

  constructor(parameters: FactorParameters) {
    const { k, users, items } = parameters;
    if (!(Number.isInteger(k) && k >= 1))
      throw new InvalidArgumentError(`k must be an integer >= 1, got ${k}`);
    if (!(Number.isInteger(users) && users >= 0 && Number.isInteger(items) && items >= 0)) {
      throw new InvalidArgumentError(
        `users and items must be non-negative integers, got ${users} and ${items}`,
      );
    }
    if (parameters.userFactors.length !== users * k || parameters.itemFactors.length !== items * k) {
      throw new InvalidArgumentError(
        `factor arrays must hold users×k = ${users * k} and items×k = ${items * k} values, got ${parameters.userFactors.length} and ${parameters.itemFactors.length}`,
      );
    }
    const biased = parameters.userBias !== null || parameters.itemBias !== null;
    if (
      biased &&
      (parameters.userBias === null ||
        parameters.itemBias === null ||
        parameters.userBias.length !== users ||
        parameters.itemBias.length !== items)
    ) {
      throw new InvalidArgumentError(
        `a biased model needs one bias per user (${users}) and per item (${items})`,
      );
    }
    this.method = parameters.method;
    this.k = k;
    this.users = users;
    this.items = items;
    this.userFactors = parameters.userFactors;
    this.itemFactors = parameters.itemFactors;
    this.globalMean = parameters.globalMean;
    this.userBias = parameters.userBias;
    this.itemBias = parameters.itemBias;
  }

  get shape(): MatrixShape {
    return { users: this.users, items: this.items };
  }

  /** ŷ for one (user, item) pair of dense indices. */
  predict(user: number, item: number): number {
    const k = this.k;
    const u = this.userFactors;
    const v = this.itemFactors;
    const userOffset = user * k;
    const itemOffset = item * k;
    let score = this.globalMean + dotRows(u, userOffset, v, itemOffset, k);
    if (this.userBias !== null) score += this.userBias[user] + this.itemBias![item];
    return score;
  }

  /** ŷ for every rating's (user, item) pair, into `out` (allocated when omitted). */
  predictRatings(ratings: Ratings, out = new Float64Array(ratings.rating.length)): Float64Array {
    for (let t = 0; t < ratings.rating.length; t++) out[t] = this.predict(ratings.user[t], ratings.item[t]);
    return out;
  }

  /** ŷ of one user for every item, into `out` (length items). */
  scoreAllItems(user: number, out = new Float64Array(this.items)): Float64Array {
    const k = this.k;
    const u = this.userFactors;
    const v = this.itemFactors;
    const userOffset = user * k;
    const base = this.globalMean + (this.userBias === null ? 0 : this.userBias[user]);
    for (let item = 0; item < this.items; item++) {
      const bias = this.itemBias === null ? 0 : this.itemBias[item];
      out[item] = base + bias + dotRows(u, userOffset, v, item * k, k);
    }
    return out;
  }

  /** E (mean of ½ squared error) and RMSE on `ratings`; NaN for no ratings. */
  evaluate(ratings: Ratings): ErrorSummary {
    const count = ratings.rating.length;
    const squaredErrors = sumSquaredErrors(this, ratings);
    return { count, e: squaredErrors / (2 * count), rmse: Math.sqrt(squaredErrors / count) };
  }
}

/** Σ (y − ŷ)² over the ratings: the one pass every loss and error below is built from. */
export function sumSquaredErrors(model: FactorParameters, ratings: Ratings): number {
  const { k, userFactors: u, itemFactors: v, globalMean, userBias, itemBias } = model;
  const users = ratings.user;
  const items = ratings.item;
  const values = ratings.rating;
  let total = 0;
  if (userBias === null) {
    for (let t = 0; t < values.length; t++) {
      const error = values[t] - globalMean - dotRows(u, users[t] * k, v, items[t] * k, k);
      total += error * error;
    }
    return total;
  }
  for (let t = 0; t < values.length; t++) {
    const prediction =
      globalMean + userBias[users[t]] + itemBias![items[t]] + dotRows(u, users[t] * k, v, items[t] * k, k);
    const error = values[t] - prediction;
    total += error * error;
  }
  return total;
}

/**
 * x[a..a+k) · y[b..b+k), unrolled by four with two running sums: V8 does not unroll loops, and one
 * sum would wait on every addition. Small enough for V8 to inline into the loops that call it.
 */
export function dotRows(x: Float64Array, a: number, y: Float64Array, b: number, k: number): number {
  const unrolled = k - (k % 4);
  let even = 0;
  let odd = 0;
  let f = 0;
  for (; f < unrolled; f += 4) {
    even += x[a + f] * y[b + f] + x[a + f + 2] * y[b + f + 2];
    odd += x[a + f + 1] * y[b + f + 1] + x[a + f + 3] * y[b + f + 3];
  }
  for (; f < k; f++) even += x[a + f] * y[b + f];
  return even + odd;
}

/** Σ x² of an array. */
export function sumOfSquares(values: ArrayLike<number>): number {
  let total = 0;
  for (let t = 0; t < values.length; t++) total += values[t] * values[t];
  return total;
}
