import { barPlot, createRng, type ProgressListener, scatterPlot } from "@lab/core";
import { Matrix, randomizedSvd, tsne } from "@lab/linalg";
import type { ModelCatalog } from "./data/catalog.js";
import {
  type Evaluation,
  evaluateRecommenders,
  type MethodSpec,
  overlapTable,
  precisionTable,
  STANDARD_METHODS,
} from "./evaluate/evaluate.js";
import type { ClusterMethod, ClusterSettingsOverrides } from "./recommend/clustering.js";
import { buildFeatures, featureMatrix } from "./recommend/features.js";
import { DEFAULT_FEATURES, HfRecommender, type RecommendationList } from "./recommend/recommender.js";

/** The seed's cosine recommendations for bert-base-uncased, in its order. */
const SEED_COSINE_QUERY = "bert-base-uncased";
const SEED_COSINE_LIST = [
  "bert-base-cased",
  "bert-large-uncased",
  "bert-large-uncased-whole-word-masking",
  "bert-large-cased",
  "bert-large-cased-whole-word-masking",
];

/** The seed notebook's example queries. */
export const SEED_QUERIES = ["bert-base-uncased", "asafaya/bert-mini-arabic"] as const;
/** The free-text query of the issue. */
export const SEED_SEARCH = "fill-mask bert pytorch";

export interface ReproduceOptions {
  readonly catalog: ModelCatalog;
  /** Models to recommend for (default: the seed's two when present, else the two most downloaded). */
  readonly queries?: readonly string[];
  /** Recommendations per query (the seed's 5). */
  readonly n?: number;
  /** Query models drawn for the evaluation (default 200). */
  readonly evaluationQueries?: number;
  /** Most models placed on the t-SNE map (a seeded sample above it; default 2,000). */
  readonly mapPoints?: number;
  readonly clusters?: ClusterSettingsOverrides;
  readonly seed?: number;
  readonly onProgress?: ProgressListener;
}

export interface ReproduceReport {
  readonly markdown: string;
  /** File name (relative to the report folder) to contents: report.md and the SVG plots. */
  readonly files: Record<string, string>;
  readonly queries: readonly string[];
  readonly recommendations: readonly RecommendationList[];
  readonly clusters: Readonly<
    Record<ClusterMethod, { clusters: number; sizes: readonly number[]; noise: number; seconds: number }>
  >;
  readonly evaluation: Evaluation;
  readonly seconds: number;
}

const fixed = (value: number, digits = 3) => value.toFixed(digits);
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`;

/**
 * Reruns the seed notebook (seed 002) end to end on a catalog and writes it up: the one-hot and
 * soup features, each recommender's top n for the example queries (with what the seed got wrong and
 * what is done instead), the three clusterings' sizes, free-text search, precision@k and overlap@k,
 * and a t-SNE map of the models coloured by KMeans cluster. Numbers in the text are computed here.
 */
export async function buildHfRecommenderReport(options: ReproduceOptions): Promise<ReproduceReport> {
  const started = performance.now();
  const { catalog } = options;
  const n = options.n ?? 5;
  const seed = options.seed ?? 1;
  const features = buildFeatures(catalog);
  const recommender = new HfRecommender(features, {
    clusters: {
      ...options.clusters,
      kmeans: { seed, ...options.clusters?.kmeans },
    },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const queries = options.queries ?? defaultQueries(catalog);
  for (const id of queries) catalog.indexOf(id);

  const lines: string[] = [];
  const say = (...text: string[]) => lines.push(...text);
  const { matrix: oneHot, columns } = features.oneHot;
  const soup = features.text.counts;
  say(
    "# Seed 002: content-based recommendations over Hugging Face model metadata",
    "",
    `Data: ${catalog.source}.`,
    "",
    "## Features",
    "",
    `- One-hot of pipeline_tag, architectures, model_type and library_name (the seed's minimal model): ${oneHot.rows.toLocaleString("en-US")} × ${columns.length.toLocaleString("en-US")}, ${fixed(oneHot.nnz / oneHot.rows, 2)} ones per model, stored sparse (CSR). The seed's \`pd.get_dummies\` made 1,007 columns on its file because the stringified list \`str(NaN)\` became a "nan" architecture and a list of two architectures one category; here a missing value has no column and every architecture its own.`,
    `- The soup: tags, pipeline tag, author, architectures, model type, datasets and library as one text per model, tokenized as scikit-learn's CountVectorizer does: ${soup.cols.toLocaleString("en-US")} terms, ${soup.nnz.toLocaleString("en-US")} nonzero counts (${fixed(soup.nnz / soup.rows, 1)} per model). TF-IDF uses TfidfVectorizer's defaults (smooth idf, l2 rows).`,
    `- The seed built a dense ${catalog.size.toLocaleString("en-US")} × ${catalog.size.toLocaleString("en-US")} similarity matrix (${megabytes(catalog.size * catalog.size * 8)} as float64). Nothing here is N × N: similarity top-k walks an inverted index over the sparse rows.`,
    "",
  );

  const recommendations: RecommendationList[] = [];
  let perfectJaccard = 0;
  for (const query of queries) {
    const list = recommender.recommend(query, { method: "jaccard", n });
    perfectJaccard += list.results.filter((result) => result.score === 1).length;
  }
  const seedCosineNote = () => {
    if (!catalog.has(SEED_COSINE_QUERY)) return "";
    const ours = recommender.recommend(SEED_COSINE_QUERY, {
      method: "cosine",
      features: "counts",
      n: SEED_COSINE_LIST.length,
    });
    const same = ours.results.every((result, rank) => result.modelId === SEED_COSINE_LIST[rank]);
    return same
      ? ` For ${SEED_COSINE_QUERY} the counts give the seed's own list, in its order.`
      : ` For ${SEED_COSINE_QUERY} the seed listed ${SEED_COSINE_LIST.join(", ")}; the counts here differ (another data file?).`;
  };
  /** One table per method: a column per query, each cell "model (score)". */
  const section = (title: string, note: string, specs: readonly MethodSpec[]) => {
    say(`## ${title}`, "", note, "");
    for (const spec of specs) {
      const lists = queries.map((query) =>
        recommender.recommend(query, {
          method: spec.method,
          n,
          ...(spec.features ? { features: spec.features } : {}),
          ...(spec.metric ? { metric: spec.metric } : {}),
        }),
      );
      recommendations.push(...lists);
      const first = lists[0]!;
      const clusters = lists
        .filter((list) => list.cluster !== null)
        .map((list) =>
          list.cluster!.label < 0
            ? `${list.query} is noise (${list.fallback})`
            : `${list.query} is in cluster ${list.cluster!.label} of ${list.cluster!.size.toLocaleString("en-US")} models`,
        );
      say(
        `**${spec.name}** — ${first.scoreKind === "distance" ? `${first.metric} distance, lower is nearer` : `${first.metric} similarity`} on ${first.features === "onehot" ? "the one-hot rows" : `the soup ${first.features}`}${clusters.length > 0 ? `; ${clusters.join("; ")}` : ""}:`,
        "",
        `| # | ${queries.join(" | ")} |`,
        `|---:|${queries.map(() => "---").join("|")}|`,
      );
      for (let rank = 0; rank < n; rank++) {
        const cells = lists.map((list) => {
          const result = list.results[rank];
          return result ? `${result.modelId} (${fixed(result.score)})` : "";
        });
        if (cells.every((cell) => cell === "")) break;
        say(`| ${rank + 1} | ${cells.join(" | ")} |`);
      }
      say("");
    }
  };
  const byName = (...names: string[]) => STANDARD_METHODS.filter((spec) => names.includes(spec.name));

  section(
    "Jaccard similarity",
    `One-hot rows, Jaccard = |A ∩ B| / |A ∪ B|. ${perfectJaccard} of the ${queries.length * n} models listed below score exactly 1, i.e. have all of the query's values; the seed saw only 1s and noted that this makes Jaccard on these features a filtered search. The seed's list for asafaya/bert-mini-arabic started with the model itself (its argsort kept the query among the rows tied at 1); here the query is always left out and exact ties go to the most downloaded model, then the id.`,
    byName("jaccard"),
  );
  section(
    "Cosine similarity over the soup",
    `Cosine between the soup vectors, as counts (the seed's CountVectorizer) and as TF-IDF.${seedCosineNote()}`,
    byName("cosine (counts)", "cosine (tfidf)"),
  );
  section(
    "Exact nearest neighbours",
    "The seed's KNN sorted the neighbour *indices* (`indices[index].argsort()`) instead of taking them in order of distance, so it returned arbitrary models with made-up scores (`1 − distance` of other rows). Here the k nearest by Euclidean distance on the one-hot rows (the seed's NearestNeighbors metric) come from @lab/linalg's exact top-k, and the cosine variant alongside.",
    byName("knn (euclidean)", "knn (cosine)"),
  );

  const clusterSummary = {} as Record<
    ClusterMethod,
    { clusters: number; sizes: readonly number[]; noise: number; seconds: number }
  >;
  const settings = recommender.clusterSettings;
  for (const method of ["kmeans", "hierarchical", "dbscan"] as const) {
    const clustering = recommender.clustering(method);
    clusterSummary[method] = {
      clusters: clustering.clusters,
      sizes: clustering.sizes,
      noise: clustering.noise,
      seconds: clustering.seconds,
    };
  }
  const sizesLine = (method: ClusterMethod, features: "onehot" | "tfidf" = "onehot") => {
    const { sizes, noise, clusters, seconds } = recommender.clustering(method, features);
    const sorted = [...sizes].sort((a, b) => b - a);
    const shown = sorted.slice(0, 12).map((size) => size.toLocaleString("en-US"));
    return `${clusters} clusters, sizes ${shown.join(", ")}${sorted.length > 12 ? `, … (${sorted.length - 12} more, smallest ${sorted.at(-1)})` : ""}${method === "dbscan" ? `; ${noise.toLocaleString("en-US")} noise models` : ""}; ${fixed(seconds, 2)} s.`;
  };
  const inertia = (features: "onehot" | "tfidf") =>
    fixed(Number(recommender.clustering("kmeans", features).details.inertia), 1);
  section(
    "KMeans, then cosine within the cluster",
    `KMeans with k-means++ (k = ${settings.kmeans.k}, n_init = ${settings.kmeans.nInit}, seed ${settings.kmeans.seed}). On the one-hot rows (the seed's input): ${sizesLine("kmeans")} Inertia ${inertia("onehot")}. On the TF-IDF soup: ${sizesLine("kmeans", "tfidf")} Inertia ${inertia("tfidf")}. A query's recommendations are the other members of its cluster ranked by cosine on the same rows (the seed's recipe).`,
    byName("kmeans", "kmeans (tfidf)"),
  );
  const wardCut =
    "clusters" in settings.hierarchical
      ? `cut into ${settings.hierarchical.clusters} clusters`
      : `cut at distance ${settings.hierarchical.distance}`;
  section(
    "Hierarchical (Ward) clustering, then cosine within the cluster",
    `The seed gave \`linkage(method="ward")\` the ${catalog.size.toLocaleString("en-US")} × ${catalog.size.toLocaleString("en-US")} similarity matrix as if its rows were observations and stopped the run as too slow. Here Ward's criterion runs on the one-hot rows themselves, by the nearest-neighbour chain over the ${recommender.clustering("hierarchical").details.clustered_rows} distinct rows (identical rows merge at height 0 first), ${wardCut}: ${sizesLine("hierarchical")}`,
    byName("hierarchical"),
  );
  section(
    "DBSCAN on cosine distance, then cosine within the cluster",
    `The seed passed cosine *similarities* to DBSCAN as precomputed distances, so its "neighbours" were the least similar models. Here DBSCAN runs on 1 − cosine (eps ${settings.dbscan.eps}, minPts ${settings.dbscan.minPts}). On the one-hot rows: ${sizesLine("dbscan")} On the TF-IDF soup: ${sizesLine("dbscan", "tfidf")} A noise model has no cluster; it gets plain cosine over all models instead.`,
    byName("dbscan", "dbscan (tfidf)"),
  );

  const found = recommender.search(SEED_SEARCH, { n });
  say(
    "## Free-text search",
    "",
    `"${SEED_SEARCH}" read as a soup (words ${found.terms.join(", ")}${found.unknownTerms.length > 0 ? `; unknown: ${found.unknownTerms.join(", ")}` : ""}), ranked by cosine to every model's TF-IDF soup:`,
    "",
    "| # | model | score |",
    "|---:|---|---:|",
    ...found.results.map((result, rank) => `| ${rank + 1} | ${result.modelId} | ${fixed(result.score)} |`),
    "",
  );

  const evaluation = evaluateRecommenders(recommender, catalog, {
    k: n,
    queries: options.evaluationQueries ?? 200,
    seed,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const groupOverlap = overlapByFeatures(evaluation, STANDARD_METHODS);
  const best = [...evaluation.methods].sort((a, b) => b.precision - a.precision)[0]!;
  say(
    "## Evaluation",
    "",
    `${evaluation.queries.length === catalog.size ? `Every one of the ${catalog.size} models is a query.` : `${evaluation.queries.length} query models drawn at random (seed ${seed}).`} There are no labels of "similar models", so precision@${n} counts a recommendation as relevant when it has the query's family by id ("bert" in asafaya/bert-mini-arabic), shares a base model with it, or has the same architectures and shares a dataset. The ceiling is what a method returning every relevant model first would score. Best here: ${best.name} at ${fixed(best.precision)}.`,
    "",
    precisionTable(evaluation),
    "",
    `![precision@${n} per method](precision.svg)`,
    "",
    `overlap@${n}: the share of one method's top ${n} that another method also returns, averaged over the queries. Mean overlap among the methods on the one-hot rows: ${fixed(groupOverlap.within.onehot)}; among those on the soup: ${fixed(groupOverlap.within.soup)}; between the two groups: ${fixed(groupOverlap.between)}.`,
    "",
    overlapTable(evaluation),
    "",
  );

  const map = await clusterMap(recommender, catalog, options.mapPoints ?? 2000, seed, options.onProgress);
  say(
    "## Map",
    "",
    `t-SNE (Barnes–Hut above 400 points) of ${map.points.toLocaleString("en-US")} ${map.points < catalog.size ? "randomly drawn " : ""}models, from the first ${map.dimensions} singular directions of their TF-IDF soups, coloured by their KMeans cluster on the one-hot rows (the seed's clustering). A colour that forms its own islands is a cluster the soup separates too; a colour spread over several islands joins models whose one-hot rows are alike but whose tags, authors and datasets differ.`,
    "",
    "![t-SNE map coloured by KMeans cluster](clusters-tsne.svg)",
    "",
  );
  const seconds = (performance.now() - started) / 1000;
  say(`Report built in ${fixed(seconds, 1)} s.`, "");
  const markdown = lines.join("\n");
  const precisionSvg = await barPlot({
    categories: evaluation.methods.map((method) => method.name),
    series: [{ name: `precision@${n}`, values: evaluation.methods.map((method) => method.precision) }],
    horizontal: true,
    title: `precision@${n} against the proxy ground truth (ceiling ${fixed(evaluation.ceiling, 2)})`,
    xLabel: `precision@${n}`,
  });
  return {
    markdown,
    files: { "report.md": markdown, "clusters-tsne.svg": map.svg, "precision.svg": precisionSvg },
    queries,
    recommendations,
    clusters: clusterSummary,
    evaluation,
    seconds,
  };
}

/** Mean off-diagonal overlap among the one-hot methods, among the soup methods, and between the groups. */
function overlapByFeatures(evaluation: Evaluation, specs: readonly MethodSpec[]) {
  const group = (name: string) => {
    const spec = specs.find((candidate) => candidate.name === name);
    const features = spec?.features ?? (spec ? DEFAULT_FEATURES[spec.method] : "onehot");
    return features === "onehot" ? "onehot" : "soup";
  };
  const sums = { onehot: [0, 0], soup: [0, 0], between: [0, 0] };
  evaluation.methods.forEach((a, i) => {
    evaluation.methods.forEach((b, j) => {
      if (i >= j) return;
      const ga = group(a.name);
      const key = ga === group(b.name) ? ga : "between";
      sums[key][0] += evaluation.overlap[i]![j]!;
      sums[key][1] += 1;
    });
  });
  const mean = ([sum, count]: number[]) => (count! > 0 ? sum! / count! : Number.NaN);
  return { within: { onehot: mean(sums.onehot), soup: mean(sums.soup) }, between: mean(sums.between) };
}

/**
 * The seed's example queries that the catalog has; else its two most downloaded fill-mask models
 * (the seed's queries' task), topped up with its most downloaded models.
 */
function defaultQueries(catalog: ModelCatalog): string[] {
  const present = SEED_QUERIES.filter((id) => catalog.has(id));
  if (present.length > 0) return present;
  const order = Array.from({ length: catalog.size }, (_, i) => i).sort(
    (a, b) => catalog.tieRank[a]! - catalog.tieRank[b]!,
  );
  const fillMask = order.filter((i) => catalog.records[i]!.pipelineTag === "fill-mask");
  const picked = [...fillMask, ...order.filter((i) => !fillMask.includes(i))].slice(0, 2);
  return picked.map((i) => catalog.ids[i]!);
}

async function clusterMap(
  recommender: HfRecommender,
  catalog: ModelCatalog,
  maxPoints: number,
  seed: number,
  onProgress?: ProgressListener,
): Promise<{ svg: string; points: number; dimensions: number }> {
  const tfidf = featureMatrix(recommender.features, "tfidf");
  const rows =
    catalog.size <= maxPoints
      ? Array.from({ length: catalog.size }, (_, i) => i)
      : Array.from(createRng(seed).sample(catalog.size, maxPoints)).sort((a, b) => a - b);
  // t-SNE wants a few tens of dense dimensions: the leading singular directions of the sparse TF-IDF
  // rows (LSA), never a dense copy of the rows themselves.
  const dimensions = Math.min(50, tfidf.cols - 1, catalog.size - 1);
  const { u, s } = randomizedSvd(tfidf, dimensions, { seed });
  const points = new Matrix(rows.length, dimensions);
  rows.forEach((row, r) => {
    for (let c = 0; c < dimensions; c++) points.data[r * dimensions + c] = u.data[row * u.cols + c]! * s[c]!;
  });
  const perplexity = Math.min(30, Math.max(2, Math.floor((rows.length - 1) / 3)));
  const { embedding } = tsne(points, {
    dimensions: 2,
    perplexity,
    seed,
    ...(onProgress ? { onProgress } : {}),
  });
  const labels = recommender.clustering("kmeans").labels;
  const svg = await scatterPlot({
    x: Array.from({ length: rows.length }, (_, r) => embedding.data[2 * r]!),
    y: Array.from({ length: rows.length }, (_, r) => embedding.data[2 * r + 1]!),
    labels: rows.map((row) => labels[row]!),
    legendTitle: "KMeans cluster",
    title: `t-SNE of ${rows.length} models' TF-IDF soups`,
    width: 720,
    height: 520,
  });
  return { svg, points: rows.length, dimensions };
}
