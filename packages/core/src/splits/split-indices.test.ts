import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { createRng } from "../random/rng.js";
import { splitIndices } from "./split-indices.js";

function expectPartition(parts: Uint32Array[], n: number): void {
  const seen = new Uint8Array(n);
  for (const part of parts) {
    for (const index of part) {
      expect(index).toBeLessThan(n);
      expect(seen[index]).toBe(0);
      seen[index] = 1;
    }
  }
  expect(parts.reduce((total, part) => total + part.length, 0)).toBe(n);
}

/** Labels with the given number of members per class, interleaved so classes are not contiguous. */
function interleavedLabels(counts: Record<string, number>): string[] {
  const remaining = { ...counts };
  const labels: string[] = [];
  while (Object.values(remaining).some((count) => count > 0)) {
    for (const label of Object.keys(remaining)) {
      if (remaining[label] > 0) {
        labels.push(label);
        remaining[label]--;
      }
    }
  }
  return labels;
}

function countsPerPart(parts: Uint32Array[], labels: readonly string[]): Record<string, number>[] {
  return parts.map((part) => {
    const counts: Record<string, number> = {};
    for (const index of part) counts[labels[index]] = (counts[labels[index]] ?? 0) + 1;
    return counts;
  });
}

const ratiosArbitrary = fc
  .array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 })
  .map((weights) => weights.map((w) => w / weights.reduce((total, x) => total + x, 0)));

describe("splitIndices", () => {
  it("partitions 0..n-1 into parts of largest-remainder size", () => {
    fc.assert(
      fc.property(fc.nat(500), ratiosArbitrary, fc.integer(), fc.boolean(), (n, ratios, seed, shuffle) => {
        const parts = splitIndices(n, ratios, { seed, shuffle });
        expect(parts).toHaveLength(ratios.length);
        expectPartition(parts, n);
        for (let i = 0; i < parts.length; i++)
          expect(Math.abs(parts[i].length - n * ratios[i])).toBeLessThan(1);
      }),
    );
  });

  it("gives sizes 7/2/1 for 10 samples at 0.7/0.2/0.1 and contiguous parts without shuffling", () => {
    const parts = splitIndices(10, [0.7, 0.2, 0.1], { shuffle: false });
    expect(parts.map((part) => Array.from(part))).toEqual([[0, 1, 2, 3, 4, 5, 6], [7, 8], [9]]);
  });

  it("is deterministic per seed and differs between seeds", () => {
    const first = splitIndices(200, [0.8, 0.2], { seed: 1 });
    expect(splitIndices(200, [0.8, 0.2], { seed: 1 })).toEqual(first);
    expect(splitIndices(200, [0.8, 0.2], { seed: 2 })[1]).not.toEqual(first[1]);
    // An rng seeded the same way draws the same split.
    expect(splitIndices(200, [0.8, 0.2], { rng: createRng(1) })).toEqual(first);
  });

  it("keeps every class's proportion in every part", () => {
    const labels = interleavedLabels({ a: 50, b: 30, c: 20 });
    const parts = splitIndices(100, [0.7, 0.15, 0.15], { seed: 3, stratify: labels });
    expectPartition(parts, 100);
    // Class quotas a 35/7.5/7.5, b 21/4.5/4.5, c 14/3/3 within part sizes 70/15/15; see allocation.test.ts.
    expect(countsPerPart(parts, labels)).toEqual([
      { a: 35, b: 21, c: 14 },
      { a: 8, b: 4, c: 3 },
      { a: 7, b: 5, c: 3 },
    ]);
    // Parts are filled class by class, then shuffled so the classes are mixed.
    expect(Array.from(parts[0], (i) => labels[i]).join("")).not.toMatch(/^a+b+c+$/);
  });

  it("stratifies skewed random label sets, each class within one member of its quota", () => {
    const skewedLabel = fc.oneof(
      { arbitrary: fc.constant("ham"), weight: 20 },
      { arbitrary: fc.constant("spam"), weight: 3 },
      { arbitrary: fc.constant("other"), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(skewedLabel, { minLength: 30, maxLength: 300 }), fc.integer(), (labels, seed) => {
        const ratios = [0.6, 0.2, 0.2];
        const parts = splitIndices(labels.length, ratios, { seed, stratify: labels });
        expectPartition(parts, labels.length);
        const perPart = countsPerPart(parts, labels);
        const totals = new Map<string, number>();
        for (const label of labels) totals.set(label, (totals.get(label) ?? 0) + 1);
        // A class of 3 or 4 is forced into parts whose quota (0.2 * total) is below 1, taking places
        // other classes would get; only without that is every class within one of its quota.
        const forcingBinds = [...totals.values()].some((total) => total >= 3 && total < 5);
        for (const [label, total] of totals) {
          perPart.forEach((counts, p) => {
            const count = counts[label] ?? 0;
            if (total >= 3) expect(count).toBeGreaterThan(0);
            if (!forcingBinds) expect(Math.abs(count - total * ratios[p])).toBeLessThan(1);
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("stratifies without shuffling by taking each class's members in order", () => {
    const labels = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    const [first, second] = splitIndices(10, [0.6, 0.4], { shuffle: false, stratify: labels });
    expect(Array.from(first)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(second)).toEqual([6, 7, 8, 9]);
  });

  it("rejects bad ratios and options with a reason", () => {
    expect(() => splitIndices(10, [0.5, 0.4], { seed: 1 })).toThrow(/sum to 1/);
    expect(() => splitIndices(10, [1.5, -0.5], { seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => splitIndices(10, [], { seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => splitIndices(10, [0.5, 0.5], {})).toThrow(/needs `seed` or `rng`/);
    expect(() => splitIndices(10, [0.5, 0.5], { seed: 1, rng: createRng(1) })).toThrow(/not both/);
    expect(() => splitIndices(10, [0.5, 0.5], { seed: 1, stratify: [1, 2] })).toThrow(
      /2 labels for 10 samples/,
    );
    expect(() => splitIndices(2.5, [1], { seed: 1 })).toThrow(InvalidArgumentError);
  });
});
