import { InvalidArgumentError, type ProgressListener } from "@lab/core";
import { type CsrMatrix, cosine, SimilarityIndex, type SimilarityMetric } from "@lab/linalg";
import { soupText } from "../features/soup.js";
import { tokenize } from "../features/tokenize.js";
import type { Weighting } from "../features/vectorizer.js";
import {
  type Clustering,
  type ClusterMethod,
  type ClusterSettings,
  type ClusterSettingsOverrides,
  clusterRows,
  resolveClusterSettings,
} from "./clustering.js";
import { FEATURE_SETS, type FeatureSet, featureMatrix, type RecommenderFeatures } from "./features.js";

export const RECOMMEND_METHODS = ["jaccard", "cosine", "knn", "kmeans", "hierarchical", "dbscan"] as const;
export type RecommendMethod = (typeof RECOMMEND_METHODS)[number];

/** Each method's features when none are asked for: the seed's choices. */
export const DEFAULT_FEATURES: Readonly<Record<RecommendMethod, FeatureSet>> = {
  jaccard: "onehot",
  cosine: "counts",
  knn: "onehot",
  kmeans: "onehot",
  hierarchical: "onehot",
  dbscan: "onehot",
};

export interface RecommendOptions {
  readonly method?: RecommendMethod;
  /** How many models (default 5). */
  readonly n?: number;
  /** Rows compared; default per method (`DEFAULT_FEATURES`). */
  readonly features?: FeatureSet;
  /** knn only: "euclidean" (the seed's NearestNeighbors default, the default here) or "cosine". */
  readonly metric?: "euclidean" | "cosine";
}

export interface Recommendation {
  readonly modelId: string;
  /** Similarity (higher is better) or, for knn with the Euclidean metric, distance (lower is better). */
  readonly score: number;
}

export interface RecommendationList {
  readonly query: string;
  readonly method: RecommendMethod;
  readonly features: FeatureSet;
  /** What the scores measure. */
  readonly metric: SimilarityMetric;
  readonly scoreKind: "similarity" | "distance";
  readonly results: readonly Recommendation[];
  /** Clustered methods: the query's cluster (-1: DBSCAN noise) and how many models it holds. */
  readonly cluster: { readonly label: number; readonly size: number } | null;
  /** Set when the method could not apply as such, e.g. DBSCAN noise answered by plain cosine. */
  readonly fallback: string | null;
}

export interface SearchOptions {
  /** How many models (default 10). */
  readonly n?: number;
  /** Weighting of query and models (default "tfidf", so rare words count more than "pytorch"). */
  readonly weighting?: Weighting;
}

export interface SearchResult {
  readonly query: string;
  readonly weighting: Weighting;
  /** The query's words found in the soup vocabulary, as tokenized. */
  readonly terms: readonly string[];
  /** Words of the query the vocabulary does not know (ignored). */
  readonly unknownTerms: readonly string[];
  readonly results: readonly Recommendation[];
}

export interface HfRecommenderOptions {
  /** Settings of the clustered methods (k, n_init, seed, Ward's cut, eps, minPts). */
  readonly clusters?: ClusterSettingsOverrides;
  readonly onProgress?: ProgressListener;
}

/**
 * The seed's six recommenders over one catalog's features, each returning the top n models with
 * scores, never the query itself, exact score ties broken by downloads (more first) then id.
 * Search structures (inverted indexes, clusterings) are built on first use and kept.
 */
export class HfRecommender {
  readonly features: RecommenderFeatures;
  readonly clusterSettings: ClusterSettings;
  private readonly onProgress: ProgressListener | undefined;
  private readonly indexes = new Map<string, SimilarityIndex>();
  private readonly clusterings = new Map<string, Clustering>();

  constructor(features: RecommenderFeatures, options: HfRecommenderOptions = {}) {
    this.features = features;
    this.onProgress = options.onProgress;
    this.clusterSettings = resolveClusterSettings(options.clusters);
  }

  get size(): number {
    return this.features.directory.size;
  }

  recommend(modelId: string, options: RecommendOptions = {}): RecommendationList {
    const method = options.method ?? "cosine";
    if (!RECOMMEND_METHODS.includes(method)) {
      throw new InvalidArgumentError(
        `method must be one of ${RECOMMEND_METHODS.join(", ")}; got ${JSON.stringify(method)}`,
      );
    }
    const n = checkCount(options.n ?? 5, "n");
    const features = options.features ?? DEFAULT_FEATURES[method];
    if (!FEATURE_SETS.includes(features)) {
      throw new InvalidArgumentError(
        `features must be one of ${FEATURE_SETS.join(", ")}; got ${JSON.stringify(features)}`,
      );
    }
    if (options.metric !== undefined && method !== "knn") {
      throw new InvalidArgumentError(
        `metric applies to method knn only (jaccard and the others fix their own)`,
      );
    }
    const row = this.features.directory.indexOf(modelId);
    const base = { query: modelId, method, features, cluster: null, fallback: null };
    switch (method) {
      case "jaccard":
        return {
          ...base,
          metric: "jaccard",
          scoreKind: "similarity",
          results: this.nearest(features, "jaccard", row, n),
        };
      case "cosine":
        return {
          ...base,
          metric: "cosine",
          scoreKind: "similarity",
          results: this.nearest(features, "cosine", row, n),
        };
      case "knn": {
        const metric = options.metric ?? "euclidean";
        if (metric !== "euclidean" && metric !== "cosine") {
          throw new InvalidArgumentError(
            `knn metric must be euclidean or cosine; got ${JSON.stringify(metric)}`,
          );
        }
        return {
          ...base,
          metric,
          scoreKind: metric === "euclidean" ? "distance" : "similarity",
          results: this.nearest(features, metric, row, n),
        };
      }
      default:
        return this.withinCluster(method, features, row, n);
    }
  }

  /** The clustering a clustered method uses (computed once per method and features). */
  clustering(method: ClusterMethod, features: FeatureSet = DEFAULT_FEATURES[method]): Clustering {
    const key = `${method}/${features}`;
    let clustering = this.clusterings.get(key);
    if (!clustering) {
      clustering = clusterRows(
        featureMatrix(this.features, features),
        method,
        this.clusterSettings,
        this.onProgress,
      );
      this.clusterings.set(key, clustering);
    }
    return clustering;
  }

  /** Models ranked by cosine between the free text, read as a soup, and each model's soup. */
  search(text: string, options: SearchOptions = {}): SearchResult {
    const n = checkCount(options.n ?? 10, "n");
    const weighting = options.weighting ?? "tfidf";
    if (weighting !== "counts" && weighting !== "tfidf") {
      throw new InvalidArgumentError(`weighting must be counts or tfidf; got ${JSON.stringify(weighting)}`);
    }
    const { vocabulary } = this.features.text;
    const tokens = tokenize(soupText([text]));
    const terms = [...new Set(tokens.filter((token) => vocabulary.index.has(token)))];
    const unknownTerms = [...new Set(tokens.filter((token) => !vocabulary.index.has(token)))];
    if (terms.length === 0) {
      throw new InvalidArgumentError(
        tokens.length === 0
          ? `the query ${JSON.stringify(text)} has no words of two or more letters or digits`
          : `none of the words of ${JSON.stringify(text)} (${unknownTerms.join(", ")}) occur in any model's metadata`,
      );
    }
    const query = this.features.text.transform([soupText([text])], weighting);
    const vector = { indices: query.rowIndices(0), values: query.rowValues(0) };
    const found = this.index(weighting, "cosine").query(vector, n);
    return {
      query: text,
      weighting,
      terms,
      unknownTerms,
      // A model sharing no word with the query is not a match, whatever n asks for.
      results: this.toResults(found.indices, found.scores).filter((result) => result.score > 0),
    };
  }

  private nearest(features: FeatureSet, metric: SimilarityMetric, row: number, n: number): Recommendation[] {
    const matrix = featureMatrix(this.features, features);
    const found = this.index(features, metric).query(rowVector(matrix, row), n, { exclude: row });
    return this.toResults(found.indices, found.scores);
  }

  private index(features: FeatureSet, metric: SimilarityMetric): SimilarityIndex {
    const key = `${features}/${metric}`;
    let index = this.indexes.get(key);
    if (!index) {
      index = new SimilarityIndex(featureMatrix(this.features, features), {
        metric,
        tieRank: this.features.directory.tieRank,
      });
      this.indexes.set(key, index);
    }
    return index;
  }

  /**
   * The seed's cluster-then-rank recommenders: the query's cluster, then cosine between the query
   * and each other member. A DBSCAN noise point has no cluster and gets plain cosine over all models.
   */
  private withinCluster(
    method: ClusterMethod,
    features: FeatureSet,
    row: number,
    n: number,
  ): RecommendationList {
    const clustering = this.clustering(method, features);
    const label = clustering.labels[row]!;
    const base = {
      query: this.features.directory.ids[row]!,
      method,
      features,
      metric: "cosine" as const,
      scoreKind: "similarity" as const,
    };
    if (label < 0) {
      return {
        ...base,
        cluster: { label, size: clustering.noise },
        fallback: "DBSCAN marked the model as noise (no cluster); plain cosine over all models",
        results: this.nearest(features, "cosine", row, n),
      };
    }
    const members = clustering.members(label);
    const matrix = featureMatrix(this.features, features);
    const query = rowVector(matrix, row);
    const scored: { row: number; score: number }[] = [];
    for (let t = 0; t < members.length; t++) {
      const other = members[t]!;
      if (other === row) continue;
      scored.push({ row: other, score: cosine(query, rowVector(matrix, other)) });
    }
    const rank = this.features.directory.tieRank;
    scored.sort((a, b) => b.score - a.score || rank[a.row]! - rank[b.row]!);
    const top = scored.slice(0, n);
    return {
      ...base,
      cluster: { label, size: members.length },
      fallback: null,
      results: top.map(({ row: other, score }) => ({ modelId: this.features.directory.ids[other]!, score })),
    };
  }

  private toResults(indices: Int32Array, scores: Float64Array): Recommendation[] {
    const ids = this.features.directory.ids;
    return Array.from(indices, (index, t) => ({ modelId: ids[index]!, score: scores[t]! }));
  }
}

function rowVector(matrix: CsrMatrix, row: number) {
  return { indices: matrix.rowIndices(row), values: matrix.rowValues(row) };
}

function checkCount(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}
