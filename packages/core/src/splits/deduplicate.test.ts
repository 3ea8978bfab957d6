import { describe, expect, it } from "vitest";
import { deduplicate } from "./deduplicate.js";
import { take } from "./take.js";

describe("deduplicate", () => {
  it("keeps the first occurrence of each item in original order", () => {
    const texts = ["ok lar", "free entry", "ok lar", "call me", "free entry", "ok lar"];
    const { indices, duplicates } = deduplicate(texts);
    expect(Array.from(indices)).toEqual([0, 1, 3]);
    expect(duplicates).toBe(3);
    expect(take(texts, indices)).toEqual(["ok lar", "free entry", "call me"]);
  });

  it("compares by a key function", () => {
    const rows = [
      { label: "ham", text: "Hi" },
      { label: "spam", text: "WIN" },
      { label: "ham", text: "hi" },
    ];
    const { indices, duplicates } = deduplicate(rows, (row) => row.text.toLowerCase());
    expect(Array.from(indices)).toEqual([0, 1]);
    expect(duplicates).toBe(1);
  });

  it("treats NaN as equal to NaN and 0 as equal to -0, like Map keys", () => {
    expect(Array.from(deduplicate([Number.NaN, 0, Number.NaN, -0, 1]).indices)).toEqual([0, 1, 4]);
  });

  it("handles empty input", () => {
    const { indices, duplicates } = deduplicate([]);
    expect(indices).toHaveLength(0);
    expect(duplicates).toBe(0);
  });
});
