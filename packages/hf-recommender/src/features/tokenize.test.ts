import { describe, expect, it } from "vitest";
import { compareCodePoints } from "../data/strings.js";
import { tokenize } from "./tokenize.js";

describe("tokenize (scikit-learn's default analyzer)", () => {
  it("lowercases and keeps runs of two or more word characters", () => {
    expect(tokenize("Fill-Mask BERT_base x 2 wav2vec2 a_b ab")).toEqual([
      "fill",
      "mask",
      "bert_base",
      "wav2vec2",
      "a_b",
      "ab",
    ]);
  });

  it("treats Unicode letters and numbers as word characters and combining marks as separators", () => {
    // "²" and "Ⅷ" are numbers to Python's str.isalnum; U+0301 and the U+0307 that "İ" lowercases
    // to are combining marks, which end a word in Python's re.
    expect(tokenize("²3 Ⅷa cafe\u0301s naïve İstanbul ΟΔΟΣ")).toEqual([
      "²3",
      "ⅷa",
      "cafe",
      "naïve",
      "stanbul",
      "\u03bf\u03b4\u03bf\u03c2", // final sigma, as str.lower() writes it
    ]);
  });

  it("splits on hyphens, slashes, colons and dots", () => {
    expect(tokenize("license:apache-2.0 mozilla-foundation/common_voice_6_0")).toEqual([
      "license",
      "apache",
      "mozilla",
      "foundation",
      "common_voice_6_0",
    ]);
  });

  it("returns nothing for text without a two-character word", () => {
    expect(tokenize("a - b / 1")).toEqual([]);
    expect(tokenize("")).toEqual([]);
  });
});

describe("compareCodePoints", () => {
  it("sorts as Python sorts str: by code point, astral characters after the whole BMP", () => {
    const words = ["\u{1F600}x", "\uFF41", "b", "a", "ab", "B"];
    expect([...words].sort(compareCodePoints)).toEqual(["B", "a", "ab", "b", "\uFF41", "\u{1F600}x"]);
    // JavaScript's default order compares UTF-16 units and gets the last two the other way round.
    expect([...words].sort()).toEqual(["B", "a", "ab", "b", "\u{1F600}x", "\uFF41"]);
  });
});
