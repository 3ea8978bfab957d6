import { createRng, InvalidArgumentError, type ProgressListener, startProgress } from "@lab/core";
import type { ModelCatalog } from "../data/catalog.js";
import { familyOf, type ModelRecord } from "../data/record.js";
import type { FeatureSet } from "../recommend/features.js";
import type { HfRecommender, RecommendMethod } from "../recommend/recommender.js";

/** One recommender configuration under evaluation. */
export interface MethodSpec {
  /** Name in tables, e.g. "cosine (tfidf)". */
  readonly name: string;
  readonly method: RecommendMethod;
  readonly features?: FeatureSet;
  readonly metric?: "euclidean" | "cosine";
}

/**
 * The configurations the report compares: the seed's six methods as it ran them, plus cosine on
 * TF-IDF, cosine KNN, and KMeans and DBSCAN on the TF-IDF soup instead of the one-hot rows.
 */
export const STANDARD_METHODS: readonly MethodSpec[] = [
  { name: "jaccard", method: "jaccard" },
  { name: "cosine (counts)", method: "cosine", features: "counts" },
  { name: "cosine (tfidf)", method: "cosine", features: "tfidf" },
  { name: "knn (euclidean)", method: "knn", metric: "euclidean" },
  { name: "knn (cosine)", method: "knn", metric: "cosine" },
  { name: "kmeans", method: "kmeans" },
  { name: "hierarchical", method: "hierarchical" },
  { name: "dbscan", method: "dbscan" },
  { name: "kmeans (tfidf)", method: "kmeans", features: "tfidf" },
  { name: "dbscan (tfidf)", method: "dbscan", features: "tfidf" },
];

/**
 * The proxy ground truth: `candidate` is a relevant recommendation for `query` when both have the
 * same family by id (`familyOf`: "bert" for "asafaya/bert-mini-arabic"), share a base model, or
 * have the same architectures and share a dataset. The Hub has no labels of "similar models", so
 * this measures agreement with what a person would call the same kind of model.
 */
export function isRelevant(query: ModelRecord, candidate: ModelRecord): boolean {
  if (familyOf(query.id) === familyOf(candidate.id)) return true;
  if (query.baseModels.some((base) => candidate.baseModels.includes(base))) return true;
  // A fine-tune of a model is related to the model itself.
  if (query.baseModels.includes(candidate.id) || candidate.baseModels.includes(query.id)) return true;
  return (
    query.architectures.length > 0 &&
    sameSet(query.architectures, candidate.architectures) &&
    query.datasets.some((dataset) => candidate.datasets.includes(dataset))
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((value) => b.includes(value));
}

export interface EvaluationOptions {
  readonly methods?: readonly MethodSpec[];
  /** Cut-off k of precision@k and overlap@k (default 5). */
  readonly k?: number;
  /** Query models: ids, or how many to draw at random (seeded; default 200, all when the catalog is smaller). */
  readonly queries?: readonly string[] | number;
  readonly seed?: number;
  readonly onProgress?: ProgressListener;
}

export interface MethodScore {
  readonly name: string;
  /** Mean over queries of (relevant among the top k) / k. */
  readonly precision: number;
  /** Mean list length / k: below 1 when a method returned fewer than k models (a small cluster). */
  readonly coverage: number;
  readonly seconds: number;
}

export interface Evaluation {
  readonly k: number;
  readonly queries: readonly string[];
  readonly methods: readonly MethodScore[];
  /** overlap[a][b]: mean over queries of |top-k of a ∩ top-k of b| / k. */
  readonly overlap: readonly (readonly number[])[];
  /** The best precision@k any method could reach: mean of min(k, relevant models) / k. */
  readonly ceiling: number;
  /** Per method, per query, the ids recommended (for the report's examples). */
  readonly lists: readonly (readonly (readonly string[])[])[];
}

/** precision@k per method against the proxy ground truth, and overlap@k between every two methods. */
export function evaluateRecommenders(
  recommender: HfRecommender,
  catalog: ModelCatalog,
  options: EvaluationOptions = {},
): Evaluation {
  const methods = options.methods ?? STANDARD_METHODS;
  const k = options.k ?? 5;
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError(`k must be a positive integer, got ${k}`);
  if (methods.length === 0) throw new InvalidArgumentError("no methods to evaluate");
  const queries = pickQueries(catalog, options.queries ?? 200, options.seed ?? 1);
  const queryRows = queries.map((id) => catalog.indexOf(id));
  const progress = startProgress(options.onProgress, "evaluate recommenders", {
    total: methods.length * queries.length,
    unit: "queries",
  });
  const lists: string[][][] = [];
  const scores: MethodScore[] = [];
  for (const spec of methods) {
    const started = performance.now();
    let relevantSum = 0;
    let lengthSum = 0;
    const perQuery: string[][] = [];
    queryRows.forEach((row, q) => {
      const list = recommender.recommend(queries[q]!, {
        method: spec.method,
        n: k,
        ...(spec.features ? { features: spec.features } : {}),
        ...(spec.metric ? { metric: spec.metric } : {}),
      });
      const ids = list.results.map((result) => result.modelId);
      perQuery.push(ids);
      const query = catalog.records[row]!;
      relevantSum += ids.filter((id) => isRelevant(query, catalog.get(id))).length / k;
      lengthSum += ids.length / k;
      progress.advance();
    });
    lists.push(perQuery);
    scores.push({
      name: spec.name,
      precision: relevantSum / queries.length,
      coverage: lengthSum / queries.length,
      seconds: (performance.now() - started) / 1000,
    });
  }
  progress.end();
  const overlap = lists.map((a) =>
    lists.map((b) => {
      let sum = 0;
      a.forEach((ids, q) => {
        const other = new Set(b[q]);
        sum += ids.filter((id) => other.has(id)).length / k;
      });
      return sum / queries.length;
    }),
  );
  let ceiling = 0;
  for (const row of queryRows) {
    const query = catalog.records[row]!;
    let relevant = 0;
    for (let j = 0; j < catalog.size && relevant < k; j++) {
      if (j !== row && isRelevant(query, catalog.records[j]!)) relevant++;
    }
    ceiling += relevant / k;
  }
  return { k, queries, methods: scores, overlap, ceiling: ceiling / queries.length, lists };
}

function pickQueries(catalog: ModelCatalog, queries: readonly string[] | number, seed: number): string[] {
  if (typeof queries !== "number") {
    if (queries.length === 0) throw new InvalidArgumentError("no query models given");
    for (const id of queries) catalog.indexOf(id);
    return [...queries];
  }
  if (!Number.isInteger(queries) || queries < 1) {
    throw new InvalidArgumentError(`queries must be a positive integer, got ${queries}`);
  }
  if (queries >= catalog.size) return [...catalog.ids];
  const rows = Array.from(createRng(seed).sample(catalog.size, queries)).sort((a, b) => a - b);
  return rows.map((row) => catalog.ids[row]!);
}

const format = (value: number) => value.toFixed(3);

/** precision@k (and how full the lists were) per method, as a Markdown table. */
export function precisionTable(evaluation: Evaluation): string {
  const k = evaluation.k;
  const lines = [
    `| method | precision@${k} | list fill | seconds for ${evaluation.queries.length} queries |`,
    "|---|---:|---:|---:|",
    ...evaluation.methods.map(
      (method) =>
        `| ${method.name} | ${format(method.precision)} | ${format(method.coverage)} | ${method.seconds.toFixed(3)} |`,
    ),
    `| *ceiling (min(k, relevant models) / k)* | ${format(evaluation.ceiling)} | | |`,
  ];
  return lines.join("\n");
}

/** overlap@k between every two methods, as a Markdown table. */
export function overlapTable(evaluation: Evaluation): string {
  const names = evaluation.methods.map((method) => method.name);
  return [
    `| overlap@${evaluation.k} | ${names.join(" | ")} |`,
    `|---|${names.map(() => "---:").join("|")}|`,
    ...evaluation.overlap.map((row, a) => `| ${names[a]} | ${row.map(format).join(" | ")} |`),
  ].join("\n");
}
