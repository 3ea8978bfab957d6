import { createRng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { mostFrequentWords, wordMap } from "./plot.js";
import { WordVectors } from "./vectors.js";

/** Two clusters along one direction plus small noise: PCA's first axis must separate them. */
function clustered(): WordVectors {
  const rng = createRng(9);
  const words = Array.from({ length: 20 }, (_, i) => `word${i}`);
  const values = new Float32Array(20 * 5);
  for (let i = 0; i < 20; i++) {
    for (let d = 0; d < 5; d++) values[i * 5 + d] = 0.1 * rng.normal() + (d === 2 ? (i < 10 ? 3 : -3) : 0);
  }
  return new WordVectors(words, values, 5);
}

describe("wordMap", () => {
  it("PCA map: the most frequent words, labelled, with the clusters apart on the first axis", async () => {
    const vectors = clustered();
    const counts = Array.from({ length: 20 }, (_, i) => (i === 19 ? 100 : 20 - i));
    expect(mostFrequentWords(vectors, 3, counts)).toEqual(["word19", "word0", "word1"]);
    const map = await wordMap(vectors, { words: 12, counts });
    expect(map.words.length).toBe(12);
    expect(map.words[0]).toBe("word19");
    expect(map.method).toBe("pca");
    expect(map.explainedVarianceRatio![0]).toBeGreaterThan(0.9);
    const x = (word: string) => map.coordinates[2 * map.words.indexOf(word)]!;
    expect(Math.sign(x("word0"))).toBe(Math.sign(x("word5")));
    expect(Math.sign(x("word0"))).toBe(-Math.sign(x("word19")));
    expect(map.svg.startsWith("<svg")).toBe(true);
    for (const word of map.words) expect(map.svg).toContain(`>${word}<`);
    expect(map.svg).toContain("PC1 (");
  });

  it("t-SNE map keeps the clusters apart too", async () => {
    const map = await wordMap(clustered(), { words: 20, method: "tsne", seed: 2 });
    const distance = (a: number, b: number) =>
      Math.hypot(
        map.coordinates[2 * a]! - map.coordinates[2 * b]!,
        map.coordinates[2 * a + 1]! - map.coordinates[2 * b + 1]!,
      );
    let within = 0;
    let across = 0;
    for (let a = 0; a < 20; a++) {
      for (let b = 0; b < 20; b++) {
        if (a < 10 === b < 10) within += distance(a, b);
        else across += distance(a, b);
      }
    }
    expect(across / 200).toBeGreaterThan((2 * within) / 180);
    expect(map.svg).toContain("t-SNE 1");
  });

  it("checks its inputs", async () => {
    await expect(wordMap(clustered(), { words: 2 })).rejects.toThrow(/at least 3 words/);
    await expect(wordMap(new WordVectors(["a", "b", "c"], Float32Array.of(1, 2, 3), 1))).rejects.toThrow(
      /at least 2 dimensions/,
    );
  });
});
