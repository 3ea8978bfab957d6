import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradcheckModel, loadPredictor } from "@lab/nn";
import { describe, expect, it } from "vitest";
import { plantedCorpus } from "../corpus.js";
import { generateTrainingPairs } from "../pairs.js";
import { WordVectors } from "../vectors.js";
import { buildVocabulary, encodeTokens } from "../vocab.js";
import { softmaxNetworkModel, trainSoftmaxNetwork } from "./network.js";

const folder = mkdtempSync(join(tmpdir(), "lab-w2v-net-"));
const corpus = plantedCorpus({ sentences: 1500, seed: 7 });
const tokens = corpus.sentences.flat();
const vocabulary = buildVocabulary(tokens);
const pairs = generateTrainingPairs(encodeTokens(tokens, vocabulary), 2);
const V = vocabulary.words.length;

/** H(context | center) in nats, from the pair counts. */
function conditionalEntropy(centers: Int32Array, contexts: Int32Array): number {
  const joint = new Map<string, number>();
  const marginal = new Map<number, number>();
  for (let t = 0; t < centers.length; t++) {
    const key = `${centers[t]},${contexts[t]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    marginal.set(centers[t]!, (marginal.get(centers[t]!) ?? 0) + 1);
  }
  let entropy = 0;
  for (const [key, count] of joint) {
    const center = Number(key.split(",")[0]);
    entropy -= (count / centers.length) * Math.log(count / marginal.get(center)!);
  }
  return entropy;
}

describe("the set's network through @lab/nn", () => {
  it("autodiff gradients of the network agree with finite differences", async () => {
    const small = { center: Int32Array.of(0, 3, 5, 3), context: Int32Array.of(1, 2, 0, 4) };
    const result = await gradcheckModel(softmaxNetworkModel(6, 3), small, { seed: 2, maxCoordinates: 18 });
    expect(result.passed).toBe(true);
    expect(result.parameters.map((p) => p.parameter)).toEqual(["input/weight", "output/weight"]);
  });

  it("trains: the loss falls, shapes are V × D and D × V, same seed -> same weights; planted classes separate", async () => {
    const options = { dim: 8, epochs: 6, seed: 3, exportPath: join(folder, "network.onnx") } as const;
    const first = await trainSoftmaxNetwork(pairs, V, options);
    expect(first.inputWeightsShape).toEqual([V, 8]);
    expect(first.outputWeightsShape).toEqual([8, V]);
    expect(first.inputWeights.length).toBe(V * 8);
    expect(first.epochLosses.length).toBe(6);
    // Uniform guessing costs log V nats; the grammar's contexts are far more predictable.
    expect(first.epochLosses[0]!).toBeLessThan(Math.log(V));
    expect(first.epochLosses.at(-1)!).toBeLessThan(first.epochLosses[0]!);
    // No model can beat the empirical conditional entropy of context given center on these pairs;
    // the trained network should come close to it.
    const floor = conditionalEntropy(pairs.centers, pairs.contexts);
    expect(first.epochLosses.at(-1)!).toBeGreaterThan(floor - 1e-6);
    expect(first.epochLosses.at(-1)!).toBeLessThan(floor + 0.1);
    for (let e = 1; e < first.epochLosses.length; e++) {
      expect(first.epochLosses[e]!).toBeLessThan(first.epochLosses[e - 1]! + 1e-3);
    }
    expect(first.exportMaxAbsDiff!).toBeLessThan(1e-5);

    const second = await trainSoftmaxNetwork(pairs, V, { ...options, exportPath: undefined });
    expect(Buffer.from(second.inputWeights.buffer)).toEqual(Buffer.from(first.inputWeights.buffer));

    // The quality assertion: same-class words end nearer each other than words of other classes.
    const vectors = new WordVectors(vocabulary.words, first.inputWeights, 8);
    const classOf = new Map(
      Object.entries(corpus.classes).flatMap(([cls, words]) => words.map((w) => [w, cls])),
    );
    let within = 0;
    let withinCount = 0;
    let across = 0;
    let acrossCount = 0;
    let nearestSameClass = 0;
    for (const [word, cls] of classOf) {
      for (const [other, otherCls] of classOf) {
        if (word === other) continue;
        const similarity = vectors.similarity(word, other);
        if (cls === otherCls) {
          within += similarity;
          withinCount++;
        } else {
          across += similarity;
          acrossCount++;
        }
      }
      if (classOf.get(vectors.mostSimilar(word, 1)[0]!.word) === cls) nearestSameClass++;
    }
    expect(within / withinCount).toBeGreaterThan(across / acrossCount + 0.4);
    expect(nearestSameClass).toBe(classOf.size);
  });

  it("the exported network computes softmax(v_w · W_out) from the returned weights", async () => {
    const trained = await trainSoftmaxNetwork(pairs, V, {
      dim: 4,
      epochs: 1,
      seed: 5,
      exportPath: join(folder, "network2.onnx"),
    });
    const predictor = await loadPredictor(join(folder, "network2.onnx"));
    try {
      const centers = Int32Array.of(0, 4, 9);
      const { probabilities } = await predictor.run({ center: centers });
      for (let r = 0; r < centers.length; r++) {
        const logits = Array.from({ length: V }, (_, o) => {
          let sum = 0;
          for (let d = 0; d < 4; d++)
            sum += trained.inputWeights[centers[r]! * 4 + d]! * trained.outputWeights[d * V + o]!;
          return sum;
        });
        const max = Math.max(...logits);
        const z = logits.reduce((acc, x) => acc + Math.exp(x - max), 0);
        for (let o = 0; o < V; o++) {
          expect(probabilities!.data[r * V + o] as number).toBeCloseTo(Math.exp(logits[o]! - max) / z, 6);
        }
      }
    } finally {
      await predictor.release();
    }
  });

  it("one-hot input and the lookup train to the same weights (e_w · W = row w)", async () => {
    const options = { dim: 5, epochs: 2, seed: 11 } as const;
    const lookup = await trainSoftmaxNetwork(pairs, V, { ...options, inputEncoding: "lookup" });
    const oneHot = await trainSoftmaxNetwork(pairs, V, { ...options, inputEncoding: "one-hot" });
    let maxDiff = 0;
    for (let i = 0; i < lookup.inputWeights.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(lookup.inputWeights[i]! - oneHot.inputWeights[i]!));
    }
    expect(maxDiff).toBeLessThan(1e-4);
    expect(lookup.epochLosses[1]!).toBeCloseTo(oneHot.epochLosses[1]!, 4);
  });

  it("rejects bad input", async () => {
    await expect(
      trainSoftmaxNetwork({ centers: Int32Array.of(0), contexts: Int32Array.of(9) }, 3),
    ).rejects.toThrow(/pair 0 has word id 9, outside \[0, 3\)/);
    await expect(
      trainSoftmaxNetwork({ centers: new Int32Array(0), contexts: new Int32Array(0) }, 3),
    ).rejects.toThrow(/no training pairs/);
    expect(() => softmaxNetworkModel(0, 3)).toThrow(/vocabulary size must be a positive integer/);
  });
});
