import { InvalidArgumentError } from "@lab/core";

/** Skip-gram training points: pair t is (centers[t], contexts[t]), as word ids. */
export interface TrainingPairs {
  readonly centers: Int32Array;
  readonly contexts: Int32Array;
}

export interface TrainingPairOptions {
  /**
   * Ends of sentences in `ids` (exclusive offsets, ascending, the last one ids.length or absent):
   * pairs never cross from one sentence into the next. Without it the whole list is one sequence,
   * as in the set, whose word list runs across line ends.
   */
  readonly sentenceEnds?: ArrayLike<number>;
}

/**
 * Set 5 problem 3(ii), `generate_traindata`: for each position i of the word list L and each offset
 * j with 0 < |j| ≤ s and i + j inside the list, the pair (L_i, L_{i+j}); so up to 2s pairs per word,
 * fewer near the ends. Pairs come in the set's order: by i, then j from −s to s.
 */
export function generateTrainingPairs(
  ids: ArrayLike<number>,
  window: number,
  options: TrainingPairOptions = {},
): TrainingPairs {
  if (!Number.isInteger(window) || window < 1) {
    throw new InvalidArgumentError(`window must be an integer >= 1, got ${window}`);
  }
  const n = ids.length;
  const ends = sentenceEndsOf(options.sentenceEnds, n);
  let count = 0;
  let start = 0;
  for (const end of ends) {
    const length = end - start;
    // Pairs in a run of `length` words: each offset d = 1..window contributes 2·(length − d) pairs.
    for (let d = 1; d <= Math.min(window, length - 1); d++) count += 2 * (length - d);
    start = end;
  }
  const centers = new Int32Array(count);
  const contexts = new Int32Array(count);
  let t = 0;
  start = 0;
  for (const end of ends) {
    for (let i = start; i < end; i++) {
      const center = ids[i]!;
      const low = Math.max(start, i - window);
      const high = Math.min(end - 1, i + window);
      for (let k = low; k <= high; k++) {
        if (k === i) continue;
        centers[t] = center;
        contexts[t] = ids[k]!;
        t++;
      }
    }
    start = end;
  }
  return { centers, contexts };
}

function sentenceEndsOf(ends: ArrayLike<number> | undefined, n: number): number[] {
  if (ends === undefined) return [n];
  const out: number[] = [];
  let previous = 0;
  for (let s = 0; s < ends.length; s++) {
    const end = ends[s]!;
    if (!Number.isInteger(end) || end < previous || end > n) {
      throw new InvalidArgumentError(
        `sentenceEnds must ascend within [0, ${n}]; entry ${s} is ${end} after ${previous}`,
      );
    }
    if (end > previous) out.push(end);
    previous = end;
  }
  if (previous < n) out.push(n);
  return out;
}

/** Concatenates sentences of ids into one array with the offsets where each sentence ends. */
export function flattenSentences(sentences: readonly ArrayLike<number>[]): {
  ids: Int32Array;
  sentenceEnds: Int32Array;
} {
  let total = 0;
  for (const sentence of sentences) total += sentence.length;
  const ids = new Int32Array(total);
  const sentenceEnds = new Int32Array(sentences.length);
  let offset = 0;
  sentences.forEach((sentence, s) => {
    for (let i = 0; i < sentence.length; i++) ids[offset + i] = sentence[i]!;
    offset += sentence.length;
    sentenceEnds[s] = offset;
  });
  return { ids, sentenceEnds };
}
