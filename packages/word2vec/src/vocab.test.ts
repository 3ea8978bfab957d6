import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { buildVocabulary, encodeTokens, vocabularyFromCounts } from "./vocab.js";

describe("buildVocabulary", () => {
  const tokens = "b a c a b d a c e e".split(" ");

  it("orders by count descending, ties by first occurrence", () => {
    const vocab = buildVocabulary(tokens);
    // a:3, b:2, c:2, e:2, d:1; b, c, e tie and appear in that order.
    expect(vocab.words).toEqual(["a", "b", "c", "e", "d"]);
    expect(Array.from(vocab.counts)).toEqual([3, 2, 2, 2, 1]);
    expect(vocab.totalCount).toBe(10);
    for (const [id, word] of vocab.words.entries()) expect(vocab.index.get(word)).toBe(id);
  });

  it("applies minCount and maxSize and counts only the kept tokens", () => {
    const min2 = buildVocabulary(tokens, { minCount: 2 });
    expect(min2.words).toEqual(["a", "b", "c", "e"]);
    expect(min2.totalCount).toBe(9);
    const top2 = buildVocabulary(tokens, { maxSize: 2 });
    expect(top2.words).toEqual(["a", "b"]);
    expect(top2.totalCount).toBe(5);
    expect(top2.index.has("c")).toBe(false);
  });

  it("rejects bad options with a clear error", () => {
    expect(() => buildVocabulary(tokens, { minCount: -1 })).toThrow(InvalidArgumentError);
    expect(() => buildVocabulary(tokens, { maxSize: 0 })).toThrow(/maxSize/);
    expect(() => buildVocabulary(tokens, { maxSize: 2.5 })).toThrow(/maxSize/);
  });

  it("handles an empty corpus", () => {
    const vocab = buildVocabulary([]);
    expect(vocab.words).toEqual([]);
    expect(vocab.totalCount).toBe(0);
  });
});

describe("vocabularyFromCounts", () => {
  it("sorts by count, keeps entry order on ties and sums repeated words", () => {
    const vocab = vocabularyFromCounts([
      ["x", 4],
      ["y", 7],
      ["z", 4],
      ["x", 1],
    ]);
    expect(vocab.words).toEqual(["y", "x", "z"]);
    expect(Array.from(vocab.counts)).toEqual([7, 5, 4]);
    expect(vocab.totalCount).toBe(16);
  });

  it("rejects negative and non-finite counts", () => {
    expect(() => vocabularyFromCounts([["x", -1]])).toThrow(/"x"/);
    expect(() => vocabularyFromCounts([["x", Number.NaN]])).toThrow(InvalidArgumentError);
  });
});

describe("encodeTokens", () => {
  it("maps to ids and drops out-of-vocabulary tokens", () => {
    const vocab = buildVocabulary("a a b c".split(" "), { minCount: 2 });
    expect(Array.from(encodeTokens("c a b a z".split(" "), vocab))).toEqual([0, 0]);
    const full = buildVocabulary("a a b c".split(" "));
    expect(Array.from(encodeTokens("c a b a z".split(" "), full))).toEqual([2, 0, 1, 0]);
  });

  it("grows past its initial buffer", () => {
    const tokens = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? "p" : "q"));
    const vocab = buildVocabulary(tokens);
    const ids = encodeTokens(tokens, vocab);
    expect(ids.length).toBe(5000);
    expect(ids[0]).toBe(vocab.index.get("p"));
    expect(ids[4999]).toBe(vocab.index.get(tokens[4999]!));
  });
});
