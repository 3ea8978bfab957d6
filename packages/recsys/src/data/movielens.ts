import { type LocateOptions, loadMovieLens100k, type Seed } from "@lab/core";
import { holdOutDataset, type RatingsDataset } from "./dataset.js";

/** MovieLens 100K as a dataset with a seeded hold-out, with the titles of u.item. */
export interface MovieLensDataset {
  readonly dataset: RatingsDataset;
  readonly titles: Map<number, string>;
  readonly description: string;
}

/**
 * Loads MovieLens 100K through the dataset registry (LAB_DATA_DIR, then the download cache) and
 * holds out `testFraction` of the ratings at random. The default 0.1 gives set 5's sizes (90,000
 * training and 10,000 test ratings; the set's own train.txt / test.txt split is not published with
 * the data, so ours is a seeded one of the same size).
 */
export async function loadMovieLensDataset(
  source?: string | LocateOptions,
  options: { readonly testFraction?: number; readonly seed?: Seed } = {},
): Promise<MovieLensDataset> {
  const { ratings, items } = await loadMovieLens100k(source);
  const testFraction = options.testFraction ?? 0.1;
  const seed = options.seed ?? 1;
  const dataset = holdOutDataset(
    { userIds: ratings.user, itemIds: ratings.item, ratings: ratings.rating },
    { testFraction, seed },
  );
  const titles = new Map(items.map((item) => [item.id, item.title]));
  return {
    dataset,
    titles,
    description: `movielens-100k (u.data, ${ratings.rating.length} ratings), seeded random split: ${dataset.train.rating.length} train / ${dataset.test!.rating.length} test (seed ${String(seed)})`,
  };
}
