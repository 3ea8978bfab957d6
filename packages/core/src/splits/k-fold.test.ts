import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { kFold } from "./k-fold.js";

describe("kFold", () => {
  it("test folds partition 0..n-1 and each train set is the complement", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 200 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 2, max: n }))),
        fc.integer(),
        ([n, k], seed) => {
          const folds = kFold(n, k, { seed });
          expect(folds).toHaveLength(k);
          const inTest = new Uint8Array(n);
          for (const { train, test } of folds) {
            for (const index of test) inTest[index]++;
            const combined = [...train, ...test].sort((a, b) => a - b);
            expect(combined).toEqual(Array.from({ length: n }, (_, i) => i));
            expect(test.length === Math.floor(n / k) || test.length === Math.ceil(n / k)).toBe(true);
          }
          expect(inTest.every((count) => count === 1)).toBe(true);
        },
      ),
    );
  });

  it("gives contiguous folds, larger ones first, without shuffling (as scikit-learn's KFold)", () => {
    const folds = kFold(10, 3, { shuffle: false });
    expect(folds.map(({ test }) => Array.from(test))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(Array.from(folds[1].train)).toEqual([0, 1, 2, 3, 7, 8, 9]);
  });

  it("stratifies: 6 of class a and 3 of class b give every fold 2 a and 1 b", () => {
    const labels = ["a", "a", "a", "a", "a", "a", "b", "b", "b"];
    for (const { test } of kFold(9, 3, { seed: 8, stratify: labels })) {
      expect(Array.from(test, (i) => labels[i]).sort()).toEqual(["a", "a", "b"]);
    }
  });

  it("is deterministic per seed and rejects k outside [2, n]", () => {
    expect(kFold(20, 4, { seed: 3 })).toEqual(kFold(20, 4, { seed: 3 }));
    expect(kFold(20, 4, { seed: 3 })[0].test).not.toEqual(kFold(20, 4, { seed: 4 })[0].test);
    for (const k of [1, 21, 2.5]) expect(() => kFold(20, k, { seed: 1 })).toThrow(InvalidArgumentError);
  });
});
