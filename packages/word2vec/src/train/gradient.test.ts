import { createRng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { buildHuffmanTree } from "../huffman.js";
import { predictionLoss } from "./gradient.js";
import { createEngineSetup, resolveOptions } from "./options.js";
import { ReferenceEngine } from "./reference.js";
import { negativeSampler, xorshift32 } from "./tables.js";

/**
 * One skip-gram step of the TypeScript engine against the exact objective: the step must be
 * -alpha times the gradient of predictionLoss, measured by central differences. The engine reads
 * sigmoid from word2vec.c's table (bins 0.012 wide, so sigmoid is off by at most 0.25 * 0.012 per
 * target); the tolerance allows exactly that and f32 rounding, far below the step itself.
 */
const TABLE_ERROR = 0.25 * (12 / 1000) + 1e-6;

function finiteDifference(f: (x: Float64Array) => number, x: Float64Array, h = 1e-5): Float64Array {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const saved = x[i]!;
    x[i] = saved + h;
    const up = f(x);
    x[i] = saved - h;
    const down = f(x);
    x[i] = saved;
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}

function checkStep(method: "ns" | "hs") {
  const vocabSize = 30;
  const dim = 7;
  const counts = Float64Array.from({ length: vocabSize }, (_, w) => 1000 / (w + 1));
  const ids = Int32Array.from({ length: 60 }, (_, i) => i % vocabSize);
  const options = resolveOptions({ method, dim, negative: 5, sample: 0 });
  const { setup, outputRows } = createEngineSetup({ ids, counts }, options);
  const stride = setup.stride;
  const engine = new ReferenceEngine(
    setup,
    new Float32Array(vocabSize * stride),
    new Float32Array(outputRows * stride),
  );
  const rng = createRng(3);
  for (let i = 0; i < engine.syn0.length; i++) engine.syn0[i] = i % stride < dim ? rng.uniform() - 0.5 : 0;
  for (let i = 0; i < engine.syn1.length; i++) engine.syn1[i] = i % stride < dim ? rng.uniform() - 0.5 : 0;
  const context = 4;
  const center = 9;

  // The output rows and labels this step uses: the centre word's Huffman path, or the centre word
  // and the noise words the generator will draw (found by replaying the same draws).
  const targets: number[] = [];
  const labels: number[] = [];
  let seed = 1;
  if (method === "hs") {
    const tree = buildHuffmanTree(counts);
    for (let k = tree.codeOffsets[center]!; k < tree.codeOffsets[center + 1]!; k++) {
      targets.push(tree.points[k]!);
      labels.push(1 - tree.codes[k]!);
    }
  } else {
    const sampler = negativeSampler(counts);
    // A seed whose five noise words are distinct and differ from the centre, so each row is used once.
    for (; ; seed++) {
      const drawn: number[] = [];
      let state = seed;
      for (let d = 0; d < 5; d++) {
        state = xorshift32(state);
        const column = state % vocabSize;
        state = xorshift32(state);
        drawn.push(state < sampler.keep[column]! ? column : sampler.alias[column]!);
      }
      if (new Set([center, ...drawn]).size === 6) {
        targets.push(center, ...drawn);
        labels.push(1, 0, 0, 0, 0, 0);
        break;
      }
    }
  }
  const row = (matrix: Float32Array, r: number): Float64Array =>
    Float64Array.from(matrix.subarray(r * stride, r * stride + dim));
  const input = row(engine.syn0, context);
  const outputs = targets.map((t) => row(engine.syn1, t));

  const alpha = 0.05;
  engine.trainPair({ rng: seed, loss: 0, lossTerms: 0 }, context, center, alpha);

  const gradInput = finiteDifference((x) => predictionLoss(x, outputs, labels), input);
  const afterInput = row(engine.syn0, context);
  let biggestStep = 0;
  for (let c = 0; c < dim; c++) {
    const step = afterInput[c]! - input[c]!;
    const bound = alpha * TABLE_ERROR * outputs.reduce((sum, output) => sum + Math.abs(output[c]!), 0) + 1e-6;
    expect(Math.abs(step + alpha * gradInput[c]!)).toBeLessThanOrEqual(bound);
    biggestStep = Math.max(biggestStep, Math.abs(step));
  }
  for (const [t, target] of targets.entries()) {
    const gradOutput = finiteDifference((x) => {
      const changed = outputs.slice();
      changed[t] = x;
      return predictionLoss(input, changed, labels);
    }, Float64Array.from(outputs[t]!));
    const after = row(engine.syn1, target);
    for (let c = 0; c < dim; c++) {
      const step = after[c]! - outputs[t]![c]!;
      const bound = alpha * TABLE_ERROR * Math.abs(input[c]!) + 1e-6;
      expect(Math.abs(step + alpha * gradOutput[c]!)).toBeLessThanOrEqual(bound);
      biggestStep = Math.max(biggestStep, Math.abs(step));
    }
  }
  // The step is large against the tolerance, so a wrong sign or factor could not pass.
  expect(biggestStep).toBeGreaterThan(10 * alpha * TABLE_ERROR);
  return targets.length;
}

describe("one training step against finite differences of the objective", () => {
  it("negative sampling: the centre word and five noise words", () => {
    expect(checkStep("ns")).toBe(6);
  });

  it("hierarchical softmax: the inner nodes on the centre word's Huffman path", () => {
    expect(checkStep("hs")).toBeGreaterThan(2);
  });
});

describe("predictionLoss", () => {
  it("is the summed binary cross-entropy of the targets and stays finite for large scores", () => {
    const input = [1, 2];
    const loss = predictionLoss(
      input,
      [
        [0.5, 0.25],
        [-1, 0],
      ],
      [1, 0],
    );
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    expect(loss).toBeCloseTo(-Math.log(sigmoid(1)) - Math.log(1 - sigmoid(-1)), 12);
    expect(predictionLoss([1000], [[1]], [0])).toBeCloseTo(1000, 9);
    expect(predictionLoss([1000], [[1]], [1])).toBe(0);
  });
});
