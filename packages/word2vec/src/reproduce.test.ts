import { describe, expect, it } from "vitest";
import { plantedCorpus } from "./corpus.js";
import { buildWord2VecReport } from "./reproduce.js";

describe("buildWord2VecReport", () => {
  it("writes problems 3B and 3D-3G with numbers from the run", async () => {
    const planted = plantedCorpus({ sentences: 300, seed: 2 });
    const report = await buildWord2VecReport({
      corpus: { text: planted.text, description: "planted test grammar" },
      epochs: 2,
      seed: 3,
    });
    expect(report.huffman.expectedLength).toBeCloseTo(200 / 73, 12);
    expect(report.balanced.expectedLength).toBe(3);
    expect(report.tokens).toBe(planted.sentences.flat().length);
    // The set's word list runs across line ends: 2·Σ_d (n − d) pairs over the whole list.
    expect(report.pairs).toBe(2 * (report.tokens - 1) + 2 * (report.tokens - 2));
    expect(report.network.inputWeightsShape).toEqual([report.vocabSize, 10]);
    expect(report.network.outputWeightsShape).toEqual([10, report.vocabSize]);
    expect(report.nearestPairs).toHaveLength(30);
    expect(report.topPairs).toHaveLength(30);
    const md = report.markdown;
    expect(md).toContain("Corpus: planted test grammar.");
    expect(md).toContain("| Huffman | 2.7397 (= 200/73) |");
    expect(md).toContain("| balanced, depth 3 | 3.0000 |");
    expect(md).toContain(`- input-to-hidden weights (the word vectors): (${report.vocabSize}, 10)`);
    expect(md).toContain(`- hidden-to-output weights: (10, ${report.vocabSize})`);
    const first = report.nearestPairs[0]!;
    expect(md).toContain(`| 1 | Pair(${first.a}, ${first.b}) | ${first.similarity.toFixed(8)} |`);
    expect(md).toContain(`${report.patterns.mutual} are listed in both orders`);
    expect(Object.keys(report.files).sort()).toEqual(["report.md", "training-loss.svg", "word-map.svg"]);
    // Counted again here from the tokens: pairs whose words sit within 2 positions somewhere.
    const tokens = planted.sentences.flat();
    const near = new Set<string>();
    for (let i = 0; i < tokens.length; i++) {
      for (let j = i + 1; j <= Math.min(tokens.length - 1, i + 2); j++) {
        near.add(`${tokens[i]} ${tokens[j]}`);
        near.add(`${tokens[j]} ${tokens[i]}`);
      }
    }
    expect(report.patterns.cooccurring).toBe(
      report.nearestPairs.filter((p) => near.has(`${p.a} ${p.b}`)).length,
    );
    const mutualCounted = report.nearestPairs.filter((p) =>
      report.nearestPairs.some((q) => q.a === p.b && q.b === p.a),
    ).length;
    expect(report.patterns.mutual).toBe(mutualCounted);
  });
});
