import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { AliasTable, createAliasTable } from "./alias-table.js";
import { createRng } from "./rng.js";

describe("createAliasTable", () => {
  it("encodes exactly the normalized weights", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (weights) => {
          const total = weights.reduce((sum, w) => sum + w, 0);
          fc.pre(total > 0);
          const probabilities = createAliasTable(weights).probabilities();
          for (let i = 0; i < weights.length; i++) {
            expect(Math.abs(probabilities[i] - weights[i] / total)).toBeLessThan(1e-12);
          }
        },
      ),
    );
  });

  it("draws with frequencies matching the weights over 1e5 draws", () => {
    const weights = [5, 1, 0, 2, 8, 4];
    const table = createAliasTable(weights);
    const draws = table.fill(createRng(1), new Uint32Array(100_000));
    const counts = new Float64Array(weights.length);
    for (const index of draws) counts[index]++;
    expect(counts[2]).toBe(0);
    // Expected counts are 1e5 * w / 20; 18.47 is the 0.999 quantile of chi-square with 4 degrees of freedom.
    let statistic = 0;
    for (const i of [0, 1, 3, 4, 5]) {
      const expected = (100_000 * weights[i]) / 20;
      statistic += (counts[i] - expected) ** 2 / expected;
    }
    expect(statistic).toBeLessThan(18.47);
  });

  it("is deterministic for a seed and always returns the only positive outcome", () => {
    const table = new AliasTable([0.2, 0.3, 0.5]);
    const first = table.fill(createRng(4), new Int32Array(100));
    const second = table.fill(createRng(4), new Int32Array(100));
    expect(first).toEqual(second);
    const single = createAliasTable([0, 0, 7, 0]);
    const rng = createRng(3);
    for (let i = 0; i < 1000; i++) expect(single.sample(rng)).toBe(2);
  });

  it("rejects weights that are not a distribution", () => {
    for (const weights of [[], [0], [1, -0.5], [Number.NaN], [1, Number.POSITIVE_INFINITY]]) {
      expect(() => createAliasTable(weights)).toThrow(InvalidArgumentError);
    }
  });
});
