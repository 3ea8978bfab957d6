import { InvalidArgumentError } from "@lab/core";

/**
 * An encoded corpus: word ids (`encodeTokens`) and where sentences end. `sentenceEnds` holds the
 * exclusive end offset of each sentence, strictly increasing, the last equal to `ids.length`
 * (sentence k is ids[sentenceEnds[k-1] .. sentenceEnds[k]), the first starting at 0). Context windows
 * never cross a sentence end. Without `sentenceEnds` the corpus is one long text, cut into pieces of
 * `maxSentenceLength` words as word2vec.c cuts its input.
 */
export interface TrainingCorpus {
  readonly ids: Int32Array;
  readonly sentenceEnds?: Int32Array;
}

/** Validates the corpus against the vocabulary size and returns sentence ends cut to `maxLength`. */
export function sentenceEnds(corpus: TrainingCorpus, vocabSize: number, maxLength: number): Int32Array {
  const { ids } = corpus;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= vocabSize) {
      throw new InvalidArgumentError(
        `word2vec: corpus position ${i} holds word id ${id}, outside the vocabulary [0, ${vocabSize})`,
      );
    }
  }
  if (ids.length === 0) {
    throw new InvalidArgumentError(
      "word2vec: the corpus is empty (are all its words out of the vocabulary?)",
    );
  }
  const given = corpus.sentenceEnds ?? Int32Array.of(ids.length);
  const ends: number[] = [];
  let start = 0;
  for (let k = 0; k < given.length; k++) {
    const end = given[k]!;
    if (!Number.isInteger(end) || end < start || end > ids.length) {
      throw new InvalidArgumentError(
        `word2vec: sentenceEnds must be non-decreasing offsets up to ids.length (${ids.length}); entry ${k} is ${end} after ${start}`,
      );
    }
    // Long sentences are cut rather than truncated (gensim drops words past 10,000; we keep them);
    // empty sentences are dropped.
    for (let cut = start + maxLength; cut < end; cut += maxLength) ends.push(cut);
    if (end > start) ends.push(end);
    start = end;
  }
  if (start !== ids.length) {
    throw new InvalidArgumentError(
      `word2vec: the last sentence end must equal the corpus length ${ids.length}, got ${start}`,
    );
  }
  return Int32Array.from(ends);
}

/**
 * The work of one thread in one epoch: chunks of whole sentences, about `chunkWords` words each, as
 * triples (first sentence, end sentence, raw word count). The learning rate is updated between
 * chunks, as word2vec.c does every 10,000 words and gensim per job of 10,000 words.
 */
export function planChunks(ends: Int32Array, threads: number, chunkWords = 10_000): Int32Array[] {
  const total = ends.length > 0 ? ends[ends.length - 1]! : 0;
  const plans: number[][] = Array.from({ length: threads }, () => []);
  // Contiguous slices with about total / threads words each: sentence k goes to the thread whose
  // share its start offset falls in.
  const startOf = (k: number) => (k === 0 ? 0 : ends[k - 1]!);
  let sentence = 0;
  for (let t = 0; t < threads; t++) {
    const sliceEnd = t === threads - 1 ? total : Math.round(((t + 1) * total) / threads);
    while (sentence < ends.length && startOf(sentence) < sliceEnd) {
      const first = sentence;
      const chunkStart = startOf(first);
      do sentence++;
      while (
        sentence < ends.length &&
        startOf(sentence) < sliceEnd &&
        ends[sentence - 1]! - chunkStart < chunkWords
      );
      plans[t]!.push(first, sentence, ends[sentence - 1]! - chunkStart);
    }
  }
  return plans.map((plan) => Int32Array.from(plan));
}

/** The linear decay of word2vec.c and gensim: alpha at the start, minAlpha when all work is done. */
export function learningRate(done: number, totalWork: number, alpha: number, minAlpha: number): number {
  return Math.max(minAlpha, alpha - ((alpha - minAlpha) * done) / totalWork);
}
