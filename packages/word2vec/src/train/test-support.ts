import { createRng } from "@lab/core";

/**
 * A seeded random corpus with a Zipf-like skew (so subsampling and the Huffman tree have something
 * to do), cut into sentences of 1..maxSentence words. Counts of unused words are raised to 1.
 */
export function skewedCorpus(
  vocabSize: number,
  words: number,
  seed: number,
  maxSentence = 40,
): { ids: Int32Array; sentenceEnds: Int32Array; counts: Float64Array } {
  const rng = createRng(seed);
  const ids = Int32Array.from({ length: words }, () =>
    Math.min(vocabSize - 1, Math.floor(vocabSize * rng.uniform() ** 2)),
  );
  const counts = new Float64Array(vocabSize);
  for (const id of ids) counts[id]!++;
  for (let w = 0; w < vocabSize; w++) counts[w] = Math.max(counts[w]!, 1);
  const ends: number[] = [];
  for (let at = 0; at < words; ) {
    at = Math.min(words, at + 1 + rng.int(maxSentence));
    ends.push(at);
  }
  return { ids, sentenceEnds: Int32Array.from(ends), counts };
}

/**
 * The planted grammar of the quality tests: "DET ADJ NOUN VERB DET NOUN", each slot filled uniformly
 * from its class. Words of one class share every context, so they should end up closer to each
 * other than to words of other classes.
 */
export const GRAMMAR_CLASSES: Readonly<Record<string, readonly string[]>> = {
  det: ["the", "a", "this", "that", "every"],
  adj: ["big", "small", "red", "old", "quick", "lazy"],
  noun: ["cat", "dog", "bird", "horse", "fish", "mouse"],
  verb: ["sees", "likes", "chases", "feeds", "hears"],
};
const TEMPLATE = ["det", "adj", "noun", "verb", "det", "noun"];

export function grammarSentences(count: number, seed: number): string[][] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () =>
    TEMPLATE.map((slot) => {
      const words = GRAMMAR_CLASSES[slot]!;
      return words[rng.int(words.length)]!;
    }),
  );
}

/** Mean cosine similarity of pairs of distinct words within a class and across classes. */
export function classSeparation(
  vectors: Float32Array,
  dim: number,
  index: ReadonlyMap<string, number>,
  classes: Readonly<Record<string, readonly string[]>>,
): { within: number; across: number } {
  const cosine = (a: number, b: number) => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let c = 0; c < dim; c++) {
      const x = vectors[a * dim + c]!;
      const y = vectors[b * dim + c]!;
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    return dot / Math.sqrt(na * nb);
  };
  const labelled = Object.entries(classes).flatMap(([name, words]) =>
    words.map((word) => ({ name, id: index.get(word)! })),
  );
  let within = 0;
  let withinPairs = 0;
  let across = 0;
  let acrossPairs = 0;
  for (let a = 0; a < labelled.length; a++) {
    for (let b = a + 1; b < labelled.length; b++) {
      const similarity = cosine(labelled[a]!.id, labelled[b]!.id);
      if (labelled[a]!.name === labelled[b]!.name) {
        within += similarity;
        withinPairs++;
      } else {
        across += similarity;
        acrossPairs++;
      }
    }
  }
  return { within: within / withinPairs, across: across / acrossPairs };
}
