import { InvalidArgumentError, type Seed, trainTestSplit } from "@lab/core";

/**
 * Ratings by dense index, as parallel columns: rating t is `rating[t]`, given by user `user[t]`
 * (0..users-1) to item `item[t]` (0..items-1). This is the "three vectors: is, js and y_ijs" of
 * set 5 problem 2C, with indices already made dense and 0-based.
 */
export interface Ratings {
  readonly user: Int32Array;
  readonly item: Int32Array;
  readonly rating: Float32Array;
}

/** How many users and items the factor matrices have rows for (U is users×k, V is items×k). */
export interface MatrixShape {
  readonly users: number;
  readonly items: number;
}

/** Checks that the columns line up and every index fits `shape`; returns the number of ratings. */
export function checkRatings(ratings: Ratings, shape: MatrixShape, what = "ratings"): number {
  const n = ratings.rating.length;
  if (ratings.user.length !== n || ratings.item.length !== n) {
    throw new InvalidArgumentError(
      `${what}: user, item and rating columns must have the same length, got ${ratings.user.length}, ${ratings.item.length}, ${n}`,
    );
  }
  for (let t = 0; t < n; t++) {
    const user = ratings.user[t];
    const item = ratings.item[t];
    if (!(user >= 0 && user < shape.users) || !(item >= 0 && item < shape.items)) {
      throw new InvalidArgumentError(
        `${what}: rating ${t} is for user ${user}, item ${item}, outside ${shape.users} users × ${shape.items} items`,
      );
    }
    if (!Number.isFinite(ratings.rating[t])) {
      throw new InvalidArgumentError(`${what}: rating ${t} is ${ratings.rating[t]}, not a finite number`);
    }
  }
  return n;
}

/** The ratings at the given positions, in that order. */
export function selectRatings(ratings: Ratings, positions: ArrayLike<number>): Ratings {
  const n = positions.length;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const rating = new Float32Array(n);
  for (let t = 0; t < n; t++) {
    const p = positions[t];
    user[t] = ratings.user[p];
    item[t] = ratings.item[p];
    rating[t] = ratings.rating[p];
  }
  return { user, item, rating };
}

/**
 * A seeded random split into training and test ratings (each rating lands in one part), e.g. 80/20
 * on MovieLens 100K. Sizes follow scikit-learn's train_test_split (the test part is ceil(n × fraction)).
 */
export function splitRatings(
  ratings: Ratings,
  testFraction: number,
  seed: Seed,
): { train: Ratings; test: Ratings } {
  const { train, test } = trainTestSplit(ratings.rating.length, { testSize: testFraction, seed });
  return { train: selectRatings(ratings, train), test: selectRatings(ratings, test) };
}

/** Mean of the ratings (0 for none). */
export function meanRating(ratings: Ratings): number {
  const n = ratings.rating.length;
  let sum = 0;
  for (let t = 0; t < n; t++) sum += ratings.rating[t];
  return n === 0 ? 0 : sum / n;
}

/**
 * Ratings grouped by one side (compressed sparse rows): the ratings of row r are at positions
 * start[r] .. start[r+1]-1 of `other` (the other side's index) and `rating`. ALS walks users by
 * their items and items by their users; top-N skips what a user has rated.
 */
export interface RatingRows {
  readonly rows: number;
  readonly start: Int32Array;
  readonly other: Int32Array;
  readonly rating: Float32Array;
}

/** Groups ratings by user (`by: "user"`) or by item, keeping each group in input order. */
export function groupRatings(ratings: Ratings, shape: MatrixShape, by: "user" | "item"): RatingRows {
  const rows = by === "user" ? shape.users : shape.items;
  const key = by === "user" ? ratings.user : ratings.item;
  const otherKey = by === "user" ? ratings.item : ratings.user;
  const n = ratings.rating.length;
  const start = new Int32Array(rows + 1);
  for (let t = 0; t < n; t++) start[key[t] + 1]++;
  for (let r = 0; r < rows; r++) start[r + 1] += start[r];
  const next = start.slice(0, rows);
  const other = new Int32Array(n);
  const rating = new Float32Array(n);
  for (let t = 0; t < n; t++) {
    const slot = next[key[t]]++;
    other[slot] = otherKey[t];
    rating[slot] = ratings.rating[t];
  }
  return { rows, start, other, rating };
}
