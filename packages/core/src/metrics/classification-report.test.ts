import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { classificationReport, formatClassificationReport } from "./classification-report.js";

// The examples of classification.test.ts, where the per-class arithmetic is written out.
const Y_TRUE = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
const Y_PRED = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1];
const FOOD_TRUE = ["ham", "ham", "spam", "spam", "spam", "eggs"];
const FOOD_PRED = ["ham", "spam", "spam", "spam", "toast", "ham"];

describe("classificationReport", () => {
  it("collects per-class rows, accuracy and the averages", () => {
    const report = classificationReport(Y_TRUE, Y_PRED);
    expect(report.classes.map(({ label, name, support }) => [label, name, support])).toEqual([
      [0, "0", 4],
      [1, "1", 3],
      [2, "2", 3],
    ]);
    expect(report.classes[0].f1).toBeCloseTo(4 / 7, 12);
    expect(report.accuracy).toBe(0.6);
    expect(report.micro).toBeNull();
    expect(report.macro.precision).toBeCloseTo(11 / 18, 12);
    expect(report.macro.f1).toBeCloseTo(38 / 63, 12);
    expect(report.weighted.precision).toBeCloseTo(37 / 60, 12);
    expect(report.weighted.support).toBe(10);
  });

  it("reports a micro average instead of accuracy when the labels leave a class out", () => {
    const report = classificationReport(Y_TRUE, Y_PRED, { labels: [1, 2] });
    expect(report.micro?.f1).toBeCloseTo(8 / 13, 12);
    expect(report.micro?.support).toBe(6);
  });

  it("rejects target names that do not match the classes", () => {
    expect(() => classificationReport(Y_TRUE, Y_PRED, { targetNames: ["a", "b"] })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe("formatClassificationReport", () => {
  // Expected strings are scikit-learn 1.2's classification_report output for the same inputs.
  it("lays out the 3-class example like scikit-learn", () => {
    expect(formatClassificationReport(classificationReport(Y_TRUE, Y_PRED))).toBe(
      [
        "              precision    recall  f1-score   support",
        "",
        "           0       0.67      0.50      0.57         4",
        "           1       0.50      0.67      0.57         3",
        "           2       0.67      0.67      0.67         3",
        "",
        "    accuracy                           0.60        10",
        "   macro avg       0.61      0.61      0.60        10",
        "weighted avg       0.62      0.60      0.60        10",
        "",
      ].join("\n"),
    );
  });

  it("shows the micro avg row and 3 digits", () => {
    const report = classificationReport(Y_TRUE, Y_PRED, { labels: [1, 2] });
    expect(formatClassificationReport(report, { digits: 3 })).toBe(
      [
        "              precision    recall  f1-score   support",
        "",
        "           1      0.500     0.667     0.571         3",
        "           2      0.667     0.667     0.667         3",
        "",
        "   micro avg      0.571     0.667     0.615         6",
        "   macro avg      0.583     0.667     0.619         6",
        "weighted avg      0.583     0.667     0.619         6",
        "",
      ].join("\n"),
    );
  });

  it("widens the name column for long target names", () => {
    const report = classificationReport(FOOD_TRUE, FOOD_PRED, {
      targetNames: ["eggs and bacon", "ham", "spam", "toast"],
    });
    expect(formatClassificationReport(report, { digits: 4 })).toBe(
      [
        "                precision    recall  f1-score   support",
        "",
        "eggs and bacon     0.0000    0.0000    0.0000         1",
        "           ham     0.5000    0.5000    0.5000         2",
        "          spam     0.6667    0.6667    0.6667         3",
        "         toast     0.0000    0.0000    0.0000         0",
        "",
        "      accuracy                         0.5000         6",
        "     macro avg     0.2917    0.2917    0.2917         6",
        "  weighted avg     0.5000    0.5000    0.5000         6",
        "",
      ].join("\n"),
    );
  });

  it("rounds exact ties to even like Python (0.125 -> 0.12, 0.0625 -> 0.06)", () => {
    // Class a: tp 1 of 8 predicted -> precision 0.125, 1 of 2 true -> recall 0.5, F1 0.25 / 1.25 = 0.2.
    // Class b: 1 predicted, none right -> 0. Macro precision (0.125 + 0) / 2 = 0.0625.
    const yTrue = ["a", "a", "b", "b", "b", "b", "b", "b", "b"];
    const yPred = ["a", "b", "a", "a", "a", "a", "a", "a", "a"];
    expect(formatClassificationReport(classificationReport(yTrue, yPred))).toBe(
      [
        "              precision    recall  f1-score   support",
        "",
        "           a       0.12      0.50      0.20         2",
        "           b       0.00      0.00      0.00         7",
        "",
        "    accuracy                           0.11         9",
        "   macro avg       0.06      0.25      0.10         9",
        "weighted avg       0.03      0.11      0.04         9",
        "",
      ].join("\n"),
    );
  });
});
