import { describe, expect, it } from "vitest";
import { balancedTree, huffmanTree, parseFrequencies, SET5_PROBLEM_3B_FREQUENCIES } from "./trees.js";

const words = SET5_PROBLEM_3B_FREQUENCIES.map(([word]) => word);
const counts = SET5_PROBLEM_3B_FREQUENCIES.map(([, count]) => count);

/**
 * The cost of an optimal prefix code, computed independently of huffman.ts: repeatedly merge the
 * two smallest weights of a sorted array; Σ count·depth equals the sum of all merged weights.
 */
function optimalWeightedLength(weights: number[]): number {
  const queue = [...weights].sort((a, b) => a - b);
  let cost = 0;
  while (queue.length > 1) {
    const merged = queue.shift()! + queue.shift()!;
    cost += merged;
    const at = queue.findIndex((w) => w > merged);
    queue.splice(at < 0 ? queue.length : at, 0, merged);
  }
  return cost;
}

function isPrefixFree(codes: readonly string[]): boolean {
  return codes.every((a, i) => codes.every((b, j) => i === j || !b.startsWith(a)));
}

describe("problem 3B trees", () => {
  it("Huffman: expected length 200/73 ≈ 2.740 for the set's eight words", () => {
    const tree = huffmanTree(words, counts);
    const total = counts.reduce((a, b) => a + b, 0);
    expect(total).toBe(73);
    // By hand: the:2 do:2 way:3 know:3 devil:4 queen:4 you:4 of:4 -> 200.
    expect(optimalWeightedLength(counts)).toBe(200);
    expect(tree.expectedLength).toBeCloseTo(200 / 73, 12);
    expect(isPrefixFree(tree.codes)).toBe(true);
    const depth = Object.fromEntries(words.map((word, i) => [word, tree.codes[i]!.length]));
    expect(depth).toEqual({ do: 2, the: 2, way: 3, know: 3, devil: 4, queen: 4, you: 4, of: 4 });
    expect(tree.depth).toBe(4);
    // Kraft equality: a full binary tree's leaves satisfy Σ 2^-length = 1.
    expect(tree.codes.reduce((sum, code) => sum + 2 ** -code.length, 0)).toBe(1);
  });

  it("balanced: depth ⌈log2 8⌉ = 3, every word at depth 3, expected length 3", () => {
    const tree = balancedTree(words, counts);
    expect(tree.depth).toBe(3);
    expect(tree.codes).toEqual(["000", "001", "010", "011", "100", "101", "110", "111"]);
    expect(tree.expectedLength).toBe(3);
  });

  it("balanced trees of any size have depth ⌈log2 W⌉ and are full", () => {
    for (let size = 1; size <= 40; size++) {
      const ws = Array.from({ length: size }, (_, i) => `w${i}`);
      const tree = balancedTree(ws, new Array(size).fill(1));
      expect(tree.depth).toBe(Math.ceil(Math.log2(size)));
      expect(isPrefixFree(tree.codes)).toBe(true);
      expect(tree.codes.every((code) => code.length >= tree.depth - 1)).toBe(true);
      expect(tree.codes.reduce((sum, code) => sum + 2 ** -code.length, 0)).toBe(1);
    }
  });

  it("Huffman matches the independent optimum on random counts and never loses to the balanced tree", () => {
    let state = 12345;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state;
    };
    for (let trial = 0; trial < 30; trial++) {
      const size = 1 + (next() % 30);
      const ws = Array.from({ length: size }, (_, i) => `w${i}`);
      const cs = Array.from({ length: size }, () => 1 + (next() % 1000));
      const total = cs.reduce((a, b) => a + b, 0);
      const huffman = huffmanTree(ws, cs);
      expect(huffman.expectedLength).toBeCloseTo(optimalWeightedLength(cs) / total, 10);
      expect(huffman.expectedLength).toBeLessThanOrEqual(balancedTree(ws, cs).expectedLength + 1e-12);
    }
  });

  it("parses frequency lists and rejects malformed ones", () => {
    expect(parseFrequencies("do:18, you:4\nthe:20")).toEqual({
      words: ["do", "you", "the"],
      counts: [18, 4, 20],
    });
    expect(parseFrequencies("a:b:3")).toEqual({ words: ["a:b"], counts: [3] });
    expect(() => parseFrequencies("do18")).toThrow(/"do18" is not word:count/);
    expect(() => parseFrequencies("do:-1")).toThrow(/not word:count/);
    expect(() => parseFrequencies(" , ")).toThrow(/expected word:count entries/);
    expect(() => huffmanTree(["a", "a"], [1, 2])).toThrow(/listed twice/);
    expect(() => balancedTree(["a"], [1, 2])).toThrow(/1 words but 2 counts/);
  });
});
