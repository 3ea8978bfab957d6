import { createRng, InvalidArgumentError } from "@lab/core";
import { checkRatings, type MatrixShape, type Ratings } from "../data/ratings.js";
import { FactorModel, sumOfSquares } from "../model/factor-model.js";
import { type CommonTrainingOptions, checkCommonOptions, runEpochs, type TrainingResult } from "./epochs.js";
import { lossWithErrors, type RegularizationScaling } from "./objective.js";
import { WasmSgdEpoch, wasmSgdAvailable } from "./wasm/sgd-kernel.js";

export interface SgdOptions extends CommonTrainingOptions {
  /** η (default 0.03, as set 5). */
  readonly learningRate?: number;
  /** U and V start uniform in [−initRange, initRange) (default 0.5, as set 5). */
  readonly initRange?: number;
  /**
   * How λ enters each step (default "per-rating", as the notebook's grad_U; see
   * RegularizationScaling). Early stopping watches the set's objective either way.
   */
  readonly regularization?: RegularizationScaling;
  /**
   * "wasm" (default where WebAssembly SIMD exists, as in Node ≥ 16.4): the kernel in
   * ./wasm/sgd-kernel.ts, about 2.5× faster; "typescript": sgdEpoch below. Both compute the same
   * steps; their results differ by rounding only (about 1e-15 per epoch).
   */
  readonly kernel?: "wasm" | "typescript";
}

export const SET5_LEARNING_RATE = 0.03;
export const SET5_INIT_RANGE = 0.5;

/**
 * Set 5 problem 2C: matrix factorization Y ≈ UVᵀ by stochastic gradient descent.
 *
 * U and V start uniform in [−0.5, 0.5); each epoch visits the training ratings in a fresh random
 * order (the order array is reshuffled in place, as np.random.shuffle(indices) does) and steps, for
 * rating (i, j):
 *   u_i ← u_i − η (λu_i − v_j (y_ij − u_iᵀv_j))
 *   v_j ← v_j − η (λv_j − u_i (y_ij − u_iᵀv_j))   with the u_i just updated,
 * the order of the notebook's `U[i] -= grad_U(...)` then `V[j] -= grad_V(V[j], y, U[i], ...)`.
 * Stops by the set's rule (see runEpochs). The same seed gives the same model, bit for bit.
 */
export function trainSgd(train: Ratings, shape: MatrixShape, options: SgdOptions): TrainingResult {
  const { k, lambda, maxEpochs, tolerance } = checkCommonOptions(options);
  const learningRate = options.learningRate ?? SET5_LEARNING_RATE;
  const initRange = options.initRange ?? SET5_INIT_RANGE;
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new InvalidArgumentError(`learningRate must be a finite number > 0, got ${learningRate}`);
  }
  if (!(initRange > 0 && Number.isFinite(initRange))) {
    throw new InvalidArgumentError(`initRange must be a finite number > 0, got ${initRange}`);
  }
  const count = checkRatings(train, shape, "training ratings");
  if (count === 0) throw new InvalidArgumentError("training ratings are empty");

  const kernel = options.kernel ?? (wasmSgdAvailable() ? "wasm" : "typescript");
  if (kernel !== "wasm" && kernel !== "typescript") {
    throw new InvalidArgumentError(`kernel must be "wasm" or "typescript", got ${JSON.stringify(kernel)}`);
  }
  const userShrink = shrinkFactors(train.user, shape.users, learningRate, lambda, options.regularization);
  const itemShrink = shrinkFactors(train.item, shape.items, learningRate, lambda, options.regularization);
  // The WebAssembly kernel works on copies of the ratings and factors inside its own memory; the
  // TypeScript kernel on plain arrays. Either way U is drawn before V from the same generator, and
  // the visiting order starts as 0..n-1 and is reshuffled in place before every epoch.
  const wasm = kernel === "wasm" ? new WasmSgdEpoch(train, k, userShrink, itemShrink) : null;
  const userFactors = wasm ? wasm.userFactors : new Float64Array(shape.users * k);
  const itemFactors = wasm ? wasm.itemFactors : new Float64Array(shape.items * k);
  const order = wasm ? wasm.order : Uint32Array.from({ length: count }, (_, t) => t);
  const rng = createRng(options.seed ?? 1);
  rng.fillUniform(userFactors, -initRange, initRange);
  rng.fillUniform(itemFactors, -initRange, initRange);
  const model = new FactorModel({
    method: "sgd",
    k,
    users: shape.users,
    items: shape.items,
    userFactors,
    itemFactors,
    globalMean: 0,
    userBias: null,
    itemBias: null,
  });

  const result = runEpochs(
    `recsys sgd k=${k} λ=${lambda}`,
    model,
    { maxEpochs, tolerance, trainingCount: count },
    options,
    lossWithErrors(model, train, lambda),
    () => {
      rng.shuffle(order);
      if (!wasm) {
        sgdEpoch(order, train, userFactors, itemFactors, k, learningRate, userShrink, itemShrink);
        return lossWithErrors(model, train, lambda);
      }
      wasm.runEpoch(learningRate);
      const squaredErrors = wasm.squaredErrors();
      const penalty =
        lambda === 0 ? 0 : 0.5 * lambda * (sumOfSquares(userFactors) + sumOfSquares(itemFactors));
      return { squaredErrors, loss: 0.5 * squaredErrors + penalty };
    },
  );
  if (!wasm) return result;
  // Copy the factors out, so the model does not keep the kernel's memory (and rating copies) alive.
  return {
    ...result,
    model: new FactorModel({ ...model, userFactors: userFactors.slice(), itemFactors: itemFactors.slice() }),
  };
}

/**
 * 1 − η·(λ as applied per step) for every row: λ, or λ/n for a row with n ratings (see
 * RegularizationScaling). Rows without ratings are never stepped on; their entry is unused.
 */
export function shrinkFactors(
  index: Int32Array,
  rows: number,
  learningRate: number,
  lambda: number,
  scaling: RegularizationScaling = "per-rating",
): Float64Array {
  if (scaling !== "per-rating" && scaling !== "per-objective") {
    throw new InvalidArgumentError(
      `regularization must be "per-rating" or "per-objective", got ${JSON.stringify(scaling)}`,
    );
  }
  const shrink = new Float64Array(rows).fill(1 - learningRate * lambda);
  if (scaling === "per-objective") {
    const counts = new Float64Array(rows);
    for (let t = 0; t < index.length; t++) counts[index[t]]++;
    for (let r = 0; r < rows; r++) if (counts[r] > 0) shrink[r] = 1 - (learningRate * lambda) / counts[r];
  }
  return shrink;
}

/**
 * One pass of per-rating SGD steps in the given order. A plain function over typed arrays with no
 * closure or allocation inside, so V8 compiles the loop once.
 *
 * Two algebraic rewrites make it about 1.5× faster than the literal three loops, with the same
 * result up to rounding: the notebook's second error y − u_iᵀv_j, taken after u_i moved to
 * u_i' = a·u_i + s·v_j, equals y − (a·u_iᵀv_j + s·v_jᵀv_j), so both steps are known after one pass
 * that accumulates u_iᵀv_j and v_jᵀv_j, and a second pass updates u_i and v_j together. Loops are
 * unrolled by four with split accumulators because V8 does not unroll, and a single running sum
 * waits on every addition before it.
 */
export function sgdEpoch(
  order: Uint32Array,
  ratings: Ratings,
  userFactors: Float64Array,
  itemFactors: Float64Array,
  k: number,
  learningRate: number,
  userShrink: Float64Array,
  itemShrink: Float64Array,
): void {
  const users = ratings.user;
  const items = ratings.item;
  const values = ratings.rating;
  const u = userFactors;
  const v = itemFactors;
  const n = order.length;
  const unrolled = k - (k % 4);
  for (let t = 0; t < n; t++) {
    const r = order[t];
    const user = users[r];
    const item = items[r];
    const y = values[r];
    const a = user * k;
    const b = item * k;
    let dotEven = 0;
    let dotOdd = 0;
    let normEven = 0;
    let normOdd = 0;
    let f = 0;
    for (; f < unrolled; f += 4) {
      const v0 = v[b + f];
      const v1 = v[b + f + 1];
      const v2 = v[b + f + 2];
      const v3 = v[b + f + 3];
      dotEven += u[a + f] * v0 + u[a + f + 2] * v2;
      dotOdd += u[a + f + 1] * v1 + u[a + f + 3] * v3;
      normEven += v0 * v0 + v2 * v2;
      normOdd += v1 * v1 + v3 * v3;
    }
    for (; f < k; f++) {
      const vf = v[b + f];
      dotEven += u[a + f] * vf;
      normEven += vf * vf;
    }
    const dot = dotEven + dotOdd;
    const userKeep = userShrink[user];
    const itemKeep = itemShrink[item];
    // u_i' = userKeep·u_i + userStep·v_j;  v_j' = itemKeep·v_j + itemStep·u_i'.
    const userStep = learningRate * (y - dot);
    const itemStep = learningRate * (y - (userKeep * dot + userStep * (normEven + normOdd)));
    f = 0;
    for (; f < unrolled; f += 4) {
      const v0 = v[b + f];
      const v1 = v[b + f + 1];
      const v2 = v[b + f + 2];
      const v3 = v[b + f + 3];
      const u0 = userKeep * u[a + f] + userStep * v0;
      const u1 = userKeep * u[a + f + 1] + userStep * v1;
      const u2 = userKeep * u[a + f + 2] + userStep * v2;
      const u3 = userKeep * u[a + f + 3] + userStep * v3;
      u[a + f] = u0;
      u[a + f + 1] = u1;
      u[a + f + 2] = u2;
      u[a + f + 3] = u3;
      v[b + f] = itemKeep * v0 + itemStep * u0;
      v[b + f + 1] = itemKeep * v1 + itemStep * u1;
      v[b + f + 2] = itemKeep * v2 + itemStep * u2;
      v[b + f + 3] = itemKeep * v3 + itemStep * u3;
    }
    for (; f < k; f++) {
      const vf = v[b + f];
      const uf = userKeep * u[a + f] + userStep * vf;
      u[a + f] = uf;
      v[b + f] = itemKeep * vf + itemStep * uf;
    }
  }
}
