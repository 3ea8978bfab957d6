import { createRng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { boundedEditDistance, UnknownWordError, WordVectors } from "./vectors.js";

function randomVectors(size: number, dim: number, seed = 1): WordVectors {
  const rng = createRng(seed);
  const words = Array.from({ length: size }, (_, i) => `w${i}`);
  const values = new Float32Array(size * dim);
  for (let i = 0; i < values.length; i++) values[i] = rng.normal();
  return new WordVectors(words, values, dim);
}

function cosineOf(v: WordVectors, i: number, j: number): number {
  let dot = 0;
  let a = 0;
  let b = 0;
  for (let d = 0; d < v.dim; d++) {
    const x = v.vectors[i * v.dim + d]!;
    const y = v.vectors[j * v.dim + d]!;
    dot += x * y;
    a += x * x;
    b += y * y;
  }
  return dot / Math.sqrt(a * b);
}

describe("WordVectors", () => {
  const vectors = randomVectors(60, 8);

  it("similarity is the cosine, symmetric", () => {
    expect(vectors.similarity("w3", "w7")).toBeCloseTo(cosineOf(vectors, 3, 7), 12);
    expect(vectors.similarity("w7", "w3")).toBe(vectors.similarity("w3", "w7"));
    expect(vectors.similarity("w5", "w5")).toBeCloseTo(1, 12);
  });

  it("mostSimilar agrees with a brute-force ranking and leaves the word out", () => {
    const got = vectors.mostSimilar("w10", 5);
    const expected = vectors.words
      .map((word, j) => ({ word, similarity: cosineOf(vectors, 10, j) }))
      .filter((entry) => entry.word !== "w10")
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 5);
    expect(got.map((entry) => entry.word)).toEqual(expected.map((entry) => entry.word));
    got.forEach((entry, t) => {
      expect(entry.similarity).toBeCloseTo(expected[t]!.similarity, 10);
    });
  });

  it("analogy is 3CosAdd over unit vectors, excluding the three query words", () => {
    const unit = (i: number) => {
      const row = Array.from(vectors.vectors.subarray(i * 8, i * 8 + 8));
      const norm = Math.hypot(...row);
      return row.map((x) => x / norm);
    };
    const [a, b, c] = [unit(1), unit(2), unit(3)];
    const target = a.map((_, d) => b[d]! - a[d]! + c[d]!);
    const targetNorm = Math.hypot(...target);
    const expected = vectors.words
      .map((word, j) => ({
        word,
        similarity: unit(j).reduce((sum, x, d) => sum + x * target[d]!, 0) / targetNorm,
      }))
      .filter((entry) => !["w1", "w2", "w3"].includes(entry.word))
      .sort((x, y) => y.similarity - x.similarity)
      .slice(0, 4);
    const got = vectors.analogy("w1", "w2", "w3", 4);
    expect(got.map((entry) => entry.word)).toEqual(expected.map((entry) => entry.word));
    got.forEach((entry, t) => {
      expect(entry.similarity).toBeCloseTo(expected[t]!.similarity, 10);
    });
  });

  it("topPairs('all') equals sorting every ordered pair, both orders listed", () => {
    const all: { a: string; b: string; similarity: number; i: number; j: number }[] = [];
    for (let i = 0; i < vectors.size; i++) {
      for (let j = 0; j < vectors.size; j++) {
        if (i !== j) all.push({ a: `w${i}`, b: `w${j}`, similarity: cosineOf(vectors, i, j), i, j });
      }
    }
    all.sort((x, y) => y.similarity - x.similarity || x.i - y.i || x.j - y.j);
    const got = vectors.topPairs(30);
    expect(got.map((pair) => `${pair.a},${pair.b}`)).toEqual(
      all.slice(0, 30).map((pair) => `${pair.a},${pair.b}`),
    );
    for (let t = 0; t < 30; t += 2) {
      expect(got[t]!.a).toBe(got[t + 1]!.b);
      expect(got[t]!.similarity).toBe(got[t + 1]!.similarity);
    }
  });

  it("topPairs('nearest') is set 5's most_similar_pairs: each word's nearest word, sorted", () => {
    const nearest = vectors.words.map((word, i) => {
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < vectors.size; j++) {
        if (j !== i && cosineOf(vectors, i, j) > bestScore) {
          bestScore = cosineOf(vectors, i, j);
          best = j;
        }
      }
      return { a: word, b: `w${best}`, similarity: bestScore, i };
    });
    nearest.sort((x, y) => y.similarity - x.similarity || x.i - y.i);
    const got = vectors.topPairs(vectors.size, { mode: "nearest" });
    expect(got.map((pair) => `${pair.a},${pair.b}`)).toEqual(nearest.map((pair) => `${pair.a},${pair.b}`));
  });

  it("an unknown word is one error naming it, with near spellings", () => {
    const words = new WordVectors(["whale", "whales", "ship", "wheel"], new Float32Array(8).fill(1), 2);
    expect(() => words.mostSimilar("whael")).toThrow(UnknownWordError);
    expect(() => words.mostSimilar("whael")).toThrow(
      '"whael" is not in the vocabulary; did you mean "wheel", "whale", "whales"?',
    );
    expect(() => words.similarity("ship", "zzzzzz")).toThrow(/^"zzzzzz" is not in the vocabulary$/);
    expect(() => words.analogy("ship", "whale", "boat")).toThrow(/"boat" is not in the vocabulary/);
  });

  it("checks its inputs", () => {
    expect(() => new WordVectors(["a", "a"], new Float32Array(2), 1)).toThrow(/appears twice/);
    expect(() => new WordVectors(["a", "b"], new Float32Array(3), 1)).toThrow(/need 2 values, got 3/);
    expect(() => vectors.mostSimilar("w1", 0)).toThrow(/n must be a positive integer/);
    expect(() => vectors.nearestToVector([1, 2], 3)).toThrow(/must have 8 values/);
  });

  it("bounded edit distance", () => {
    expect(boundedEditDistance("kitten", "sitting", 5)).toBe(3);
    expect(boundedEditDistance("kitten", "sitting", 2)).toBe(3);
    expect(boundedEditDistance("", "ab", 2)).toBe(2);
    expect(boundedEditDistance("naïve", "naive", 2)).toBe(1);
  });
});
