import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { accuracy } from "./accuracy.js";
import { confusionMatrix } from "./confusion-matrix.js";
import { precisionRecallFscore } from "./precision-recall-fscore.js";

// Three classes, supports 4, 3, 3. Confusion matrix (rows true, columns predicted):
//   true 0: [2, 1, 1]   true 1: [1, 2, 0]   true 2: [0, 1, 2]
// True positives 2, 2, 2; predicted counts (column sums) 3, 4, 3.
const Y_TRUE = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
const Y_PRED = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1];

// "eggs" is never predicted; "toast" is only predicted. Sorted labels: eggs, ham, spam, toast.
const FOOD_TRUE = ["ham", "ham", "spam", "spam", "spam", "eggs"];
const FOOD_PRED = ["ham", "spam", "spam", "spam", "toast", "ham"];

describe("accuracy", () => {
  it("is the fraction of exact matches", () => {
    expect(accuracy(Y_TRUE, Y_PRED)).toBe(0.6); // 6 of 10
    expect(accuracy(FOOD_TRUE, FOOD_PRED)).toBe(0.5); // samples 0, 2, 3
    expect(accuracy(["1"], [1])).toBe(0); // a string label never equals a number label
  });

  it("rejects length mismatch and empty input", () => {
    expect(() => accuracy([1, 2], [1])).toThrow(InvalidArgumentError);
    expect(() => accuracy([], [])).toThrow(InvalidArgumentError);
  });
});

describe("confusionMatrix", () => {
  it("puts true labels in rows and predictions in columns", () => {
    expect(confusionMatrix(Y_TRUE, Y_PRED)).toEqual({
      labels: [0, 1, 2],
      matrix: [
        [2, 1, 1],
        [1, 2, 0],
        [0, 1, 2],
      ],
    });
  });

  it("includes a label seen only in predictions, with an empty row", () => {
    // eggs->ham; ham->ham, ham->spam; spam->spam twice, spam->toast.
    expect(confusionMatrix(FOOD_TRUE, FOOD_PRED)).toEqual({
      labels: ["eggs", "ham", "spam", "toast"],
      matrix: [
        [0, 1, 0, 0],
        [0, 1, 1, 0],
        [0, 0, 2, 1],
        [0, 0, 0, 0],
      ],
    });
  });

  it("follows given labels and leaves out samples with other labels", () => {
    expect(confusionMatrix(Y_TRUE, Y_PRED, { labels: [2, 0] }).matrix).toEqual([
      [2, 0],
      [1, 2],
    ]);
    expect(() => confusionMatrix(Y_TRUE, Y_PRED, { labels: ["0"] })).toThrow(/occurs in yTrue/);
    expect(() => confusionMatrix(Y_TRUE, Y_PRED, { labels: [0, 0] })).toThrow(InvalidArgumentError);
  });

  it("rejects mixed label types and NaN labels", () => {
    expect(() => confusionMatrix([1, "a"], [1, 1])).toThrow(/mix numbers and strings/);
    expect(() => confusionMatrix([1, Number.NaN], [1, 1])).toThrow(InvalidArgumentError);
  });
});

describe("precisionRecallFscore", () => {
  it("scores each class of the 3-class example", () => {
    const scores = precisionRecallFscore(Y_TRUE, Y_PRED);
    expect(scores.labels).toEqual([0, 1, 2]);
    expect(scores.support).toEqual([4, 3, 3]);
    // precision = tp / predicted: 2/3, 2/4, 2/3; recall = tp / support: 2/4, 2/3, 2/3.
    expectClose(scores.precision, [2 / 3, 1 / 2, 2 / 3]);
    expectClose(scores.recall, [1 / 2, 2 / 3, 2 / 3]);
    // F1 = 2pr / (p + r): class 0 is 2 * (2/3)(1/2) / (7/6) = 4/7, class 1 the same, class 2 is 2/3.
    expectClose(scores.fscore, [4 / 7, 4 / 7, 2 / 3]);
  });

  it("averages the 3-class example", () => {
    // Macro: plain means. Precision (2/3 + 1/2 + 2/3) / 3 = 11/18, recall the same,
    // F1 (4/7 + 4/7 + 2/3) / 3 = 38/63.
    expectScores(precisionRecallFscore(Y_TRUE, Y_PRED, { average: "macro" }), [
      11 / 18,
      11 / 18,
      38 / 63,
      10,
    ]);
    // Weighted by support 4, 3, 3: precision (4 * 2/3 + 3 * 1/2 + 3 * 2/3) / 10 = 37/60,
    // recall (2 + 2 + 2) / 10 = 0.6, F1 (16/7 + 12/7 + 2) / 10 = 0.6.
    expectScores(precisionRecallFscore(Y_TRUE, Y_PRED, { average: "weighted" }), [37 / 60, 0.6, 0.6, 10]);
    // Micro over all labels is accuracy: 6 / 10.
    expectScores(precisionRecallFscore(Y_TRUE, Y_PRED, { average: "micro" }), [0.6, 0.6, 0.6, 10]);
    // Micro over labels 1 and 2: tp 4, predicted 7, support 6: p = 4/7, r = 2/3,
    // F1 = 2 * (4/7)(2/3) / (4/7 + 2/3) = 8/13.
    expectScores(precisionRecallFscore(Y_TRUE, Y_PRED, { average: "micro", labels: [1, 2] }), [
      4 / 7,
      2 / 3,
      8 / 13,
      6,
    ]);
  });

  it("scores a never-predicted class and a prediction-only label as 0 (zero_division = 0)", () => {
    const scores = precisionRecallFscore(FOOD_TRUE, FOOD_PRED);
    expect(scores.labels).toEqual(["eggs", "ham", "spam", "toast"]);
    // eggs: 0 predicted, so precision 0/0 -> 0; recall 0/1. toast: support 0, so recall 0/0 -> 0;
    // precision 0/1. ham: tp 1 of 2 predicted and 2 true. spam: tp 2 of 3 predicted and 3 true.
    expectClose(scores.precision, [0, 1 / 2, 2 / 3, 0]);
    expectClose(scores.recall, [0, 1 / 2, 2 / 3, 0]);
    expectClose(scores.fscore, [0, 1 / 2, 2 / 3, 0]);
    expect(scores.support).toEqual([1, 2, 3, 0]);
    // Macro counts the zeros: (0 + 1/2 + 2/3 + 0) / 4 = 7/24 for each score.
    expectScores(precisionRecallFscore(FOOD_TRUE, FOOD_PRED, { average: "macro" }), [
      7 / 24,
      7 / 24,
      7 / 24,
      6,
    ]);
    // Weighted by support 1, 2, 3, 0: (2 * 1/2 + 3 * 2/3) / 6 = 1/2.
    expectScores(precisionRecallFscore(FOOD_TRUE, FOOD_PRED, { average: "weighted" }), [0.5, 0.5, 0.5, 6]);
  });

  it("scores the positive class for average binary, with F-beta", () => {
    const yTrue = [1, 0, 1, 1, 0, 0, 1];
    const yPred = [1, 1, 1, 0, 0, 0, 0];
    // Label 1: tp 2 (samples 0, 2), predicted 3, true 4: p = 2/3, r = 1/2, F1 = (2/3) / (7/6) = 4/7.
    expectScores(precisionRecallFscore(yTrue, yPred, { average: "binary" }), [2 / 3, 1 / 2, 4 / 7, 4]);
    // F2 = 5pr / (4p + r) = (5/3) / (8/3 + 1/2) = 10/19.
    expect(precisionRecallFscore(yTrue, yPred, { average: "binary", beta: 2 }).fscore).toBeCloseTo(
      10 / 19,
      12,
    );
    // Label 0: tp 2 (samples 4, 5), predicted 4, true 3: p = 1/2, r = 2/3.
    expectScores(precisionRecallFscore(yTrue, yPred, { average: "binary", posLabel: 0 }), [
      1 / 2,
      2 / 3,
      4 / 7,
      3,
    ]);
    // beta = 0 is precision alone.
    expect(precisionRecallFscore(yTrue, yPred, { average: "binary", beta: 0 }).fscore).toBeCloseTo(2 / 3, 12);
  });

  it("refuses binary averaging of multiclass data or an absent positive label", () => {
    expect(() => precisionRecallFscore(Y_TRUE, Y_PRED, { average: "binary" })).toThrow(/at most 2 labels/);
    expect(() => precisionRecallFscore(["ham", "spam"], ["spam", "spam"], { average: "binary" })).toThrow(
      /posLabel 1 is not one of/,
    );
    const spam = precisionRecallFscore(["ham", "spam"], ["spam", "spam"], {
      average: "binary",
      posLabel: "spam",
    });
    expectScores(spam, [1 / 2, 1, 2 / 3, 1]);
  });

  it("rejects bad options and input", () => {
    expect(() => precisionRecallFscore([1], [1], { beta: -1 })).toThrow(InvalidArgumentError);
    expect(() => precisionRecallFscore([1, 2], [1])).toThrow(InvalidArgumentError);
    expect(() => precisionRecallFscore([], [])).toThrow(InvalidArgumentError);
  });
});

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 12);
}

function expectScores(
  scores: { precision: number; recall: number; fscore: number; support: number },
  [precision, recall, fscore, support]: number[],
): void {
  expectClose([scores.precision, scores.recall, scores.fscore], [precision, recall, fscore]);
  expect(scores.support).toBe(support);
}
