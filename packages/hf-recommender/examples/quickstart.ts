// The README's example: the embedded catalog (no download), three recommenders, free-text search,
// a clustering, and an index file a server loads.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildFeatures,
  embeddedCatalog,
  HfRecommender,
  readIndexFile,
  writeIndexFile,
} from "@lab/hf-recommender";

// About 150 example models of @huggingface/tasks' task pages; the seed's CSV or the live Hub
// (loadCsvCatalog, loadHubCatalog) give the same kind of catalog.
const catalog = embeddedCatalog();
const recommender = new HfRecommender(buildFeatures(catalog));

const show = (list: { results: readonly { modelId: string; score: number }[] }) =>
  list.results.map((r) => `${r.modelId} ${r.score.toFixed(3)}`).join(", ");
console.log(
  `jaccard: ${show(recommender.recommend("openai/whisper-large-v3", { method: "jaccard", n: 2 }))}`,
);
console.log(
  `cosine: ${show(recommender.recommend("openai/whisper-large-v3", { method: "cosine", features: "tfidf", n: 2 }))}`,
);
const dbscan = recommender.recommend("openai/whisper-large-v3", { method: "dbscan", n: 2 });
console.log(`dbscan: cluster of ${dbscan.cluster?.size}: ${show(dbscan)}`);
console.log(`search: ${show(recommender.search("image segmentation", { n: 2 }))}`);

const kmeans = recommender.clustering("kmeans");
console.log(`kmeans: ${kmeans.clusters} clusters, largest ${Math.max(...kmeans.sizes)}`);

// A server loads the index file instead of the catalog and answers the same.
const path = join(mkdtempSync(join(tmpdir(), "hf-quickstart-")), "models.hfidx");
const bytes = await writeIndexFile(path, recommender.features);
const served = new HfRecommender(await readIndexFile(path));
console.log(
  `index: ${bytes} bytes; ${show(served.recommend("openai/whisper-large-v3", { method: "cosine", features: "tfidf", n: 2 }))}`,
);
