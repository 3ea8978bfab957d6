import { InvalidArgumentError, type Seed } from "@lab/core";
import { detectIndexBase, IdMap, type IndexBase } from "./id-map.js";
import { type MatrixShape, type Ratings, splitRatings } from "./ratings.js";
import { type ReadRatingsOptions, readRatingsFile } from "./read-ratings.js";

/** Ratings with raw ids, as a file holds them (see readRatingsFile). */
export interface RawRatings {
  readonly userIds: ArrayLike<number>;
  readonly itemIds: ArrayLike<number>;
  readonly ratings: ArrayLike<number>;
}

/**
 * Training (and optionally test) ratings over one shared numbering of users and items. Like set 5's
 * notebook, which sizes U and V by the largest id in train and test together, every user and item
 * of either part gets a row; one that has no training rating keeps its initial factors.
 */
export interface RatingsDataset {
  readonly users: IdMap;
  readonly items: IdMap;
  readonly train: Ratings;
  readonly test: Ratings | null;
  /** Whether the raw ids counted from 0 or from 1 (null: neither), as set 5 asks to check. */
  readonly indexBase: { readonly users: IndexBase; readonly items: IndexBase };
  /** Test ratings whose user or item has no training rating: no model can have learned them. */
  readonly coldTestRatings: number;
}

/** U has one row per user and V one per item of the dataset. */
export function datasetShape(dataset: RatingsDataset): MatrixShape {
  return { users: dataset.users.size, items: dataset.items.size };
}

/** One index base for both ids (as the CLI reports it) when users and items agree, else null. */
export function commonIndexBase(dataset: RatingsDataset): IndexBase {
  return dataset.indexBase.users === dataset.indexBase.items ? dataset.indexBase.users : null;
}

/** Numbers the users and items of `train` and `test` together and converts both to dense indices. */
export function buildDataset(train: RawRatings, test?: RawRatings | null): RatingsDataset {
  const parts = test ? [train, test] : [train];
  for (const part of parts) {
    if (part.userIds.length !== part.ratings.length || part.itemIds.length !== part.ratings.length) {
      throw new InvalidArgumentError(
        `userIds, itemIds and ratings must have the same length, got ${part.userIds.length}, ${part.itemIds.length}, ${part.ratings.length}`,
      );
    }
  }
  const users = IdMap.fromIds(...parts.map((part) => part.userIds));
  const items = IdMap.fromIds(...parts.map((part) => part.itemIds));
  const toDense = (part: RawRatings): Ratings => ({
    user: users.indicesOf(part.userIds),
    item: items.indicesOf(part.itemIds),
    rating: Float32Array.from(part.ratings),
  });
  const denseTrain = toDense(train);
  const denseTest = test ? toDense(test) : null;
  return {
    users,
    items,
    train: denseTrain,
    test: denseTest,
    indexBase: {
      users: detectIndexBase(...parts.map((part) => part.userIds)),
      items: detectIndexBase(...parts.map((part) => part.itemIds)),
    },
    coldTestRatings: denseTest ? countColdRatings(denseTrain, denseTest, users.size, items.size) : 0,
  };
}

/** Test ratings whose user or item never occurs in the training ratings. */
export function countColdRatings(train: Ratings, test: Ratings, users: number, items: number): number {
  const seenUser = new Uint8Array(users);
  const seenItem = new Uint8Array(items);
  for (let t = 0; t < train.rating.length; t++) {
    seenUser[train.user[t]] = 1;
    seenItem[train.item[t]] = 1;
  }
  let cold = 0;
  for (let t = 0; t < test.rating.length; t++) if (!seenUser[test.user[t]] || !seenItem[test.item[t]]) cold++;
  return cold;
}

/**
 * A dataset with a seeded random hold-out: `testFraction` of the ratings (default 0.2) become the
 * test part. For a single file such as u.data or ratings.dat.
 */
export function holdOutDataset(
  all: RawRatings,
  options: { testFraction?: number; seed?: Seed } = {},
): RatingsDataset {
  const whole = buildDataset(all);
  const { train, test } = splitRatings(whole.train, options.testFraction ?? 0.2, options.seed ?? 1);
  return {
    ...whole,
    train,
    test,
    coldTestRatings: countColdRatings(train, test, whole.users.size, whole.items.size),
  };
}

export interface LoadRatingsOptions extends ReadRatingsOptions {
  /** Fraction held out for testing when no test file is given (default 0.2). */
  readonly testFraction?: number;
  /** Seed of that hold-out (default 1). */
  readonly seed?: Seed;
}

/**
 * Reads a training file and either a test file or, without one, holds out `testFraction` of the
 * training file's ratings at random.
 */
export async function loadRatingsDataset(
  trainPath: string,
  testPath?: string | null,
  options: LoadRatingsOptions = {},
): Promise<RatingsDataset & { readonly heldOut: boolean }> {
  const train = await readRatingsFile(trainPath, options);
  if (testPath) {
    const test = await readRatingsFile(testPath, options);
    return { ...buildDataset(train, test), heldOut: false };
  }
  return { ...holdOutDataset(train, options), heldOut: true };
}
