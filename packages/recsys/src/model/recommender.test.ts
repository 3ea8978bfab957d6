import { createRng, InvalidArgumentError } from "@lab/core";
import { cosine } from "@lab/linalg";
import { describe, expect, it } from "vitest";
import { buildDataset } from "../data/dataset.js";
import { FactorModel } from "./factor-model.js";
import { Recommender, topIndices } from "./recommender.js";

describe("topIndices", () => {
  it("matches a full sort (descending, ties to the lower index) and skips excluded entries", () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 50; trial++) {
      const scores = Float64Array.from({ length: 30 }, () => Math.round(rng.uniform() * 8));
      scores[rng.int(30)] = Number.NEGATIVE_INFINITY;
      const n = 1 + rng.int(35);
      const expected = Array.from(scores.keys())
        .filter((index) => scores[index] !== Number.NEGATIVE_INFINITY)
        .sort((a, b) => scores[b] - scores[a] || a - b)
        .slice(0, n);
      expect(topIndices(scores, n)).toEqual(expected);
    }
  });
});

/**
 * Users 10, 20, 30 and items 100..105 with random factors. User 10 rated items 100 and 103 in
 * training; the test part brings item 105, which no one rated in training.
 */
function fixture() {
  const dataset = buildDataset(
    { userIds: [10, 10, 20, 30, 30], itemIds: [100, 103, 101, 102, 104], ratings: [5, 3, 4, 2, 1] },
    { userIds: [10, 20, 30], itemIds: [105, 100, 101], ratings: [1, 1, 1] },
  );
  const rng = createRng(3);
  const k = 3;
  const model = new FactorModel({
    method: "sgd",
    k,
    users: dataset.users.size,
    items: dataset.items.size,
    userFactors: rng.fillUniform(new Float64Array(dataset.users.size * k), -1, 1),
    itemFactors: rng.fillUniform(new Float64Array(dataset.items.size * k), -1, 1),
    globalMean: 0,
    userBias: null,
    itemBias: null,
  });
  const titles = new Map([
    [100, "Alpha"],
    [101, "Beta"],
  ]);
  return { recommender: Recommender.fromDataset(model, dataset, titles, { note: "test" }), model };
}

describe("Recommender", () => {
  it("recommends the user's unrated items by predicted rating, with titles where known", () => {
    const { recommender, model } = fixture();
    const picks = recommender.recommend(10, 10);
    expect(picks.map((pick) => pick.itemId).sort()).toEqual([101, 102, 104, 105]);
    for (let p = 1; p < picks.length; p++) expect(picks[p - 1].score).toBeGreaterThanOrEqual(picks[p].score);
    for (const pick of picks) {
      expect(pick.score).toBeCloseTo(model.predict(0, recommender.items.index(pick.itemId)), 14);
      expect(pick.title).toBe(pick.itemId === 101 ? "Beta" : null);
    }
    expect(recommender.recommend(10, 2)).toEqual(picks.slice(0, 2));
    expect(recommender.ratedCount(10)).toBe(2);
  });

  it("finds similar items by cosine of their factor vectors", () => {
    const { recommender, model } = fixture();
    const anchor = recommender.items.index(100);
    const v = (item: number) => model.itemFactors.subarray(item * 3, item * 3 + 3);
    const expected = Array.from({ length: model.items }, (_, item) => item)
      .filter((item) => item !== anchor)
      .map((item) => ({ item, similarity: cosine(v(anchor), v(item)) }))
      .sort((a, b) => b.similarity - a.similarity);
    const similar = recommender.similarItems(100, 3);
    expect(similar.map((entry) => entry.itemId)).toEqual(
      expected.slice(0, 3).map(({ item }) => recommender.items.id(item)),
    );
    similar.forEach((entry, rank) => {
      expect(entry.similarity).toBeCloseTo(expected[rank].similarity, 12);
    });
  });

  it("names the known id range for an unknown id", () => {
    const { recommender } = fixture();
    expect(() => recommender.recommend(11, 3)).toThrow(InvalidArgumentError);
    expect(() => recommender.recommend(11, 3)).toThrow(
      /unknown user id 11; the model knows 3 users with ids from 10 to 30/,
    );
    expect(() => recommender.similarItems(99, 3)).toThrow(/unknown item id 99/);
    expect(() => recommender.recommend(10, 0)).toThrow(/n must be an integer >= 1/);
  });
});
