import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { detectIndexBase, IdMap } from "./id-map.js";

describe("detectIndexBase", () => {
  it("reports 0, 1, or null when the smallest id is anything else", () => {
    expect(detectIndexBase([3, 0, 2])).toBe(0);
    expect(detectIndexBase([5, 1], [2])).toBe(1);
    expect(detectIndexBase([7, 9], [4])).toBeNull();
    expect(detectIndexBase([2], [0])).toBe(0);
  });
});

describe("IdMap", () => {
  it("numbers distinct ids densely in ascending order and maps back", () => {
    const map = IdMap.fromIds([30, 10, 30], [20, 10]);
    expect(Array.from(map.ids)).toEqual([10, 20, 30]);
    expect(map.size).toBe(3);
    expect([map.index(10), map.index(20), map.index(30)]).toEqual([0, 1, 2]);
    expect([map.id(0), map.id(1), map.id(2)]).toEqual([10, 20, 30]);
    expect(Array.from(map.indicesOf([30, 15, 10, 99, 5]))).toEqual([2, -1, 0, -1, -1]);
  });

  it("maps 1..n to 0..n-1, as MovieLens ids become rows", () => {
    const map = IdMap.fromIds(Int32Array.from({ length: 943 }, (_, i) => 943 - i));
    for (const id of [1, 500, 943]) expect(map.index(id)).toBe(id - 1);
  });

  it("gives the same answers through its Map when ids span more than a lookup table holds", () => {
    const ids = [0, 7, 2 ** 30, 2 ** 31 - 1];
    const map = IdMap.fromIds(ids);
    ids.forEach((id, index) => {
      expect(map.index(id)).toBe(index);
      expect(map.id(index)).toBe(id);
    });
    expect(map.index(8)).toBe(-1);
  });

  it("rejects ids that are not non-negative 32-bit integers, and out-of-range indices", () => {
    expect(() => IdMap.fromIds([1, -2])).toThrow(InvalidArgumentError);
    expect(() => IdMap.fromIds([1.5])).toThrow(InvalidArgumentError);
    expect(() => IdMap.fromIds([2 ** 31])).toThrow(InvalidArgumentError);
    expect(() => IdMap.fromIds([1, 2]).id(2)).toThrow(/outside 0..1/);
  });

  it("fromSortedIds insists on strictly ascending ids", () => {
    expect(IdMap.fromSortedIds([1, 4, 9]).index(4)).toBe(1);
    expect(() => IdMap.fromSortedIds([1, 4, 4])).toThrow(/strictly ascending/);
    expect(() => IdMap.fromSortedIds([-1, 4])).toThrow(/non-negative/);
  });
});
