import { InvalidArgumentError } from "@lab/core";

/**
 * A Huffman tree over V words stored as flat arrays, laid out for the hierarchical-softmax kernel:
 * word w's path is `codes[codeOffsets[w] .. codeOffsets[w+1])` (bits from the root to the leaf) with
 * `points` at the same positions naming the inner node (0..V-2) whose output vector decides each
 * bit. The root is inner node V-2; inner node i is the i-th merge of the construction.
 */
export interface HuffmanTree {
  readonly wordCount: number;
  /** Length V+1; word w's code is codes[codeOffsets[w] .. codeOffsets[w+1]). */
  readonly codeOffsets: Int32Array;
  /** Bits, root -> leaf. */
  readonly codes: Uint8Array;
  /** Inner-node ids (0..V-2) on the path root -> leaf, aligned with `codes`. */
  readonly points: Int32Array;
  /** Length of the longest code. */
  readonly maxDepth: number;
}

/**
 * Builds the Huffman tree the way word2vec.c does (Mikolov's CreateBinaryTree): leaves sorted by count
 * descending form one queue, merged nodes form a second queue that is already sorted ascending, and
 * each step merges the two least frequent nodes in O(1), O(V) in total after the sort.
 *
 * Tie-breaking, fixed so that the tree is deterministic:
 * - leaves are ordered by count descending, equal counts by word id ascending (a stable sort), so
 *   among equally frequent leaves the one with the larger id is taken first;
 * - when the least frequent leaf and the least frequent merged node have equal counts, the merged
 *   node is taken first (word2vec.c compares `leaf < merged` strictly);
 * - of the two nodes merged, the first taken gets bit 0 and the second bit 1.
 * For a vocabulary already sorted by count descending (as `buildVocabulary` returns) this is exactly
 * word2vec.c's tree, so codes and inner-node ids match the C tool's.
 */
export function buildHuffmanTree(counts: ArrayLike<number>): HuffmanTree {
  const size = counts.length;
  if (size < 1) throw new InvalidArgumentError("huffman: at least one word count is required");
  for (let i = 0; i < size; i++) {
    const count = counts[i]!;
    if (typeof count !== "number" || !Number.isFinite(count) || count < 0) {
      throw new InvalidArgumentError(`huffman: count ${i} must be a finite number >= 0, got ${count}`);
    }
  }
  // sorted[r] = word id of rank r (count descending, id ascending on ties).
  const sorted = Array.from({ length: size }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]!);

  // Nodes 0..size-1 are leaves by rank, size..2*size-2 merged nodes in creation order.
  const nodeCount = new Float64Array(2 * size - 1);
  const parent = new Int32Array(2 * size - 1).fill(-1);
  const bit = new Uint8Array(2 * size - 1);
  for (let r = 0; r < size; r++) nodeCount[r] = counts[sorted[r]!]!;
  let leafPos = size - 1;
  let mergedPos = size;
  let merged = size;
  // The merged queue holds nodes size..merged-1, already ascending because merge sums never decrease.
  const takeLeast = (): number => {
    const leafAvailable = leafPos >= 0;
    const mergedAvailable = mergedPos < merged;
    if (leafAvailable && (!mergedAvailable || nodeCount[leafPos]! < nodeCount[mergedPos]!)) return leafPos--;
    return mergedPos++;
  };
  for (; merged < 2 * size - 1; merged++) {
    const first = takeLeast();
    const second = takeLeast();
    nodeCount[merged] = nodeCount[first]! + nodeCount[second]!;
    parent[first] = merged;
    parent[second] = merged;
    bit[second] = 1;
  }

  // A parent always has a larger node number than its children, so one downward pass gives depths.
  const nodeDepth = new Int32Array(2 * size - 1);
  for (let node = 2 * size - 3; node >= 0; node--) nodeDepth[node] = nodeDepth[parent[node]!]! + 1;
  const depth = new Int32Array(size);
  let maxDepth = 0;
  for (let r = 0; r < size; r++) {
    depth[sorted[r]!] = nodeDepth[r]!;
    if (nodeDepth[r]! > maxDepth) maxDepth = nodeDepth[r]!;
  }
  const codeOffsets = new Int32Array(size + 1);
  for (let w = 0; w < size; w++) codeOffsets[w + 1] = codeOffsets[w]! + depth[w]!;
  const total = codeOffsets[size]!;
  const codes = new Uint8Array(total);
  const points = new Int32Array(total);
  for (let r = 0; r < size; r++) {
    const word = sorted[r]!;
    // Walking up yields the path leaf -> root; write it backwards so it reads root -> leaf.
    let position = codeOffsets[word + 1]! - 1;
    for (let node = r; parent[node]! >= 0; node = parent[node]!) {
      codes[position] = bit[node]!;
      points[position] = parent[node]! - size;
      position--;
    }
  }
  return { wordCount: size, codeOffsets, codes, points, maxDepth };
}

function checkWord(tree: HuffmanTree, word: number): void {
  if (!Number.isInteger(word) || word < 0 || word >= tree.wordCount) {
    throw new InvalidArgumentError(
      `huffman: word id must be an integer in [0, ${tree.wordCount}), got ${word}`,
    );
  }
}

/** Word `word`'s code as a string of "0"/"1", root first (e.g. "0110"); "" for a one-word tree. */
export function huffmanCode(tree: HuffmanTree, word: number): string {
  checkWord(tree, word);
  let out = "";
  for (let i = tree.codeOffsets[word]!; i < tree.codeOffsets[word + 1]!; i++)
    out += tree.codes[i] ? "1" : "0";
  return out;
}

/** Code length (depth of the leaf) of every word. */
export function codeLengths(tree: HuffmanTree): Int32Array {
  const lengths = new Int32Array(tree.wordCount);
  for (let w = 0; w < tree.wordCount; w++) lengths[w] = tree.codeOffsets[w + 1]! - tree.codeOffsets[w]!;
  return lengths;
}

/** Frequency-weighted mean code length: sum(count * length) / sum(count); 0 when all counts are 0. */
export function expectedCodeLength(tree: HuffmanTree, counts: ArrayLike<number>): number {
  if (counts.length !== tree.wordCount) {
    throw new InvalidArgumentError(
      `huffman: expected ${tree.wordCount} counts for the tree's words, got ${counts.length}`,
    );
  }
  let weighted = 0;
  let total = 0;
  for (let w = 0; w < tree.wordCount; w++) {
    weighted += counts[w]! * (tree.codeOffsets[w + 1]! - tree.codeOffsets[w]!);
    total += counts[w]!;
  }
  return total > 0 ? weighted / total : 0;
}
