import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCsvCatalog } from "./data/load.js";
import { buildFeatures } from "./recommend/features.js";
import { HfRecommender } from "./recommend/recommender.js";

const dataDir = process.env.LAB_DATA_DIR;
const file = dataDir ? join(dataDir, "hf-models", "data.csv") : null;
const present = file !== null && existsSync(file);
if (!present) {
  console.warn("skipping the seed 002 real-data checks: LAB_DATA_DIR has no hf-models/data.csv");
}

describe.skipIf(!present)("the seed's 10,000-model file", () => {
  it("gives the seed's cosine recommendations and scikit-learn's vocabulary size", async () => {
    const catalog = await loadCsvCatalog(file!);
    expect(catalog.size).toBe(10_000);
    const features = buildFeatures(catalog);
    // 37 pipeline tags + 702 architectures + 236 model types + 29 libraries (see oneHotFeatures).
    expect(features.oneHot.columns).toHaveLength(1004);
    // scikit-learn 1.2's CountVectorizer finds the same 7,610 terms in these soups (checked while developing).
    expect(features.text.vocabulary.terms).toHaveLength(7610);
    const recommender = new HfRecommender(features);
    // The seed's own cosine output for bert-base-uncased, in its order.
    expect(
      recommender.recommend("bert-base-uncased", { method: "cosine", n: 5 }).results.map((r) => r.modelId),
    ).toEqual([
      "bert-base-cased",
      "bert-large-uncased",
      "bert-large-uncased-whole-word-masking",
      "bert-large-cased",
      "bert-large-cased-whole-word-masking",
    ]);
    // Jaccard: every top model is an exact one-hot match (score 1), the most downloaded first.
    const jaccard = recommender.recommend("bert-base-uncased", { method: "jaccard", n: 5 }).results;
    expect(jaccard.map((r) => r.score)).toEqual([1, 1, 1, 1, 1]);
    const downloads = jaccard.map((r) => catalog.get(r.modelId).downloads);
    expect([...downloads].sort((a, b) => b - a)).toEqual(downloads);
  });
});
