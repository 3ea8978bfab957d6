// Data shared by the benchmarks: MovieLens 100K when LAB_DATA_DIR has it (with set 5's sizes,
// 90,000 training ratings), else seeded synthetic ratings of the same shape.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadMovieLensDataset } from "../src/data/movielens.js";
import { syntheticRatings } from "../src/data/synthetic.js";
import type { RatingsDataset } from "../src/index.js";

export async function set5SizedData(): Promise<{ dataset: RatingsDataset; description: string }> {
  const dataDir = process.env.LAB_DATA_DIR;
  const folder = dataDir ? resolve(dataDir, "movielens-100k") : null;
  if (folder && existsSync(join(folder, "u.data"))) {
    const { dataset, description } = await loadMovieLensDataset(folder, { testFraction: 0.1, seed: 1 });
    return { dataset, description };
  }
  // 943 × 1682 with density 0.063 gives about 100,000 ratings, 90% of them for training.
  const synthetic = syntheticRatings({ users: 943, items: 1682, density: 0.063, testFraction: 0.1, seed: 1 });
  return {
    dataset: synthetic.dataset,
    description: `${synthetic.description} (LAB_DATA_DIR has no movielens-100k)`,
  };
}
