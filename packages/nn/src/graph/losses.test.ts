import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { grad } from "../autodiff/grad.js";
import { GraphBuilder } from "./builder.js";
import { binaryCrossEntropyWithLogits, meanSquaredError, softmaxCrossEntropy } from "./losses.js";
import { numbers, runBuilder } from "./testing.js";

/** log softmax of one row, computed directly. */
function logSoftmaxRow(row: readonly number[]): number[] {
  const max = Math.max(...row);
  const logSum = Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0)) + max;
  return row.map((value) => value - logSum);
}

const LOGITS = [
  [2, -1, 0.5],
  [0.1, 0.2, 0.3],
  [-3, 4, 1],
  [1, 1, -2],
];
const TARGETS = [0, 2, 1, 2];

async function crossEntropy(
  options: Parameters<typeof softmaxCrossEntropy>[2],
  targets: readonly number[] = TARGETS,
): Promise<number[]> {
  const builder = new GraphBuilder();
  const logits = builder.input("logits", "float64", ["batch", 3]);
  const labels = builder.input("labels", "int64", ["batch"]);
  builder.output(softmaxCrossEntropy(logits, labels, options), "loss");
  const { loss } = await runBuilder(builder, {
    logits: new Float64Array(LOGITS.flat()),
    labels: BigInt64Array.from(targets, BigInt),
  });
  return numbers(loss);
}

describe("softmaxCrossEntropy", () => {
  it("matches −log softmax at the target, per sample and reduced", async () => {
    const perSample = TARGETS.map((target, i) => -logSoftmaxRow(LOGITS[i])[target]);
    const none = await crossEntropy({ reduction: "none" });
    none.forEach((value, i) => {
      expect(value).toBeCloseTo(perSample[i], 12);
    });
    expect((await crossEntropy({ reduction: "sum" }))[0]).toBeCloseTo(
      perSample.reduce((a, b) => a + b),
      12,
    );
    expect((await crossEntropy({}))[0]).toBeCloseTo(perSample.reduce((a, b) => a + b) / 4, 12);
  });

  it("weights classes and skips the ignored index in both sums, as PyTorch's mean", async () => {
    const weights = [1, 2, 0.5];
    // Ignore class 2 (a real class): samples 1 and 3 drop out of numerator and denominator.
    const kept = [0, 2];
    const numerator = kept.reduce(
      (sum, i) => sum - weights[TARGETS[i]] * logSoftmaxRow(LOGITS[i])[TARGETS[i]],
      0,
    );
    const denominator = kept.reduce((sum, i) => sum + weights[TARGETS[i]], 0);
    const [mean] = await crossEntropy({ classWeights: weights, ignoreIndex: 2 });
    expect(mean).toBeCloseTo(numerator / denominator, 12);
    const none = await crossEntropy({ classWeights: weights, ignoreIndex: 2, reduction: "none" });
    expect(none[1]).toBe(0);
    expect(none[3]).toBe(0);
  });

  it("ignores an out-of-range ignore index like −100 and gives NaN when all targets are ignored", async () => {
    const withIgnored = await crossEntropy({ ignoreIndex: -100, reduction: "none" }, [0, -100, 1, 2]);
    expect(withIgnored[1]).toBe(0);
    expect(withIgnored[0]).toBeCloseTo(-logSoftmaxRow(LOGITS[0])[0], 12);
    const [allIgnored] = await crossEntropy({ ignoreIndex: -100 }, [-100, -100, -100, -100]);
    expect(allIgnored).toBeNaN();
  });

  it("rejects logits without a fixed class axis and non-integer targets", () => {
    const builder = new GraphBuilder();
    const logits = builder.input("logits", "float32", ["batch", "classes"]);
    const labels = builder.input("labels", "int64", ["batch"]);
    expect(() => softmaxCrossEntropy(logits, labels)).toThrow(/fixed size/);
    const fixed = builder.input("fixed", "float32", [2, 3]);
    expect(() => softmaxCrossEntropy(fixed, fixed)).toThrow(/int64 or int32/);
    expect(() => softmaxCrossEntropy(fixed, labels, { classWeights: [1, 2] })).toThrow(/3 values/);
    expect(() => softmaxCrossEntropy(fixed, labels, { reduction: "avg" as "mean" })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe("binaryCrossEntropyWithLogits", () => {
  const logitValues = [-100, -1, 0, 0, 2, 100];
  const targetValues = [0, 1, 1, 0.5, 0, 1];
  const reference = logitValues.map(
    (x, i) => Math.max(x, 0) - x * targetValues[i] + Math.log1p(Math.exp(-Math.abs(x))),
  );

  it("is finite and exact for extreme logits, with the gradient σ(x) − y even at x = 0", async () => {
    const builder = new GraphBuilder();
    const logits = builder.input("logits", "float64", [6]);
    const targets = builder.input("targets", "float64", [6]);
    const loss = binaryCrossEntropyWithLogits(logits, targets);
    builder.output(loss, "loss");
    builder.output(binaryCrossEntropyWithLogits(logits, targets, { reduction: "none" }), "each");
    const [dLogits] = grad(loss, [logits]);
    builder.output(dLogits, "d_logits");
    const result = await runBuilder(builder, {
      logits: new Float64Array(logitValues),
      targets: new Float64Array(targetValues),
    });
    numbers(result.each).forEach((value, i) => {
      expect(value).toBeCloseTo(reference[i], 12);
    });
    expect(numbers(result.loss)[0]).toBeCloseTo(reference.reduce((a, b) => a + b) / 6, 12);
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    numbers(result.d_logits).forEach((value, i) => {
      expect(value).toBeCloseTo((sigmoid(logitValues[i]) - targetValues[i]) / 6, 12);
    });
  });
});

describe("meanSquaredError", () => {
  it("averages, sums or keeps squared differences", async () => {
    const builder = new GraphBuilder();
    const predictions = builder.input("predictions", "float32", [2, 2]);
    const targets = builder.input("targets", "float32", [2, 2]);
    builder.output(meanSquaredError(predictions, targets), "mean");
    builder.output(meanSquaredError(predictions, targets, { reduction: "sum" }), "sum");
    builder.output(meanSquaredError(predictions, targets, { reduction: "none" }), "none");
    const result = await runBuilder(builder, {
      predictions: new Float32Array([1, 2, 3, 4]),
      targets: new Float32Array([1, 0, 4, 1]),
    });
    expect(numbers(result.none)).toEqual([0, 4, 1, 9]);
    expect(numbers(result.sum)).toEqual([14]);
    expect(numbers(result.mean)).toEqual([3.5]);
    const other = builder.input("other", "float64", [2, 2]);
    expect(() => meanSquaredError(predictions, other)).toThrow(/one dtype/);
  });
});
