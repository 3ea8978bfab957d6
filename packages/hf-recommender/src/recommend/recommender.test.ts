import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { ModelCatalog, UnknownModelError } from "../data/catalog.js";
import type { ModelRecord } from "../data/record.js";
import { compareCodePoints } from "../data/strings.js";
import { syntheticCatalog } from "../data/synthetic.js";
import { soupOf } from "../features/soup.js";
import { tokenize } from "../features/tokenize.js";
import { buildFeatures } from "./features.js";
import { HfRecommender } from "./recommender.js";

function model(id: string, downloads: number, fields: Partial<ModelRecord> = {}): ModelRecord {
  return {
    id,
    author: null,
    pipelineTag: "fill-mask",
    libraryName: "transformers",
    modelType: "bert",
    architectures: ["BertForMaskedLM"],
    tags: ["pytorch", "bert", "fill-mask"],
    datasets: [],
    downloads,
    likes: null,
    baseModels: [],
    lastModified: null,
    description: null,
    ...fields,
  };
}

/** Four identical BERTs (ties), a RoBERTa, a GPT-2, and a model unlike any other. */
const small = new ModelCatalog(
  [
    model("bert-base-uncased", 100),
    model("b/bert-clone", 5),
    model("a/bert-clone", 5),
    model("c/bert-popular", 900),
    model("roberta-base", 50, {
      modelType: "roberta",
      architectures: ["RobertaForMaskedLM"],
      tags: ["pytorch", "roberta", "fill-mask"],
    }),
    model("gpt2", 70, {
      pipelineTag: "text-generation",
      modelType: "gpt2",
      architectures: ["GPT2LMHeadModel"],
      tags: ["pytorch", "tf", "gpt2", "text-generation"],
    }),
    model("acme/ppo-lunar", 1, {
      pipelineTag: "reinforcement-learning",
      libraryName: "stable-baselines3",
      modelType: null,
      architectures: [],
      tags: ["stable-baselines3", "deep-reinforcement-learning"],
    }),
  ],
  "the small test catalog",
);

describe("HfRecommender on a hand-made catalog", () => {
  const recommender = new HfRecommender(buildFeatures(small), {
    clusters: { kmeans: { k: 3 }, hierarchical: { clusters: 3 }, dbscan: { eps: 0.2, minPts: 2 } },
  });

  it("jaccard: identical one-hot rows score 1, ties go to downloads then id, never the query", () => {
    const list = recommender.recommend("bert-base-uncased", { method: "jaccard", n: 4 });
    expect(list.results.map((r) => r.modelId)).toEqual([
      "c/bert-popular",
      "a/bert-clone",
      "b/bert-clone",
      "roberta-base",
    ]);
    expect(list.results.map((r) => r.score)).toEqual([1, 1, 1, 2 / 6]);
    expect(list).toMatchObject({
      method: "jaccard",
      features: "onehot",
      metric: "jaccard",
      scoreKind: "similarity",
    });
  });

  it("knn: the nearest by distance, ascending (the seed sorted neighbour indices instead)", () => {
    const list = recommender.recommend("roberta-base", { method: "knn", n: 6 });
    expect(list.scoreKind).toBe("distance");
    // RoBERTa shares pipeline tag and library with the BERTs (distance √4 = 2: two fields differ,
    // each a 1 on either side), only the library with GPT-2 (√6) and nothing with the PPO model (√(4+2)).
    expect(list.results.map((r) => r.modelId)).toEqual([
      "c/bert-popular",
      "bert-base-uncased",
      "a/bert-clone",
      "b/bert-clone",
      "gpt2",
      "acme/ppo-lunar",
    ]);
    expect(list.results.map((r) => r.score)).toEqual([2, 2, 2, 2, Math.sqrt(6), Math.sqrt(6)]);
    const cosine = recommender.recommend("roberta-base", { method: "knn", metric: "cosine", n: 1 });
    expect(cosine.results[0]).toEqual({ modelId: "c/bert-popular", score: 0.5 });
  });

  it("cosine over the soup counts", () => {
    const list = recommender.recommend("roberta-base", { method: "cosine", n: 2 });
    // roberta-base's soup tokens: pytorch, roberta, fill, mask (tags), fill, mask (pipeline tag),
    // robertaformaskedlm, roberta, transformers. A BERT's: pytorch, bert, fill, mask, fill, mask,
    // bertformaskedlm, bert, transformers. Shared: pytorch·1 + fill·4 + mask·4 + transformers·1 = 10,
    // and both vectors have squared norm 1 + 4 + 4 + 4 + 1 + 1 = 15.
    expect(list.results[0]).toEqual({ modelId: "c/bert-popular", score: 10 / 15 });
    expect(list.features).toBe("counts");
  });

  it("clustered methods rank by cosine inside the query's cluster", () => {
    for (const method of ["kmeans", "hierarchical", "dbscan"] as const) {
      const list = recommender.recommend("bert-base-uncased", { method, n: 10 });
      const clustering = recommender.clustering(method);
      const members = Array.from(clustering.members(clustering.labels[0]!));
      expect(list.cluster).toEqual({ label: clustering.labels[0], size: members.length });
      expect(list.results.length).toBe(members.length - 1);
      for (const result of list.results) expect(members).toContain(small.indexOf(result.modelId));
      expect(list.results.map((r) => r.modelId).slice(0, 3)).toEqual([
        "c/bert-popular",
        "a/bert-clone",
        "b/bert-clone",
      ]);
    }
  });

  it("Ward's tree is cut by cluster count or, replacing the default count, by height", () => {
    const byHeight = new HfRecommender(buildFeatures(small), { clusters: { hierarchical: { distance: 0 } } });
    // At height 0 only the four identical BERT rows are merged: 4 other models stay alone.
    const clustering = byHeight.clustering("hierarchical");
    expect(clustering.clusters).toBe(4);
    expect(clustering.details).toMatchObject({ cut_distance: 0 });
    expect(Array.from(clustering.members(clustering.labels[0]!))).toEqual([0, 1, 2, 3]);
    expect(recommender.clustering("hierarchical").clusters).toBe(3);
  });

  it("a DBSCAN noise model falls back to plain cosine over all models, and says so", () => {
    const list = recommender.recommend("acme/ppo-lunar", { method: "dbscan", n: 3 });
    expect(list.cluster).toEqual({ label: -1, size: recommender.clustering("dbscan").noise });
    expect(list.fallback).toMatch(/noise/);
    const plain = recommender.recommend("acme/ppo-lunar", { method: "knn", metric: "cosine", n: 3 });
    expect(list.results).toEqual(plain.results);
  });

  it("an unknown id is one error with close ids; bad options are rejected", () => {
    expect(() => recommender.recommend("bert-base-uncase")).toThrow(UnknownModelError);
    expect(() => recommender.recommend("bert-base-uncase")).toThrow(
      'unknown model id "bert-base-uncase" in the small test catalog; did you mean "bert-base-uncased"',
    );
    expect(() => recommender.recommend("gpt2", { n: 0 })).toThrow(InvalidArgumentError);
    // biome-ignore lint/suspicious/noExplicitAny: a caller without types.
    expect(() => recommender.recommend("gpt2", { method: "svd" as any })).toThrow(/method must be one of/);
    expect(() => recommender.recommend("gpt2", { method: "jaccard", metric: "cosine" })).toThrow(/knn only/);
  });

  it("search ranks models by cosine to the free text and reports unknown words", () => {
    const found = recommender.search("fill-mask BERT pytorch llama", { n: 2, weighting: "counts" });
    expect(found.terms).toEqual(["fill", "mask", "bert", "pytorch"]);
    expect(found.unknownTerms).toEqual(["llama"]);
    // Query counts fill, mask, bert, pytorch = 1 each (norm 2); a BERT's soup has them 2, 2, 2, 1
    // (norm √15): cosine 7 / (2√15).
    expect(found.results[0]!.modelId).toBe("c/bert-popular");
    expect(found.results[0]!.score).toBeCloseTo(7 / (2 * Math.sqrt(15)), 14);
    // Only gpt2 has "tf" in its soup: every other model scores 0 and is left out.
    const everything = recommender.search("tf", { n: 1000 });
    expect(everything.results.map((result) => result.modelId)).toEqual(["gpt2"]);
    expect(() => recommender.search("llama mistral")).toThrow(/none of the words/);
    expect(() => recommender.search("- a")).toThrow(/no words/);
  });
});

/** Brute force over all rows: score every other model and sort by score, downloads, id. */
function bruteForce(
  catalog: ModelCatalog,
  query: string,
  score: (a: ModelRecord, b: ModelRecord) => number,
  descending: boolean,
  n: number,
) {
  const q = catalog.get(query);
  return catalog.records
    .filter((record) => record.id !== query)
    .map((record) => ({ modelId: record.id, score: score(q, record), downloads: record.downloads }))
    .sort(
      (a, b) =>
        (descending ? b.score - a.score : a.score - b.score) ||
        b.downloads - a.downloads ||
        compareCodePoints(a.modelId, b.modelId),
    )
    .slice(0, n)
    .map(({ modelId, score: value }) => ({ modelId, score: value }));
}

const oneHotSet = (r: ModelRecord) =>
  new Set([
    ...(r.pipelineTag ? [`p:${r.pipelineTag}`] : []),
    ...r.architectures.map((a) => `a:${a}`),
    ...(r.modelType ? [`m:${r.modelType}`] : []),
    ...(r.libraryName ? [`l:${r.libraryName}`] : []),
  ]);

function bagOf(record: ModelRecord): Map<string, number> {
  const bag = new Map<string, number>();
  for (const token of tokenize(soupOf(record))) bag.set(token, (bag.get(token) ?? 0) + 1);
  return bag;
}

describe("HfRecommender against brute force on a synthetic catalog", () => {
  const catalog = syntheticCatalog({ models: 300, seed: 11 });
  const recommender = new HfRecommender(buildFeatures(catalog));
  const queries = [0, 17, 150, 299].map((i) => catalog.ids[i]!);

  it("jaccard", () => {
    const jaccard = (a: ModelRecord, b: ModelRecord) => {
      const x = oneHotSet(a);
      const y = oneHotSet(b);
      const shared = [...x].filter((v) => y.has(v)).length;
      const union = x.size + y.size - shared;
      return union === 0 ? 0 : shared / union;
    };
    for (const query of queries) {
      expect(recommender.recommend(query, { method: "jaccard", n: 8 }).results).toEqual(
        bruteForce(catalog, query, jaccard, true, 8),
      );
    }
  });

  it("cosine over counts", () => {
    const cosine = (a: ModelRecord, b: ModelRecord) => {
      const x = bagOf(a);
      const y = bagOf(b);
      let dot = 0;
      for (const [term, count] of x) dot += count * (y.get(term) ?? 0);
      const norm = (bag: Map<string, number>) => Math.sqrt([...bag.values()].reduce((s, c) => s + c * c, 0));
      return dot === 0 ? 0 : dot / (norm(x) * norm(y));
    };
    for (const query of queries) {
      const ours = recommender.recommend(query, { method: "cosine", n: 8 }).results;
      const expected = bruteForce(catalog, query, cosine, true, 8);
      expect(ours.map((r) => r.modelId)).toEqual(expected.map((r) => r.modelId));
      ours.forEach((r, t) => {
        expect(r.score).toBeCloseTo(expected[t]!.score, 12);
      });
    }
  });

  it("knn with the Euclidean metric", () => {
    const distance = (a: ModelRecord, b: ModelRecord) => {
      const x = oneHotSet(a);
      const y = oneHotSet(b);
      const shared = [...x].filter((v) => y.has(v)).length;
      return Math.sqrt(x.size + y.size - 2 * shared);
    };
    for (const query of queries) {
      expect(recommender.recommend(query, { method: "knn", n: 8 }).results).toEqual(
        bruteForce(catalog, query, distance, false, 8),
      );
    }
  });
});
