import { createRng, InvalidArgumentError, type Seed, trainTestSplit } from "@lab/core";
import { buildDataset, countColdRatings, type RatingsDataset } from "./dataset.js";
import { selectRatings } from "./ratings.js";

export interface SyntheticRatingsOptions {
  /** Default 600. */
  readonly users?: number;
  /** Default 400. */
  readonly items?: number;
  /** Rank of the noise-free rating matrix, including its constant part (default 4). */
  readonly rank?: number;
  /** Chance that a user rated a given item (default 0.15). */
  readonly density?: number;
  /** Standard deviation of the Gaussian noise added before clipping (default 0.3). */
  readonly noise?: number;
  /** Standard deviation of the noise-free ratings around 3 (default 0.8). */
  readonly spread?: number;
  /** Fraction of the ratings held out as the test part (default 0.2). */
  readonly testFraction?: number;
  readonly seed?: Seed;
}

/** Seeded ratings with known structure, for tests and as the CLI's embedded default. */
export interface SyntheticRatings {
  /** Raw ids are 1-based like MovieLens (user 1..users, item 1..items). */
  readonly dataset: RatingsDataset;
  readonly rank: number;
  readonly noise: number;
  /** The noise-free rating ŷ* = u*ᵀv* of every training / test rating, in dataset order. */
  readonly cleanTrain: Float64Array;
  readonly cleanTest: Float64Array;
  /**
   * E of the true matrix on each part: mean of ½ (y − ŷ*)², about noise²/2 (a little less where
   * clipping to 1..5 cut the noise). A model can only beat it on the test part by luck.
   */
  readonly noiseFloor: { readonly eIn: number; readonly eOut: number };
  /** A line saying what the data is, for reports and the CLI's stderr. */
  readonly description: string;
}

/**
 * Ratings y_ij = clip(u*_iᵀv*_j + noise·N(0, 1), 1, 5) for a random subset of (user, item) pairs,
 * with U* (users×rank) and V* (items×rank) built so that the noise-free matrix has rank exactly
 * `rank`: one constant column pair puts its mean at 3, and rank − 1 Gaussian column pairs give it
 * a standard deviation of `spread`. Everything is drawn from one seeded generator.
 */
export function syntheticRatings(options: SyntheticRatingsOptions = {}): SyntheticRatings {
  const users = options.users ?? 600;
  const items = options.items ?? 400;
  const rank = options.rank ?? 4;
  const density = options.density ?? 0.15;
  const noise = options.noise ?? 0.3;
  const spread = options.spread ?? 0.8;
  const testFraction = options.testFraction ?? 0.2;
  for (const [name, value] of [
    ["users", users],
    ["items", items],
    ["rank", rank],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 1))
      throw new InvalidArgumentError(`${name} must be an integer >= 1, got ${value}`);
  }
  if (!(density > 0 && density <= 1))
    throw new InvalidArgumentError(`density must be in (0, 1], got ${density}`);
  if (!(noise >= 0 && Number.isFinite(noise)))
    throw new InvalidArgumentError(`noise must be >= 0, got ${noise}`);
  if (!(spread >= 0 && Number.isFinite(spread)))
    throw new InvalidArgumentError(`spread must be >= 0, got ${spread}`);

  const rng = createRng(options.seed ?? 1);
  // Σ_{f ≥ 1} a_f b_f with a_f, b_f ~ N(0, s²) has variance (rank − 1)·s⁴; pick s to give spread².
  const factorStd = rank > 1 ? Math.sqrt(spread / Math.sqrt(rank - 1)) : 0;
  const trueUsers = new Float64Array(users * rank);
  const trueItems = new Float64Array(items * rank);
  for (let i = 0; i < users; i++) {
    trueUsers[i * rank] = Math.sqrt(3);
    for (let f = 1; f < rank; f++) trueUsers[i * rank + f] = rng.normal(0, factorStd);
  }
  for (let j = 0; j < items; j++) {
    trueItems[j * rank] = Math.sqrt(3);
    for (let f = 1; f < rank; f++) trueItems[j * rank + f] = rng.normal(0, factorStd);
  }

  const userIds: number[] = [];
  const itemIds: number[] = [];
  const values: number[] = [];
  const clean: number[] = [];
  for (let i = 0; i < users; i++) {
    for (let j = 0; j < items; j++) {
      if (rng.uniform() >= density) continue;
      let truth = 0;
      for (let f = 0; f < rank; f++) truth += trueUsers[i * rank + f] * trueItems[j * rank + f];
      userIds.push(i + 1);
      itemIds.push(j + 1);
      clean.push(truth);
      values.push(Math.min(5, Math.max(1, truth + rng.normal(0, noise))));
    }
  }
  if (values.length < 2)
    throw new InvalidArgumentError("density is too low: fewer than 2 ratings were drawn");
  const whole = buildDataset({ userIds, itemIds, ratings: values });
  const split = trainTestSplit(values.length, { testSize: testFraction, rng });
  const train = selectRatings(whole.train, split.train);
  const test = selectRatings(whole.train, split.test);
  const cleanTrain = Float64Array.from(split.train, (t) => clean[t]);
  const cleanTest = Float64Array.from(split.test, (t) => clean[t]);
  const floor = (ratings: Float32Array, truth: Float64Array) => {
    let sum = 0;
    for (let t = 0; t < truth.length; t++) sum += 0.5 * (ratings[t] - truth[t]) ** 2;
    return sum / truth.length;
  };
  const dataset: RatingsDataset = {
    ...whole,
    train,
    test,
    coldTestRatings: countColdRatings(train, test, whole.users.size, whole.items.size),
  };
  return {
    dataset,
    rank,
    noise,
    cleanTrain,
    cleanTest,
    noiseFloor: { eIn: floor(train.rating, cleanTrain), eOut: floor(test.rating, cleanTest) },
    description: `synthetic ratings (seed ${String(options.seed ?? 1)}): ${users} users × ${items} items, true rank ${rank}, ${values.length} ratings (${train.rating.length} train / ${test.rating.length} test), Gaussian noise σ = ${noise} clipped to 1..5`,
  };
}
