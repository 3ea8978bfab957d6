import { join, resolve } from "node:path";
import { datasetCacheRoot, writeFileAtomic } from "@lab/core";
import {
  buildFeatures,
  buildHfRecommenderReport,
  CLUSTER_METHODS,
  type ClusterMethod,
  type ClusterSettings,
  DEFAULT_CLUSTER_SETTINGS,
  evaluateRecommenders,
  FEATURE_SETS,
  type FeatureSet,
  HfRecommender,
  loadCsvCatalog,
  loadDefaultCatalog,
  loadHubCatalog,
  type ModelCatalog,
  overlapTable,
  precisionTable,
  RECOMMEND_METHODS,
  type RecommenderFeatures,
  type RecommendMethod,
  readIndexFile,
  writeIndexFile,
} from "@lab/hf-recommender";
import { type CommandContext, defineCommand, defineGroup, type OptionSpec } from "../command.js";
import { UsageError } from "../usage-error.js";

const seconds = (started: number) => (performance.now() - started) / 1000;

const catalogOptions = {
  data: {
    type: "path",
    description:
      "a CSV in the seed's format (modelId, tags, pipeline_tag, ...). Default: hf-models/data.csv from LAB_DATA_DIR or the cache, else the embedded catalog of @huggingface/tasks example models",
    valueName: "FILE",
  },
  hub: { type: "boolean", description: "list models from the live Hugging Face Hub (cached on disk)" },
  "hub-limit": {
    type: "integer",
    description: "--hub: how many models, most downloaded first",
    default: 10_000,
    min: 1,
  },
  "max-age": {
    type: "integer",
    description: "--hub: reuse a cached listing younger than this many seconds",
    default: 86_400,
    min: 0,
  },
  "hub-url": {
    type: "string",
    description: "--hub: the Hub's address (a mirror)",
    default: "https://huggingface.co",
    valueName: "URL",
  },
} as const satisfies Record<string, OptionSpec>;

const indexOption = {
  index: {
    type: "path",
    description: "a saved index (lab hf index) instead of a catalog",
    valueName: "FILE",
  },
} as const satisfies Record<string, OptionSpec>;

const clusterDefaults = DEFAULT_CLUSTER_SETTINGS;
/** No defaults here: an option given for another method is an error, so "given" must be visible. */
const clusterOptions = {
  k: { type: "integer", description: `kmeans: clusters (default ${clusterDefaults.kmeans.k})`, min: 1 },
  "n-init": {
    type: "integer",
    description: `kmeans: k-means++ starts, the lowest inertia wins (default ${clusterDefaults.kmeans.nInit})`,
    min: 1,
  },
  seed: {
    type: "integer",
    description: `kmeans: seed of k-means++ (default ${clusterDefaults.kmeans.seed})`,
    min: 0,
  },
  clusters: {
    type: "integer",
    description: "hierarchical: cut Ward's tree into this many clusters (default 10)",
    min: 1,
  },
  distance: {
    type: "number",
    description: "hierarchical: cut Ward's tree at this merge height instead",
    min: 0,
  },
  eps: {
    type: "number",
    description: `dbscan: radius in cosine distance, 1 - cosine (default ${clusterDefaults.dbscan.eps})`,
    min: 0,
  },
  "min-pts": {
    type: "integer",
    description: `dbscan: models within eps, itself included, that make a core model (default ${clusterDefaults.dbscan.minPts})`,
    min: 1,
  },
} as const satisfies Record<string, OptionSpec>;

const featuresOption = {
  features: {
    type: "string",
    description:
      "rows compared: onehot (the seed's 4 fields), counts or tfidf (the soup); default per method",
    choices: FEATURE_SETS,
  },
} as const satisfies Record<string, OptionSpec>;

/** The catalog a command works on: --data, --hub, or the default (said on stderr). */
async function loadCatalog(context: CommandContext, command: string): Promise<ModelCatalog> {
  const data = context.options.data as string | undefined;
  const hub = context.options.hub === true;
  if (data !== undefined && hub) throw new UsageError(`hf ${command}: give --data FILE or --hub, not both`);
  let catalog: ModelCatalog;
  if (hub) {
    const cacheRoot = datasetCacheRoot({
      cwd: context.cwd,
      ...(context.env.LAB_CACHE_DIR ? { cacheDir: context.env.LAB_CACHE_DIR } : {}),
    });
    const result = await loadHubCatalog({
      limit: context.options["hub-limit"] as number,
      maxAgeSeconds: context.options["max-age"] as number,
      hubUrl: context.options["hub-url"] as string,
      cacheDir: join(cacheRoot, "hf-hub"),
      ...(context.env.HF_TOKEN ? { accessToken: context.env.HF_TOKEN } : {}),
      onProgress: context.onProgress,
      onNotice: (line) => context.note(`warning: ${line}`),
    });
    catalog = result.catalog;
  } else if (data !== undefined) {
    catalog = await loadCsvCatalog(resolve(context.cwd, data));
  } else {
    catalog = await loadDefaultCatalog({
      dataDir: context.env.LAB_DATA_DIR ?? null,
      cwd: context.cwd,
      ...(context.env.LAB_CACHE_DIR ? { cacheDir: context.env.LAB_CACHE_DIR } : {}),
    });
  }
  context.note(`data: ${catalog.source}`);
  return catalog;
}

/** Features from --index, or built from the catalog. */
async function loadFeatures(context: CommandContext, command: string): Promise<RecommenderFeatures> {
  const index = context.options.index as string | undefined;
  if (index === undefined) return buildFeatures(await loadCatalog(context, command));
  if (context.options.data !== undefined || context.options.hub === true) {
    throw new UsageError(`hf ${command}: --index already holds the models; drop --data/--hub`);
  }
  const features = await readIndexFile(resolve(context.cwd, index));
  context.note(`data: ${features.directory.source}`);
  return features;
}

/** Cluster settings from the options, rejecting options of another method. */
function clusterSettings(context: CommandContext, command: string, method: string): ClusterSettings {
  const option = <T>(name: string) => context.options[name] as T | undefined;
  const owners: Record<string, ClusterMethod> = {
    k: "kmeans",
    "n-init": "kmeans",
    seed: "kmeans",
    clusters: "hierarchical",
    distance: "hierarchical",
    eps: "dbscan",
    "min-pts": "dbscan",
  };
  for (const [name, owner] of Object.entries(owners)) {
    if (option(name) !== undefined && owner !== method) {
      throw new UsageError(`hf ${command}: --${name} applies to --method ${owner}, not ${method}`);
    }
  }
  const clusters = option<number>("clusters");
  const distance = option<number>("distance");
  if (clusters !== undefined && distance !== undefined) {
    throw new UsageError(`hf ${command}: give --clusters N or --distance H, not both`);
  }
  const eps = option<number>("eps") ?? clusterDefaults.dbscan.eps;
  if (!(eps > 0)) throw new UsageError(`hf ${command}: --eps must be greater than 0, got ${eps}`);
  return {
    kmeans: {
      ...clusterDefaults.kmeans,
      k: option<number>("k") ?? clusterDefaults.kmeans.k,
      nInit: option<number>("n-init") ?? clusterDefaults.kmeans.nInit,
      seed: option<number>("seed") ?? clusterDefaults.kmeans.seed,
    },
    hierarchical:
      distance !== undefined
        ? { distance }
        : clusters !== undefined
          ? { clusters }
          : clusterDefaults.hierarchical,
    dbscan: { eps, minPts: option<number>("min-pts") ?? clusterDefaults.dbscan.minPts },
  };
}

const recommendCommand = defineCommand({
  name: "recommend",
  summary: "the models most like one model: jaccard, cosine, knn, or a clustering then cosine in the cluster",
  options: {
    ...catalogOptions,
    ...indexOption,
    model: {
      type: "string",
      description: "the model id, e.g. bert-base-uncased",
      required: true,
      valueName: "ID",
    },
    method: {
      type: "string",
      description:
        "jaccard (one-hot), cosine (soup), knn (exact nearest), kmeans|hierarchical|dbscan (cluster, then cosine)",
      default: "cosine",
      choices: RECOMMEND_METHODS,
    },
    n: { type: "integer", description: "how many models", default: 5, min: 1 },
    ...featuresOption,
    metric: {
      type: "string",
      description: "knn: euclidean (the seed's) or cosine",
      choices: ["euclidean", "cosine"],
    },
    ...clusterOptions,
  },
  examples: [
    "pnpm lab hf recommend --model FacebookAI/xlm-roberta-base --method jaccard --json",
    "LAB_DATA_DIR=../shared/data pnpm lab hf recommend --model bert-base-uncased --method cosine --json",
    "LAB_DATA_DIR=../shared/data pnpm lab hf recommend --model gpt2 --method dbscan --n 10",
    "pnpm lab hf recommend --hub --model google-bert/bert-base-uncased --method knn --metric cosine",
  ],
  async run(context) {
    const method = context.options.method as RecommendMethod;
    const settings = clusterSettings(context, "recommend", method);
    const features = await loadFeatures(context, "recommend");
    const started = performance.now();
    const recommender = new HfRecommender(features, { clusters: settings, onProgress: context.onProgress });
    const metric = context.options.metric as "euclidean" | "cosine" | undefined;
    if (metric !== undefined && method !== "knn") {
      throw new UsageError(`hf recommend: --metric applies to --method knn, not ${method}`);
    }
    const list = recommender.recommend(context.options.model as string, {
      method,
      n: context.options.n as number,
      ...(context.options.features ? { features: context.options.features as FeatureSet } : {}),
      ...(metric ? { metric } : {}),
    });
    const elapsed = seconds(started);
    const where = list.cluster
      ? list.cluster.label < 0
        ? ` (noise: ${list.fallback})`
        : ` (cluster ${list.cluster.label}, ${list.cluster.size} models)`
      : "";
    context.print(
      `${list.method} on ${list.features}, ${list.metric} ${list.scoreKind}${where}; nearest to ${list.query}:`,
    );
    list.results.forEach((result, rank) => {
      context.print(`${String(rank + 1).padStart(3)}. ${result.score.toFixed(4)}  ${result.modelId}`);
    });
    return {
      query: list.query,
      method: list.method,
      features: list.features,
      metric: list.metric,
      score_kind: list.scoreKind,
      results: list.results.map((result) => ({ modelId: result.modelId, score: result.score })),
      cluster: list.cluster,
      fallback: list.fallback,
      data: features.directory.source,
      seconds: elapsed,
    };
  },
});

const clusterCommand = defineCommand({
  name: "cluster",
  summary: "cluster every model: kmeans (k-means++), hierarchical (Ward) or dbscan (cosine distance)",
  options: {
    ...catalogOptions,
    ...indexOption,
    method: {
      type: "string",
      description: "kmeans, hierarchical or dbscan",
      required: true,
      choices: CLUSTER_METHODS,
    },
    ...featuresOption,
    ...clusterOptions,
  },
  examples: [
    "pnpm lab hf cluster --method kmeans --k 10 --json",
    "LAB_DATA_DIR=../shared/data pnpm lab hf cluster --method hierarchical --clusters 20 --json",
    "LAB_DATA_DIR=../shared/data pnpm lab hf cluster --method dbscan --eps 0.26 --min-pts 5 --features tfidf",
  ],
  async run(context) {
    const method = context.options.method as ClusterMethod;
    const settings = clusterSettings(context, "cluster", method);
    const features = await loadFeatures(context, "cluster");
    const started = performance.now();
    const recommender = new HfRecommender(features, { clusters: settings, onProgress: context.onProgress });
    const clustering = recommender.clustering(
      method,
      (context.options.features as FeatureSet | undefined) ?? "onehot",
    );
    const elapsed = seconds(started);
    const sorted = [...clustering.sizes].sort((a, b) => b - a);
    context.print(
      `${method}: ${clustering.clusters} clusters over ${recommender.size} models${method === "dbscan" ? `, ${clustering.noise} noise` : ""}`,
    );
    context.print(`largest: ${sorted.slice(0, 10).join(", ")}${sorted.length > 10 ? ", ..." : ""}`);
    return {
      method,
      features: (context.options.features as string | undefined) ?? "onehot",
      clusters: clustering.clusters,
      sizes: clustering.sizes,
      noise: clustering.noise,
      details: clustering.details,
      models: recommender.size,
      data: features.directory.source,
      seconds: elapsed,
    };
  },
});

const searchCommand = defineCommand({
  name: "search",
  summary: "models ranked by cosine between free text and each model's metadata soup",
  positionals: [{ name: "text", description: 'the query, e.g. "fill-mask bert pytorch"', required: true }],
  options: {
    ...catalogOptions,
    ...indexOption,
    n: { type: "integer", description: "how many models", default: 10, min: 1 },
    weighting: {
      type: "string",
      description: "tfidf or counts",
      default: "tfidf",
      choices: ["tfidf", "counts"],
    },
  },
  examples: [
    'pnpm lab hf search "fill-mask bert pytorch" --json',
    'pnpm lab hf search "speech recognition" --n 5',
  ],
  async run(context) {
    const text = context.positionals[0]!;
    const features = await loadFeatures(context, "search");
    const started = performance.now();
    const found = new HfRecommender(features).search(text, {
      n: context.options.n as number,
      weighting: context.options.weighting as "tfidf" | "counts",
    });
    const elapsed = seconds(started);
    if (found.unknownTerms.length > 0)
      context.note(`not in any model's metadata (ignored): ${found.unknownTerms.join(", ")}`);
    context.print(`"${text}" (${found.terms.join(" ")}), ${found.weighting} cosine:`);
    found.results.forEach((result, rank) => {
      context.print(`${String(rank + 1).padStart(3)}. ${result.score.toFixed(4)}  ${result.modelId}`);
    });
    return {
      query: text,
      weighting: found.weighting,
      terms: found.terms,
      unknown_terms: found.unknownTerms,
      results: found.results.map((result) => ({ modelId: result.modelId, score: result.score })),
      data: features.directory.source,
      seconds: elapsed,
    };
  },
});

const indexCommand = defineCommand({
  name: "index",
  summary: "write the catalog's features as one versioned binary file a server can load",
  options: {
    ...catalogOptions,
    out: { type: "path", description: "the index file to write", required: true, valueName: "FILE" },
  },
  examples: ["LAB_DATA_DIR=../shared/data pnpm lab hf index --out lab-out/hf/models.hfidx --json"],
  async run(context) {
    const catalog = await loadCatalog(context, "index");
    const started = performance.now();
    const features = buildFeatures(catalog);
    const path = resolve(context.cwd, context.options.out as string);
    const bytes = await writeIndexFile(path, features);
    const elapsed = seconds(started);
    context.print(
      `${catalog.size} models, ${bytes} bytes (${(bytes / catalog.size).toFixed(0)} per model): ${path}`,
    );
    return {
      path,
      bytes,
      models: catalog.size,
      bytes_per_model: bytes / catalog.size,
      onehot_columns: features.oneHot.columns.length,
      vocabulary: features.text.vocabulary.terms.length,
      data: catalog.source,
      seconds: elapsed,
    };
  },
});

const evaluateCommand = defineCommand({
  name: "evaluate",
  summary: "precision@k against a proxy ground truth and overlap@k between every two methods",
  options: {
    ...catalogOptions,
    k: { type: "integer", description: "cut-off k", default: 5, min: 1 },
    queries: { type: "integer", description: "query models drawn at random", default: 200, min: 1 },
    seed: { type: "integer", description: "seed of the query draw and of k-means++", default: 1, min: 0 },
  },
  examples: ["LAB_DATA_DIR=../shared/data pnpm lab hf evaluate --k 5 --queries 200 --json"],
  async run(context) {
    const catalog = await loadCatalog(context, "evaluate");
    const started = performance.now();
    const seed = context.options.seed as number;
    const recommender = new HfRecommender(buildFeatures(catalog), {
      clusters: { kmeans: { seed } },
      onProgress: context.onProgress,
    });
    const evaluation = evaluateRecommenders(recommender, catalog, {
      k: context.options.k as number,
      queries: context.options.queries as number,
      seed,
      onProgress: context.onProgress,
    });
    context.print(precisionTable(evaluation));
    context.print();
    context.print(overlapTable(evaluation));
    return {
      k: evaluation.k,
      queries: evaluation.queries.length,
      methods: evaluation.methods.map((method) => ({
        name: method.name,
        precision: method.precision,
        list_fill: method.coverage,
        seconds: method.seconds,
      })),
      overlap: evaluation.overlap,
      ceiling: evaluation.ceiling,
      data: catalog.source,
      seconds: seconds(started),
    };
  },
});

const reproduceCommand = defineCommand({
  name: "reproduce",
  summary: "rerun the seed 002 notebook end to end and write a Markdown report with tables and plots",
  training: { defaultOut: "lab-out/hf" },
  options: {
    ...catalogOptions,
    queries: { type: "integer", description: "query models of the evaluation", default: 200, min: 1 },
    "map-points": { type: "integer", description: "most models on the t-SNE map", default: 2000, min: 10 },
  },
  examples: [
    "pnpm lab hf reproduce --out lab-out/hf",
    "LAB_DATA_DIR=../shared/data pnpm lab hf reproduce --out lab-out/hf-seed --json",
  ],
  async run(context) {
    const catalog = await loadCatalog(context, "reproduce");
    const report = await buildHfRecommenderReport({
      catalog,
      evaluationQueries: context.options.queries as number,
      mapPoints: context.options["map-points"] as number,
      seed: context.seed ?? 1,
      onProgress: context.onProgress,
    });
    const outDir = context.outDir!;
    const files: string[] = [];
    // The report last: a reader who sees report.md sees its plots.
    for (const name of Object.keys(report.files).sort(
      (a, b) => Number(a === "report.md") - Number(b === "report.md"),
    )) {
      const path = join(outDir, name);
      await writeFileAtomic(path, report.files[name]!);
      files.push(path);
    }
    context.print(precisionTable(report.evaluation));
    context.print(`report: ${join(outDir, "report.md")}`);
    return {
      out: outDir,
      report: join(outDir, "report.md"),
      files,
      data: catalog.source,
      models: catalog.size,
      queries: report.queries,
      clusters: report.clusters,
      precision: Object.fromEntries(
        report.evaluation.methods.map((method) => [method.name, method.precision]),
      ),
      seconds: report.seconds,
    };
  },
});

export const hfCommands = defineGroup({
  name: "hf",
  summary:
    "content-based recommendations over Hugging Face model metadata (seed 002); search, clusters, index",
  commands: [
    recommendCommand,
    clusterCommand,
    searchCommand,
    evaluateCommand,
    indexCommand,
    reproduceCommand,
  ],
});
