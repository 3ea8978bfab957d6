import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { trainTestSplit } from "./train-test-split.js";

describe("trainTestSplit", () => {
  it("rounds a fractional test size up, as scikit-learn does", () => {
    // ceil(0.25 * 10) = 3; 0.3 * 10 is 3.0000000000000004 in doubles but still 3.
    expect(trainTestSplit(10, { testSize: 0.25, seed: 0 }).test).toHaveLength(3);
    expect(trainTestSplit(10, { testSize: 0.3, seed: 0 }).test).toHaveLength(3);
    const { train, test } = trainTestSplit(5574, { testSize: 0.2, seed: 0 });
    // ceil(1114.8) = 1115.
    expect([train.length, test.length]).toEqual([4459, 1115]);
  });

  it("takes a whole-number test size as a count and partitions the indices", () => {
    const { train, test } = trainTestSplit(12, { testSize: 4, seed: 9 });
    expect(test).toHaveLength(4);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it("keeps the class balance of an 87/13 ham/spam set", () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i % 8 === 0 ? "spam" : "ham"));
    expect(labels.filter((label) => label === "spam")).toHaveLength(13);
    const { train, test } = trainTestSplit(100, { testSize: 0.2, seed: 5, stratify: labels });
    const spamIn = (indices: Uint32Array) => Array.from(indices).filter((i) => labels[i] === "spam").length;
    // Quotas: train 69.6 ham / 10.4 spam, test 17.4 / 2.6; the 0.6 remainders get the leftover units.
    expect([spamIn(train), spamIn(test)]).toEqual([10, 3]);
    expect(test).toHaveLength(20);
  });

  it("is deterministic per seed and needs a seed to shuffle", () => {
    expect(trainTestSplit(50, { testSize: 0.3, seed: 4 })).toEqual(
      trainTestSplit(50, { testSize: 0.3, seed: 4 }),
    );
    expect(() => trainTestSplit(50, { testSize: 0.3 })).toThrow(InvalidArgumentError);
    const ordered = trainTestSplit(5, { testSize: 2, shuffle: false });
    expect([Array.from(ordered.train), Array.from(ordered.test)]).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it("rejects test sizes that leave a part empty or are not a fraction or count", () => {
    // 1 is a count (one sample), not the whole set.
    expect(trainTestSplit(10, { testSize: 1, seed: 1 }).test).toHaveLength(1);
    for (const testSize of [0, 10, 11, -0.2, 2.5, Number.NaN]) {
      expect(() => trainTestSplit(10, { testSize, seed: 1 })).toThrow(InvalidArgumentError);
    }
  });
});
