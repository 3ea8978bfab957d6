import { Rng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { TopKHeaps } from "./top-k-heaps.js";

describe("TopKHeaps", () => {
  it("keeps the k best of many offers per row, ties going to the lower tie order", () => {
    const rng = new Rng(5);
    const rows = 6;
    const ids = 200;
    const k = 7;
    // A shuffled tie order, so "lower id wins" would be the wrong answer.
    const tieOrder = Int32Array.from(rng.permutation(ids));
    const heaps = new TopKHeaps(rows, k, tieOrder);
    const offered: { key: number; id: number }[][] = Array.from({ length: rows }, () => []);
    for (let id = 0; id < ids; id++) {
      for (let row = 0; row < rows; row++) {
        // Few distinct keys: ties everywhere, including at the k-th place.
        const key = rng.int(5) / 4;
        heaps.offer(row, key, id);
        offered[row]!.push({ key, id });
      }
    }
    for (let row = 0; row < rows; row++) {
      heaps.sortRow(row);
      const expected = offered[row]!.sort((a, b) => b.key - a.key || tieOrder[a.id]! - tieOrder[b.id]!).slice(
        0,
        k,
      );
      expect(Array.from(heaps.ids.subarray(row * k, row * k + k))).toEqual(expected.map((entry) => entry.id));
      expect(Array.from(heaps.keys.subarray(row * k, row * k + k))).toEqual(
        expected.map((entry) => entry.key),
      );
      expect(heaps.size(row)).toBe(k);
    }
  });

  it("sorts partly filled rows and restores heap order after keys change", () => {
    const heaps = new TopKHeaps(1, 5, Int32Array.from([0, 1, 2, 3, 4]));
    heaps.offer(0, 0.2, 3);
    heaps.offer(0, 0.9, 1);
    heaps.offer(0, 0.5, 4);
    expect(heaps.size(0)).toBe(3);
    // Rewrite keys out of heap order, as the Euclidean re-summing does.
    heaps.keys[0] = 0.95;
    heaps.reheapRow(0);
    heaps.sortRow(0);
    expect(Array.from(heaps.keys.subarray(0, 3))).toEqual([0.95, 0.9, 0.5]);
    expect(Array.from(heaps.ids.subarray(0, 3))).toEqual([3, 1, 4]);
  });

  it("reports whether a candidate beats the worst kept", () => {
    const heaps = new TopKHeaps(1, 2, Int32Array.from([0, 1, 2, 3]));
    heaps.offer(0, 0.5, 2);
    heaps.offer(0, 0.7, 0);
    expect(heaps.beatsWorst(0, 0.5, 1)).toBe(true);
    expect(heaps.beatsWorst(0, 0.5, 3)).toBe(false);
    expect(heaps.beatsWorst(0, 0.6, 3)).toBe(true);
  });
});
