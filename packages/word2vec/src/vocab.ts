import { InvalidArgumentError } from "@lab/core";

/**
 * A word vocabulary with counts. Ids are assigned by count, descending; words with equal counts keep
 * the order in which they first appeared (in the corpus for `buildVocabulary`, in the entries for
 * `vocabularyFromCounts`), so the same input always gives the same ids. word2vec.c and the Huffman
 * construction in huffman.ts both rely on this descending order.
 */
export interface Vocabulary {
  /** id -> word; count descending, ties by first occurrence. */
  readonly words: readonly string[];
  /** id -> occurrences. */
  readonly counts: Float64Array;
  /** word -> id. */
  readonly index: ReadonlyMap<string, number>;
  /** Sum of `counts`: the number of tokens kept after minCount / maxSize. */
  readonly totalCount: number;
}

export interface VocabularyOptions {
  /** Words seen fewer times are dropped. Default 1 (keep everything). */
  readonly minCount?: number;
  /** Keep at most this many words, the most frequent (ties resolved by first occurrence). */
  readonly maxSize?: number;
}

function checkOptions(options: VocabularyOptions): { minCount: number; maxSize: number } {
  const minCount = options.minCount ?? 1;
  const maxSize = options.maxSize ?? Number.POSITIVE_INFINITY;
  if (!Number.isFinite(minCount) || minCount < 0) {
    throw new InvalidArgumentError(`vocabulary: minCount must be a finite number >= 0, got ${minCount}`);
  }
  if (!(maxSize === Number.POSITIVE_INFINITY || (Number.isInteger(maxSize) && maxSize >= 1))) {
    throw new InvalidArgumentError(`vocabulary: maxSize must be an integer >= 1, got ${maxSize}`);
  }
  return { minCount, maxSize };
}

/** Orders (word, count) pairs already in first-occurrence order into a Vocabulary. */
function finish(words: string[], counts: number[], options: VocabularyOptions): Vocabulary {
  const { minCount, maxSize } = checkOptions(options);
  const order: number[] = [];
  for (let i = 0; i < words.length; i++) if (counts[i]! >= minCount) order.push(i);
  // Array.prototype.sort is stable, so equal counts keep first-occurrence order.
  order.sort((a, b) => counts[b]! - counts[a]!);
  if (order.length > maxSize) order.length = maxSize;
  const keptWords = order.map((i) => words[i]!);
  const keptCounts = new Float64Array(order.length);
  const index = new Map<string, number>();
  let totalCount = 0;
  for (let id = 0; id < order.length; id++) {
    const count = counts[order[id]!]!;
    keptCounts[id] = count;
    totalCount += count;
    index.set(keptWords[id]!, id);
  }
  return { words: keptWords, counts: keptCounts, index, totalCount };
}

/** Counts the tokens and builds a vocabulary (see `Vocabulary` for the id order). */
export function buildVocabulary(tokens: Iterable<string>, options: VocabularyOptions = {}): Vocabulary {
  const firstSeen = new Map<string, number>();
  const words: string[] = [];
  const counts: number[] = [];
  for (const token of tokens) {
    const slot = firstSeen.get(token);
    if (slot === undefined) {
      firstSeen.set(token, words.length);
      words.push(token);
      counts.push(1);
    } else {
      counts[slot]!++;
    }
  }
  return finish(words, counts, options);
}

/**
 * Builds a vocabulary from (word, count) pairs, for example read back from a saved model or from a
 * frequency table. A word listed twice has its counts summed; its position is its first listing.
 */
export function vocabularyFromCounts(
  entries: Iterable<readonly [string, number]>,
  options: VocabularyOptions = {},
): Vocabulary {
  const firstSeen = new Map<string, number>();
  const words: string[] = [];
  const counts: number[] = [];
  for (const [word, count] of entries) {
    if (typeof count !== "number" || !Number.isFinite(count) || count < 0) {
      throw new InvalidArgumentError(
        `vocabulary: the count of "${word}" must be a finite number >= 0, got ${count}`,
      );
    }
    const slot = firstSeen.get(word);
    if (slot === undefined) {
      firstSeen.set(word, words.length);
      words.push(word);
      counts.push(count);
    } else {
      counts[slot]! += count;
    }
  }
  return finish(words, counts, options);
}

/** Maps tokens to ids, dropping out-of-vocabulary words (as word2vec.c does). */
export function encodeTokens(tokens: Iterable<string>, vocabulary: Vocabulary): Int32Array {
  let out = new Int32Array(1024);
  let length = 0;
  for (const token of tokens) {
    const id = vocabulary.index.get(token);
    if (id === undefined) continue;
    if (length === out.length) {
      const grown = new Int32Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    out[length++] = id;
  }
  return out.slice(0, length);
}
