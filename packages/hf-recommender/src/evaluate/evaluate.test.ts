import { describe, expect, it } from "vitest";
import type { ModelRecord } from "../data/record.js";
import { syntheticCatalog } from "../data/synthetic.js";
import { buildFeatures } from "../recommend/features.js";
import { HfRecommender } from "../recommend/recommender.js";
import { evaluateRecommenders, isRelevant, overlapTable, precisionTable } from "./evaluate.js";

function record(id: string, fields: Partial<ModelRecord> = {}): ModelRecord {
  return {
    id,
    author: null,
    pipelineTag: null,
    libraryName: null,
    modelType: null,
    architectures: [],
    tags: [],
    datasets: [],
    downloads: 0,
    likes: null,
    baseModels: [],
    lastModified: null,
    description: null,
    ...fields,
  };
}

describe("isRelevant (the proxy ground truth)", () => {
  it("same family by id, a shared base model, or same architectures and a shared dataset", () => {
    expect(isRelevant(record("bert-base-uncased"), record("asafaya/bert-mini-arabic"))).toBe(true);
    expect(isRelevant(record("bert-base-uncased"), record("distilbert-base-uncased"))).toBe(false);
    expect(
      isRelevant(record("x/a", { baseModels: ["m/base"] }), record("y/b", { baseModels: ["m/base"] })),
    ).toBe(true);
    expect(isRelevant(record("x/a", { baseModels: ["m/base"] }), record("m/base"))).toBe(true);
    const asr = { architectures: ["Wav2Vec2ForCTC"], datasets: ["common_voice"] };
    expect(isRelevant(record("x/asr-one", asr), record("y/speech-two", asr))).toBe(true);
    expect(
      isRelevant(record("x/asr-one", asr), record("y/speech-two", { ...asr, datasets: ["librispeech"] })),
    ).toBe(false);
    expect(isRelevant(record("x/one", { datasets: ["d"] }), record("y/two", { datasets: ["d"] }))).toBe(
      false,
    );
  });
});

describe("evaluateRecommenders", () => {
  const catalog = syntheticCatalog({ models: 200, seed: 5 });
  const recommender = new HfRecommender(buildFeatures(catalog), { clusters: { kmeans: { k: 4, nInit: 2 } } });
  const methods = [
    { name: "jaccard", method: "jaccard" as const },
    { name: "cosine (tfidf)", method: "cosine" as const, features: "tfidf" as const },
    { name: "kmeans", method: "kmeans" as const },
  ];
  const evaluation = evaluateRecommenders(recommender, catalog, { methods, k: 5, queries: 40, seed: 3 });

  it("precision@k is the mean share of relevant models in each top k", () => {
    expect(evaluation.queries).toHaveLength(40);
    methods.forEach((spec, m) => {
      let sum = 0;
      for (const id of evaluation.queries) {
        const list = recommender.recommend(id, {
          method: spec.method,
          n: 5,
          ...(spec.features ? { features: spec.features } : {}),
        });
        sum += list.results.filter((r) => isRelevant(catalog.get(id), catalog.get(r.modelId))).length / 5;
      }
      expect(evaluation.methods[m]!.precision).toBeCloseTo(sum / 40, 12);
    });
    // The synthetic families decide every field, so the soup finds family members well above chance.
    expect(evaluation.methods[1]!.precision).toBeGreaterThan(0.5);
    expect(evaluation.ceiling).toBeGreaterThanOrEqual(
      Math.max(...evaluation.methods.map((m) => m.precision)),
    );
  });

  it("overlap@k is symmetric, 1 on the diagonal for full lists, and matches a direct count", () => {
    const { overlap, lists } = evaluation;
    for (let a = 0; a < 3; a++) {
      expect(overlap[a]![a]).toBeCloseTo(evaluation.methods[a]!.coverage, 12);
      for (let b = 0; b < 3; b++) expect(overlap[a]![b]).toBeCloseTo(overlap[b]![a]!, 12);
    }
    let shared = 0;
    lists[0]!.forEach((ids, q) => {
      shared += ids.filter((id) => lists[1]![q]!.includes(id)).length;
    });
    expect(overlap[0]![1]).toBeCloseTo(shared / (5 * 40), 12);
  });

  it("the same seed draws the same queries; tables are Markdown", () => {
    const again = evaluateRecommenders(recommender, catalog, {
      methods: methods.slice(0, 1),
      k: 5,
      queries: 40,
      seed: 3,
    });
    expect(again.queries).toEqual(evaluation.queries);
    expect(precisionTable(evaluation).split("\n")).toHaveLength(2 + 3 + 1);
    expect(precisionTable(evaluation)).toMatch(/^\| method \| precision@5 \|/);
    expect(overlapTable(evaluation).split("\n")[0]).toBe("| overlap@5 | jaccard | cosine (tfidf) | kmeans |");
    expect(() => evaluateRecommenders(recommender, catalog, { queries: ["nope"] })).toThrow(
      /unknown model id/,
    );
  });
});
