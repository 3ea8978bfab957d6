import { InvalidArgumentError } from "@lab/core";
import { Matrix, topKSimilar } from "@lab/linalg";
import type { RatingsDataset } from "../data/dataset.js";
import type { IdMap } from "../data/id-map.js";
import { groupRatings, type RatingRows } from "../data/ratings.js";
import type { ItemTitles } from "../data/titles.js";
import type { FactorModel } from "./factor-model.js";

/** One recommended item: raw id, title when known, predicted rating. */
export interface Recommendation {
  readonly itemId: number;
  readonly title: string | null;
  readonly score: number;
}

/** One neighbour of an item by cosine similarity of item factors. */
export interface SimilarItem {
  readonly itemId: number;
  readonly title: string | null;
  readonly similarity: number;
}

/** What a saved model says about how it was made: JSON values only (method, λ, metrics, data...). */
export type TrainingInfo = Readonly<Record<string, string | number | boolean | null>>;

/**
 * A trained model together with what it takes to answer questions in raw ids: the id maps, the
 * items each user rated in training (excluded from recommendations), titles when known, and a
 * record of its training.
 */
export class Recommender {
  constructor(
    readonly model: FactorModel,
    readonly users: IdMap,
    readonly items: IdMap,
    /** Training ratings grouped by user. */
    readonly rated: RatingRows,
    readonly titles: ItemTitles | null,
    readonly info: TrainingInfo,
  ) {
    if (users.size !== model.users || items.size !== model.items) {
      throw new InvalidArgumentError(
        `id maps (${users.size} users, ${items.size} items) do not match the model (${model.users} users, ${model.items} items)`,
      );
    }
    if (rated.rows !== model.users) {
      throw new InvalidArgumentError(
        `rated items are grouped over ${rated.rows} users; the model has ${model.users}`,
      );
    }
  }

  /** A recommender over a dataset's numbering and training ratings. */
  static fromDataset(
    model: FactorModel,
    dataset: RatingsDataset,
    titles: ItemTitles | null,
    info: TrainingInfo,
  ): Recommender {
    return new Recommender(
      model,
      dataset.users,
      dataset.items,
      groupRatings(dataset.train, { users: model.users, items: model.items }, "user"),
      titles,
      info,
    );
  }

  /** The predicted rating of a (raw user id, raw item id) pair. */
  predict(userId: number, itemId: number): number {
    return this.model.predict(this.userIndex(userId), this.itemIndex(itemId));
  }

  /**
   * The n items with the highest predicted rating among those the user did not rate in training,
   * best first (ties: lower raw item id first).
   */
  recommend(userId: number, n: number): Recommendation[] {
    checkCount(n);
    const user = this.userIndex(userId);
    const scores = this.model.scoreAllItems(user);
    for (let p = this.rated.start[user]; p < this.rated.start[user + 1]; p++) {
      scores[this.rated.other[p]] = Number.NEGATIVE_INFINITY;
    }
    return topIndices(scores, n).map((item) => ({
      itemId: this.items.id(item),
      title: this.titleOf(item),
      score: scores[item],
    }));
  }

  /** The n items whose factor vectors have the highest cosine similarity with this item's. */
  similarItems(itemId: number, n: number): SimilarItem[] {
    checkCount(n);
    const item = this.itemIndex(itemId);
    const k = this.model.k;
    const factors = new Matrix(this.model.items, k, this.model.itemFactors);
    const { indices, scores } = topKSimilar(factors.row(item), factors, n, {
      metric: "cosine",
      exclude: item,
    });
    return Array.from(indices, (neighbour, rank) => ({
      itemId: this.items.id(neighbour),
      title: this.titleOf(neighbour),
      similarity: scores[rank],
    }));
  }

  /** How many items the user rated in training. */
  ratedCount(userId: number): number {
    const user = this.userIndex(userId);
    return this.rated.start[user + 1] - this.rated.start[user];
  }

  titleOf(item: number): string | null {
    return this.titles?.get(this.items.id(item)) ?? null;
  }

  private userIndex(userId: number): number {
    const index = this.users.index(userId);
    if (index < 0) {
      throw new InvalidArgumentError(
        `unknown user id ${userId}; the model knows ${this.users.size} users with ids ${describeRange(this.users)}`,
      );
    }
    return index;
  }

  private itemIndex(itemId: number): number {
    const index = this.items.index(itemId);
    if (index < 0) {
      throw new InvalidArgumentError(
        `unknown item id ${itemId}; the model knows ${this.items.size} items with ids ${describeRange(this.items)}`,
      );
    }
    return index;
  }
}

function describeRange(ids: IdMap): string {
  return ids.size === 0 ? "(none)" : `from ${ids.ids[0]} to ${ids.ids[ids.size - 1]}`;
}

function checkCount(n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new InvalidArgumentError(`n must be an integer >= 1, got ${n}`);
}

/**
 * Positions of the n largest finite scores, descending, ties to the lower position: a sorted
 * buffer of n entries (insertion), O(items·n) at worst, which beats a full sort for the usual n ≤ 100.
 */
export function topIndices(scores: Float64Array, n: number): number[] {
  const best: number[] = [];
  for (let index = 0; index < scores.length; index++) {
    const score = scores[index];
    if (score === Number.NEGATIVE_INFINITY || Number.isNaN(score)) continue;
    if (best.length < n) best.push(index);
    else if (score > scores[best[n - 1]]) best[n - 1] = index;
    else continue;
    // Move the new entry up past every strictly lower score; equal scores keep the earlier index first.
    for (let slot = best.length - 1; slot > 0 && scores[best[slot - 1]] < score; slot--) {
      best[slot] = best[slot - 1];
      best[slot - 1] = index;
    }
  }
  return best;
}
