import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { largestRemainderSizes, stratifiedAllocation } from "./allocation.js";

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe("largestRemainderSizes", () => {
  it("rounds quotas by largest remainder, earlier part first on ties", () => {
    expect(largestRemainderSizes(10, [0.5, 0.3, 0.2])).toEqual([5, 3, 2]);
    // 7/3 = 2.33 each: one leftover unit, to the first part.
    expect(largestRemainderSizes(7, [1 / 3, 1 / 3, 1 / 3])).toEqual([3, 2, 2]);
    // 2.5 and 7.5 tie on remainder: the first part gets the unit.
    expect(largestRemainderSizes(10, [0.25, 0.75])).toEqual([3, 7]);
    // 0.29 * 100 is 28.999999999999996 in doubles; snapped to 29, not floored to 28.
    expect(largestRemainderSizes(100, [0.29, 0.71])).toEqual([29, 71]);
    // Quotas 2.7, 0.15, 0.15: the single leftover goes to remainder 0.7.
    expect(largestRemainderSizes(3, [0.9, 0.05, 0.05])).toEqual([3, 0, 0]);
    // A zero fraction never receives a leftover unit even though it ties on remainder.
    expect(largestRemainderSizes(5, [0, 0.5, 0.5])).toEqual([0, 3, 2]);
  });

  it("sums to the total with every size within one of its quota", () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const fractions = weights.map((w) => w / sum(weights));
          const sizes = largestRemainderSizes(total, fractions);
          expect(sum(sizes)).toBe(total);
          for (let i = 0; i < sizes.length; i++)
            expect(Math.abs(sizes[i] - total * fractions[i])).toBeLessThan(1);
        },
      ),
    );
  });
});

describe("stratifiedAllocation", () => {
  it("allocates each class by largest remainder within the part sizes", () => {
    // Sizes for 100 samples at 0.7/0.15/0.15: 70, 15, 15. Quotas: a 35, 7.5, 7.5; b 21, 4.5, 4.5;
    // c 14, 3, 3. Floors leave a and b one short and parts 1 and 2 one short each; among the tied 0.5
    // remainders a takes part 1 first, so b takes part 2.
    expect(stratifiedAllocation([50, 30, 20], [70, 15, 15], [0.7, 0.15, 0.15])).toEqual([
      [35, 8, 7],
      [21, 4, 5],
      [14, 3, 3],
    ]);
  });

  it("matches scikit-learn's StratifiedShuffleSplit counts for an 87/13 class split at test size 0.2", () => {
    // Train quotas 69.6 and 10.4, test 17.4 and 2.6: the larger remainders (0.6) win, train gets 70
    // and 10, test 17 and 3 (sklearn's _approximate_mode gives the same).
    expect(stratifiedAllocation([87, 13], [80, 20], [0.8, 0.2])).toEqual([
      [70, 17],
      [10, 3],
    ]);
  });

  it("puts a class with at least one member per part into every part", () => {
    // Class 1 has 3 members for 3 parts; its quotas 2.7, 0.15, 0.15 would put all three in part 0.
    // Raised to 2, 1, 1 it has one too many, taken back from part 0. Class 0 fills the rest.
    expect(stratifiedAllocation([97, 3], [90, 5, 5], [0.9, 0.05, 0.05])).toEqual([
      [89, 4, 4],
      [1, 1, 1],
    ]);
  });

  it("moves members out of a part that the minimums overfill", () => {
    // 33 samples at 0.8/0.1/0.1 give sizes 27, 3, 3. Class 0 (3 members) is raised to 1, 1, 1; class 1
    // (30 members) has exact quotas 24, 3, 3. Parts 1 and 2 then hold 4 each, so one member of class 1
    // moves from each to part 0, the only part with room.
    expect(stratifiedAllocation([3, 30], [27, 3, 3], [0.8, 0.1, 0.1])).toEqual([
      [1, 1, 1],
      [26, 2, 2],
    ]);
  });

  it("rearranges earlier choices when largest-remainder order paints itself into a corner", () => {
    // Sizes 20, 7, 7 for classes of 13, 8, 13 at 0.6/0.2/0.2. Quotas 7.8/2.6/2.6, 4.8/1.6/1.6 and
    // 7.8/2.6/2.6 over floors 7/2/2, 4/1/1, 7/2/2. By remainder, classes 0 and 1 fill part 0 and
    // part 1 first, so greedily class 2 would get 7/2/4 (1.4 over in part 2). Instead class 0 hands
    // its part-0 place to class 2 and takes part 2, leaving every cell within 1 of its quota.
    expect(stratifiedAllocation([13, 8, 13], [20, 7, 7], [0.6, 0.2, 0.2])).toEqual([
      [7, 3, 3],
      [5, 2, 1],
      [8, 2, 3],
    ]);
  });

  it("throws when a part cannot hold one member of every class that must appear in it", () => {
    // Sizes 16, 2, 2: three classes of at least 3 members would need three places in parts 1 and 2.
    expect(() => stratifiedAllocation([6, 6, 8], [16, 2, 2], [0.8, 0.1, 0.1])).toThrow(
      /part 1 gets 2 samples, but 3 classes/,
    );
  });

  it("keeps row and column sums exact and each cell near its quota", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 5 }),
        (counts, weights) => {
          const n = sum(counts);
          const fractions = weights.map((w) => w / sum(weights));
          const sizes = largestRemainderSizes(n, fractions);
          const mustAppear = counts.filter((count) => count >= sizes.length).length;
          let allocation: number[][];
          try {
            allocation = stratifiedAllocation(counts, sizes, fractions);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidArgumentError);
            // Only thrown when some part cannot hold one member of every class that must appear.
            expect(Math.min(...sizes)).toBeLessThan(mustAppear);
            return;
          }
          // Forcing a member into a part whose quota is below 1 takes that place from other classes,
          // which may then miss their quota by more than 1; without such forcing every cell is within 1.
          const forcingBinds = counts.some(
            (count) => count >= sizes.length && fractions.some((fraction) => count * fraction < 1),
          );
          allocation.forEach((row, c) => {
            expect(sum(row)).toBe(counts[c]);
            row.forEach((cell, part) => {
              expect(cell).toBeGreaterThanOrEqual(counts[c] >= sizes.length ? 1 : 0);
              if (!forcingBinds) expect(Math.abs(cell - counts[c] * fractions[part])).toBeLessThan(1);
            });
          });
          for (let part = 0; part < sizes.length; part++) {
            expect(sum(allocation.map((row) => row[part]))).toBe(sizes[part]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
