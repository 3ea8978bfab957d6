import { describe, expect, it } from "vitest";
import { flattenSentences, generateTrainingPairs } from "./pairs.js";

/** The set's generate_traindata loop, written out literally. */
function naivePairs(ids: number[], s: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = -s; j <= s; j++) {
      if (j !== 0 && i + j >= 0 && i + j < ids.length) out.push([ids[i]!, ids[i + j]!]);
    }
  }
  return out;
}

const asPairs = (p: { centers: Int32Array; contexts: Int32Array }) =>
  Array.from(p.centers, (c, t) => [c, p.contexts[t]!] as [number, number]);

describe("generateTrainingPairs", () => {
  it("gives the set's figure for s = 2: up to 2s pairs per word, fewer at the ends", () => {
    const pairs = generateTrainingPairs([0, 1, 2, 3, 4], 2);
    expect(asPairs(pairs)).toEqual([
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 2],
      [1, 3],
      [2, 0],
      [2, 1],
      [2, 3],
      [2, 4],
      [3, 1],
      [3, 2],
      [3, 4],
      [4, 2],
      [4, 3],
    ]);
  });

  it("matches the literal loop for many lengths and windows, including windows longer than the list", () => {
    for (const length of [0, 1, 2, 3, 7, 20]) {
      for (const window of [1, 2, 3, 5, 25]) {
        const ids = Array.from({ length }, (_, i) => (i * 7) % 5);
        expect(asPairs(generateTrainingPairs(ids, window))).toEqual(naivePairs(ids, window));
      }
    }
  });

  it("never crosses a sentence end", () => {
    const { ids, sentenceEnds } = flattenSentences([[1, 2, 3], [4], [], [5, 6]]);
    expect(Array.from(sentenceEnds)).toEqual([3, 4, 4, 6]);
    const pairs = asPairs(generateTrainingPairs(ids, 5, { sentenceEnds }));
    expect(pairs).toEqual([...naivePairs([1, 2, 3], 5), ...naivePairs([5, 6], 5)]);
  });

  it("rejects a bad window or sentence ends", () => {
    expect(() => generateTrainingPairs([1, 2], 0)).toThrow(/window must be an integer >= 1/);
    expect(() => generateTrainingPairs([1, 2], 1, { sentenceEnds: [2, 1] })).toThrow(
      /sentenceEnds must ascend/,
    );
    expect(() => generateTrainingPairs([1, 2], 1, { sentenceEnds: [3] })).toThrow(/sentenceEnds/);
  });
});
