import { describe, expect, it } from "vitest";
import { createTokenizer, tokenize, tokenizeSentences } from "./text.js";

describe("tokenize", () => {
  it("follows the set's load_word_list: whitespace split, non-alphanumerics deleted, lowercased", () => {
    expect(tokenize('One fish, Two fish. RED fish — blue_fish!\n"Don\'t"  sub-sub 42nd ago—never')).toEqual([
      "one",
      "fish",
      "two",
      "fish",
      "red",
      "fish",
      "bluefish",
      "dont",
      "subsub",
      "42nd",
      "agonever",
    ]);
  });

  it("keeps non-ASCII letters and digits as Python's isalnum does", () => {
    expect(tokenize("Café NAÏVE Ærø ½ x²")).toEqual(["café", "naïve", "ærø", "½", "x²"]);
  });

  it("split mode separates at punctuation; apostrophes inside words can be kept", () => {
    expect(tokenize("ago—never, the whale's 'tis o'er", { mode: "split" })).toEqual([
      "ago",
      "never",
      "the",
      "whale",
      "s",
      "tis",
      "o",
      "er",
    ]);
    expect(tokenize("the whale’s 'tis o'er ''x''", { mode: "split", keepApostrophes: true })).toEqual([
      "the",
      "whale's",
      "tis",
      "o'er",
      "x",
    ]);
    expect(tokenize("Don't 'tis whales' rock'n'roll", { keepApostrophes: true })).toEqual([
      "don't",
      "tis",
      "whales",
      "rock'n'roll",
    ]);
  });

  it("keeps case on request and takes a custom pattern", () => {
    expect(tokenize("Call me Ishmael.", { lowercase: false })).toEqual(["Call", "me", "Ishmael"]);
    expect(tokenize("abc 123 déf", { pattern: /[a-z]+/ })).toEqual(["abc", "d", "f"]);
    expect(createTokenizer({ pattern: /\d+/g })("a1b22")).toEqual(["1", "22"]);
  });

  it("rejects unknown modes", () => {
    expect(() => tokenize("x", { mode: "nope" as "split" })).toThrow(/mode must be "strip" or "split"/);
  });
});

describe("tokenizeSentences", () => {
  const text = "The cat sat.  The dog ran!\nA new line\r\n\r\nNew paragraph? Yes.";
  it("ends sentences at line breaks by default and drops empty ones", () => {
    expect(tokenizeSentences(text)).toEqual([
      ["the", "cat", "sat", "the", "dog", "ran"],
      ["a", "new", "line"],
      ["new", "paragraph", "yes"],
    ]);
  });
  it("by paragraph and by sentence", () => {
    expect(tokenizeSentences(text, { by: "paragraph" })).toEqual([
      ["the", "cat", "sat", "the", "dog", "ran", "a", "new", "line"],
      ["new", "paragraph", "yes"],
    ]);
    expect(tokenizeSentences(text, { by: "sentence" })).toEqual([
      ["the", "cat", "sat"],
      ["the", "dog", "ran"],
      ["a", "new", "line"],
      ["new", "paragraph"],
      ["yes"],
    ]);
  });
});
