import { InvalidArgumentError } from "@lab/core";
import { buildHuffmanTree, codeLengths, huffmanCode } from "./huffman.js";

/** A binary tree with the words as leaves, described by each word's path from the root. */
export interface CodeTree {
  readonly words: readonly string[];
  readonly counts: readonly number[];
  /** Word i's path from the root: "0" = left child, "1" = right child. Its length is the depth. */
  readonly codes: readonly string[];
  /** Number of edges from the root to the deepest leaf. */
  readonly depth: number;
  /**
   * Σ count_w · length_w / Σ count_w: the mean representation length of a word drawn from the
   * counts (set 5 problem 3B).
   */
  readonly expectedLength: number;
}

function checkCounts(words: readonly string[], counts: ArrayLike<number>): void {
  if (words.length === 0) throw new InvalidArgumentError("a tree needs at least one word");
  if (words.length !== counts.length) {
    throw new InvalidArgumentError(`${words.length} words but ${counts.length} counts`);
  }
  const seen = new Set<string>();
  words.forEach((word, i) => {
    if (seen.has(word)) throw new InvalidArgumentError(`the word "${word}" is listed twice`);
    seen.add(word);
    const count = counts[i]!;
    if (!(Number.isFinite(count) && count >= 0)) {
      throw new InvalidArgumentError(`the count of "${word}" must be a finite number >= 0, got ${count}`);
    }
  });
}

function expected(counts: ArrayLike<number>, codes: readonly string[]): number {
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < codes.length; i++) {
    weighted += counts[i]! * codes[i]!.length;
    total += counts[i]!;
  }
  return total > 0 ? weighted / total : 0;
}

/**
 * A balanced binary tree of depth ⌈log2 W⌉ with the W words as leaves, in the order given: the
 * words are split into a left half of ⌈n/2⌉ and a right half, recursively. With W a power of two
 * (the set's 8 words) every word sits at depth log2 W; otherwise at depth ⌈log2 W⌉ or one less.
 * Frequencies play no part in its shape, only in its expected length.
 */
export function balancedTree(words: readonly string[], counts: ArrayLike<number>): CodeTree {
  checkCounts(words, counts);
  const codes = new Array<string>(words.length);
  const assign = (start: number, end: number, prefix: string): void => {
    if (end - start === 1) {
      codes[start] = prefix;
      return;
    }
    const middle = start + Math.ceil((end - start) / 2);
    assign(start, middle, `${prefix}0`);
    assign(middle, end, `${prefix}1`);
  };
  assign(0, words.length, "");
  return {
    words: [...words],
    counts: Array.from(counts),
    codes,
    depth: Math.max(...codes.map((code) => code.length)),
    expectedLength: expected(counts, codes),
  };
}

/**
 * The Huffman tree of the counts, built as word2vec.c builds it (huffman.ts), as paths from the
 * root. Any Huffman tree minimizes the expected length; ties in the construction change which
 * words share a depth, not that minimum.
 */
export function huffmanTree(words: readonly string[], counts: ArrayLike<number>): CodeTree {
  checkCounts(words, counts);
  const tree = buildHuffmanTree(counts);
  const codes = words.map((_, i) => huffmanCode(tree, i));
  return {
    words: [...words],
    counts: Array.from(counts),
    codes,
    depth: Math.max(...codeLengths(tree)),
    expectedLength: expected(counts, codes),
  };
}

/**
 * Parses a frequency list "do:18,you:4,the:20" (commas or newlines between entries; the count after
 * the last colon, so a word may contain colons).
 */
export function parseFrequencies(text: string): { words: string[]; counts: number[] } {
  const words: string[] = [];
  const counts: number[] = [];
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) {
    throw new InvalidArgumentError(`expected word:count entries such as "do:18,you:4", got "${text}"`);
  }
  for (const entry of entries) {
    const colon = entry.lastIndexOf(":");
    const word = entry.slice(0, colon).trim();
    const countText = entry.slice(colon + 1).trim();
    const count = Number(countText);
    if (colon <= 0 || word === "" || countText === "" || !Number.isFinite(count) || count < 0) {
      throw new InvalidArgumentError(
        `"${entry}" is not word:count with a count >= 0 (expected entries such as "do:18,you:4")`,
      );
    }
    words.push(word);
    counts.push(count);
  }
  return { words, counts };
}

/** Set 5 problem 3B's table: the eight words and their occurrences. */
export const SET5_PROBLEM_3B_FREQUENCIES: readonly (readonly [string, number])[] = [
  ["do", 18],
  ["you", 4],
  ["know", 7],
  ["the", 20],
  ["way", 9],
  ["of", 4],
  ["devil", 5],
  ["queen", 6],
];
