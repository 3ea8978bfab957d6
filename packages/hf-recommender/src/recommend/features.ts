import { InvalidArgumentError } from "@lab/core";
import type { CsrMatrix } from "@lab/linalg";
import { type ModelCatalog, ModelDirectory } from "../data/catalog.js";
import { type OneHotFeatures, oneHotFeatures } from "../features/one-hot.js";
import { soupOf } from "../features/soup.js";
import { TextVectorizer } from "../features/vectorizer.js";

/** Which rows a method compares: the seed's one-hot, or the soup as counts or TF-IDF. */
export type FeatureSet = "onehot" | "counts" | "tfidf";
export const FEATURE_SETS: readonly FeatureSet[] = ["onehot", "counts", "tfidf"];

/** Everything a recommender needs: ids with downloads, the one-hot rows and the fitted soup. */
export interface RecommenderFeatures {
  readonly directory: ModelDirectory;
  readonly oneHot: OneHotFeatures;
  readonly text: TextVectorizer;
}

/** Builds both feature sets of a catalog. Sparse throughout: memory is O(nonzeros), never N×N. */
export function buildFeatures(catalog: ModelCatalog): RecommenderFeatures {
  return {
    directory: new ModelDirectory(catalog.ids, catalog.downloads, catalog.source),
    oneHot: oneHotFeatures(catalog.records),
    text: TextVectorizer.fit(catalog.records.map(soupOf)),
  };
}

export function featureMatrix(features: RecommenderFeatures, set: FeatureSet): CsrMatrix {
  switch (set) {
    case "onehot":
      return features.oneHot.matrix;
    case "counts":
      return features.text.matrix("counts");
    case "tfidf":
      return features.text.matrix("tfidf");
    default:
      throw new InvalidArgumentError(
        `features must be one of ${FEATURE_SETS.join(", ")}; got ${JSON.stringify(set)}`,
      );
  }
}
