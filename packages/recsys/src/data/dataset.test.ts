import { describe, expect, it } from "vitest";
import { temporaryFolder, writeFixture } from "../test-support/files.js";
import {
  buildDataset,
  commonIndexBase,
  datasetShape,
  holdOutDataset,
  loadRatingsDataset,
} from "./dataset.js";

describe("buildDataset", () => {
  it("numbers train and test ids together, as the notebook sizes U and V over both", () => {
    const dataset = buildDataset(
      { userIds: [1, 2, 2], itemIds: [10, 10, 30], ratings: [5, 4, 3] },
      { userIds: [3, 1], itemIds: [20, 30], ratings: [2, 1] },
    );
    expect(Array.from(dataset.users.ids)).toEqual([1, 2, 3]);
    expect(Array.from(dataset.items.ids)).toEqual([10, 20, 30]);
    expect(datasetShape(dataset)).toEqual({ users: 3, items: 3 });
    expect(Array.from(dataset.train.user)).toEqual([0, 1, 1]);
    expect(Array.from(dataset.train.item)).toEqual([0, 0, 2]);
    expect(Array.from(dataset.test!.user)).toEqual([2, 0]);
    expect(Array.from(dataset.test!.item)).toEqual([1, 2]);
    expect(dataset.indexBase).toEqual({ users: 1, items: null });
    expect(commonIndexBase(dataset)).toBeNull();
    // User 3 and item 20 appear only in the test part.
    expect(dataset.coldTestRatings).toBe(1);
  });

  it("detects 0-based ids", () => {
    const dataset = buildDataset({ userIds: [0, 1], itemIds: [1, 0], ratings: [1, 2] });
    expect(commonIndexBase(dataset)).toBe(0);
    expect(dataset.test).toBeNull();
  });

  it("rejects columns of different lengths", () => {
    expect(() => buildDataset({ userIds: [1, 2], itemIds: [1], ratings: [1, 2] })).toThrow(/same length/);
  });
});

describe("holdOutDataset", () => {
  it("holds out ceil(n × fraction) ratings, the same ones for the same seed", () => {
    const n = 101;
    const all = {
      userIds: Array.from({ length: n }, (_, t) => 1 + (t % 7)),
      itemIds: Array.from({ length: n }, (_, t) => 1 + (t % 11)),
      ratings: Array.from({ length: n }, (_, t) => 1 + (t % 5)),
    };
    const first = holdOutDataset(all, { testFraction: 0.2, seed: 4 });
    const again = holdOutDataset(all, { testFraction: 0.2, seed: 4 });
    const other = holdOutDataset(all, { testFraction: 0.2, seed: 5 });
    expect(first.test!.rating).toHaveLength(21);
    expect(first.train.rating).toHaveLength(80);
    expect(again.test).toEqual(first.test);
    expect(other.test).not.toEqual(first.test);
    // Every rating lands in exactly one part: the multiset of (user, item, rating) is preserved.
    const key = (u: number, i: number, r: number) => `${u}/${i}/${r}`;
    const seen = [first.train, first.test!].flatMap((part) =>
      Array.from(part.rating, (r, t) => key(part.user[t], part.item[t], r)),
    );
    const expected = all.ratings.map((r, t) => key(all.userIds[t] - 1, all.itemIds[t] - 1, r));
    expect(seen.sort()).toEqual(expected.sort());
  });
});

describe("loadRatingsDataset", () => {
  const folder = temporaryFolder("dataset");
  const train = writeFixture(folder, "train.txt", "1\t1\t5\n1\t2\t3\n2\t1\t4\n2\t3\t2\n3\t2\t1\n");
  const test = writeFixture(folder, "test.txt", "3\t3\t4\r\n");

  it("pairs a train file with a test file", async () => {
    const dataset = await loadRatingsDataset(train, test);
    expect(dataset.heldOut).toBe(false);
    expect(dataset.train.rating).toHaveLength(5);
    expect(Array.from(dataset.test!.rating)).toEqual([4]);
    expect(commonIndexBase(dataset)).toBe(1);
  });

  it("holds out a fraction of the train file when there is no test file", async () => {
    const dataset = await loadRatingsDataset(train, null, { testFraction: 0.4, seed: 1 });
    expect(dataset.heldOut).toBe(true);
    expect(dataset.test!.rating).toHaveLength(2);
    expect(dataset.train.rating).toHaveLength(3);
  });
});
