import { createRng, InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import {
  buildHuffmanTree,
  codeLengths,
  expectedCodeLength,
  type HuffmanTree,
  huffmanCode,
} from "./huffman.js";

/** The optimal expected code length by the identity sum(weights * depths) = sum of all merge costs. */
function optimalWeightedLength(counts: readonly number[]): number {
  const queue = [...counts];
  let cost = 0;
  while (queue.length > 1) {
    queue.sort((a, b) => a - b);
    const merged = queue.shift()! + queue.shift()!;
    cost += merged;
    queue.push(merged);
  }
  return cost;
}

function checkTree(tree: HuffmanTree, counts: readonly number[]): void {
  const size = counts.length;
  const lengths = codeLengths(tree);
  const codes = Array.from({ length: size }, (_, w) => huffmanCode(tree, w));
  // Kraft equality: a full binary tree's leaves satisfy sum 2^-len = 1.
  if (size > 1) expect(lengths.reduce((sum, len) => sum + 2 ** -len, 0)).toBeCloseTo(1, 12);
  // Prefix-free.
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      if (a !== b) expect(codes[b]!.startsWith(codes[a]!)).toBe(false);
    }
  }
  // A more frequent word never has a longer code.
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      if (counts[a]! > counts[b]!) expect(lengths[a]).toBeLessThanOrEqual(lengths[b]!);
    }
  }
  // Points: the root (V-2) first, every inner node id in range, and consistent: two words that share
  // a code prefix share the inner nodes along it, and an inner node decides the same depth everywhere.
  const nodeAtPrefix = new Map<string, number>();
  for (let w = 0; w < size; w++) {
    const start = tree.codeOffsets[w]!;
    for (let k = 0; k < lengths[w]!; k++) {
      const point = tree.points[start + k]!;
      expect(point).toBeGreaterThanOrEqual(0);
      expect(point).toBeLessThanOrEqual(size - 2);
      if (k === 0) expect(point).toBe(size - 2);
      const prefix = codes[w]!.slice(0, k);
      const seen = nodeAtPrefix.get(prefix);
      if (seen === undefined) nodeAtPrefix.set(prefix, point);
      else expect(seen).toBe(point);
    }
  }
  // Every inner node appears (a full tree with V leaves has V-1 inner nodes).
  if (size > 1) expect(new Set(nodeAtPrefix.values()).size).toBe(size - 1);
  expect(tree.maxDepth).toBe(size > 0 ? Math.max(...lengths) : 0);
  // Optimality.
  const weighted = counts.reduce((sum, c, w) => sum + c * lengths[w]!, 0);
  expect(weighted).toBeCloseTo(optimalWeightedLength(counts), 9);
}

describe("buildHuffmanTree", () => {
  it("builds an optimal code for the set's problem 3B frequencies", () => {
    const words = ["do", "you", "know", "the", "way", "of", "devil", "queen"];
    const counts = [18, 4, 7, 20, 9, 4, 5, 6];
    const tree = buildHuffmanTree(counts);
    checkTree(tree, counts);
    // 18+20 dominate: "do" and "the" sit at depth 2, the rarest words deeper.
    const lengths = codeLengths(tree);
    expect(lengths[words.indexOf("the")]).toBe(2);
    expect(lengths[words.indexOf("do")]).toBe(2);
    // Optimum by merge costs: 4+4=8, 5+6=11, 7+8=15, 9+11=20, 15+18=33, 20+20=40, 33+40=73 -> 200.
    expect(expectedCodeLength(tree, counts)).toBeCloseTo(200 / 73, 12);
  });

  it("matches word2vec.c's tree for a descending vocabulary", () => {
    // Worked by hand with word2vec.c's CreateBinaryTree for counts 5,3,2,1 (V=4):
    // merge 0 (node 4) = leaf3(1) + leaf2(2) = 3, bits 0/1;
    // merge 1 (node 5): leaf1(3) vs node4(3) tie -> node4 first, then leaf1; bits 0/1;
    // merge 2 (node 6, root) = leaf0(5) + node5(6).
    const tree = buildHuffmanTree([5, 3, 2, 1]);
    expect([0, 1, 2, 3].map((w) => huffmanCode(tree, w))).toEqual(["0", "11", "101", "100"]);
    expect(Array.from(tree.points.subarray(tree.codeOffsets[3]!, tree.codeOffsets[4]!))).toEqual([2, 1, 0]);
    expect(Array.from(tree.points.subarray(tree.codeOffsets[1]!, tree.codeOffsets[2]!))).toEqual([2, 1]);
  });

  it("does not depend on the order of the counts beyond the documented tie rule", () => {
    const counts = [3, 9, 1, 4, 4, 12];
    const permuted = [12, 9, 4, 4, 3, 1];
    const a = codeLengths(buildHuffmanTree(counts));
    const b = codeLengths(buildHuffmanTree(permuted));
    expect(Array.from(a).sort()).toEqual(Array.from(b).sort());
    expect(a[5]).toBe(b[0]);
  });

  it("satisfies Kraft, prefix-freeness, monotonicity and optimality on random counts", () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 60; trial++) {
      const size = 1 + rng.int(40);
      const counts = Array.from({ length: size }, () => (rng.uniform() < 0.3 ? rng.int(4) : rng.int(1000)));
      checkTree(buildHuffmanTree(counts), counts);
    }
  });

  it("gives one word an empty code and two words one bit each", () => {
    const one = buildHuffmanTree([42]);
    expect(one.codes.length).toBe(0);
    expect(huffmanCode(one, 0)).toBe("");
    expect(one.maxDepth).toBe(0);
    const two = buildHuffmanTree([1, 5]);
    expect([huffmanCode(two, 0), huffmanCode(two, 1)].sort()).toEqual(["0", "1"]);
    expect(Array.from(two.points)).toEqual([0, 0]);
  });

  it("rejects empty, negative and NaN counts with a clear error", () => {
    expect(() => buildHuffmanTree([])).toThrow(InvalidArgumentError);
    expect(() => buildHuffmanTree([1, -2])).toThrow(/count 1 must be a finite number >= 0, got -2/);
    expect(() => buildHuffmanTree([Number.NaN])).toThrow(/NaN/);
    expect(() => huffmanCode(buildHuffmanTree([1, 2]), 2)).toThrow(/word id/);
  });
});
