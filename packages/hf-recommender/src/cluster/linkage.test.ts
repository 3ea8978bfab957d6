import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { cutTree, type Linkage, linkageFromMerges, linkageMatrix } from "./linkage.js";

/** Ward on the 1-D points 0, 1, 5, 7, worked by hand: {0,1} at 1, {5,7} at 2, then √2·5.5. */
const handLinkage: Linkage = {
  n: 4,
  left: Int32Array.from([0, 2, 4]),
  right: Int32Array.from([1, 3, 5]),
  distances: Float64Array.from([1, 2, Math.SQRT2 * 5.5]),
  sizes: Int32Array.from([2, 2, 4]),
};

describe("linkageFromMerges", () => {
  it("sorts merges by height and names clusters as scipy's label does", () => {
    const linkage = linkageFromMerges(
      4,
      Int32Array.from([1, 2, 0]),
      Int32Array.from([3, 3, 1]),
      Float64Array.from([Math.SQRT2 * 5.5, 2, 1]),
    );
    expect(linkageMatrix(linkage)).toEqual(linkageMatrix(handLinkage));
  });
});

describe("cutTree", () => {
  it("cuts into k clusters, labelled by first appearance", () => {
    expect(Array.from(cutTree(handLinkage, { clusters: 1 }))).toEqual([0, 0, 0, 0]);
    expect(Array.from(cutTree(handLinkage, { clusters: 2 }))).toEqual([0, 0, 1, 1]);
    expect(Array.from(cutTree(handLinkage, { clusters: 3 }))).toEqual([0, 0, 1, 2]);
    expect(Array.from(cutTree(handLinkage, { clusters: 4 }))).toEqual([0, 1, 2, 3]);
  });

  it("cuts at a height, keeping merges at or below it", () => {
    expect(Array.from(cutTree(handLinkage, { distance: 0.99 }))).toEqual([0, 1, 2, 3]);
    expect(Array.from(cutTree(handLinkage, { distance: 1 }))).toEqual([0, 0, 1, 2]);
    expect(Array.from(cutTree(handLinkage, { distance: 2 }))).toEqual([0, 0, 1, 1]);
    expect(Array.from(cutTree(handLinkage, { distance: 100 }))).toEqual([0, 0, 0, 0]);
  });

  it("numbers clusters by the first row in them, not by merge order", () => {
    // Rows 1 and 2 merge first; row 0 is alone until the end.
    const linkage = linkageFromMerges(
      3,
      Int32Array.from([1, 0]),
      Int32Array.from([2, 1]),
      Float64Array.from([1, 5]),
    );
    expect(Array.from(cutTree(linkage, { clusters: 2 }))).toEqual([0, 1, 1]);
  });

  it("rejects bad cuts and malformed linkages", () => {
    expect(() => cutTree(handLinkage, { clusters: 0 })).toThrow(/clusters must be an integer in \[1, 4\]/);
    expect(() => cutTree(handLinkage, { clusters: 5 })).toThrow(InvalidArgumentError);
    expect(() => cutTree(handLinkage, { distance: -1 })).toThrow(/distance must be a number ≥ 0/);
    expect(() => cutTree(handLinkage, {} as never)).toThrow(/give \{ clusters: k \} or \{ distance: h \}/);
    const reused = { ...handLinkage, right: Int32Array.from([1, 1, 5]) };
    expect(() => cutTree(reused, { clusters: 2 })).toThrow(/merge 1 refers to cluster 1/);
    const short = { ...handLinkage, distances: Float64Array.from([1, 2]) };
    expect(() => cutTree(short, { clusters: 2 })).toThrow(/distances must have n − 1 = 3 entries/);
  });
});
