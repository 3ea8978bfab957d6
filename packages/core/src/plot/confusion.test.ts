import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { confusionMatrixPlot, confusionMatrixSpec, normalizeConfusionMatrix } from "./confusion.js";
import { markCount, standalone, texts } from "./test-helpers.js";

const matrix = [
  [50, 2, 3],
  [5, 40, 5],
  [0, 0, 0],
];
const labels = ["cat", "dog", "bird"];

describe("confusionMatrixPlot", () => {
  it("draws counts with true labels down the rows and predictions along the columns", async () => {
    const svg = await confusionMatrixPlot({ matrix, labels });
    expect(standalone(svg)).toBe(true);
    expect(texts(svg, "role-title-text")).toEqual(["Confusion matrix"]);
    expect(texts(svg, "role-axis-title").sort()).toEqual(["Predicted label", "True label"]);
    expect(markCount(svg, "cells", "path")).toBe(9);
    expect(texts(svg, "values_marks")).toEqual(["50", "2", "3", "5", "40", "5", "0", "0", "0"]);
    const spec = confusionMatrixSpec({ matrix, labels }) as {
      layer: { encoding: { x: { title: string; scale: { domain: string[] } }; y: { title: string } } }[];
    };
    expect(spec.layer[0].encoding.y.title).toBe("True label");
    expect(spec.layer[0].encoding.x.title).toBe("Predicted label");
    expect(spec.layer[0].encoding.x.scale.domain).toEqual(labels);
  });

  it("normalizes over true labels like scikit-learn, empty rows giving zeros", async () => {
    const svg = await confusionMatrixPlot({ matrix, labels, normalize: true, title: "Normalized" });
    expect(texts(svg, "role-title-text")).toEqual(["Normalized"]);
    expect(texts(svg, "values_marks")).toEqual([
      "0.91",
      "0.04",
      "0.05",
      "0.10",
      "0.80",
      "0.10",
      "0.00",
      "0.00",
      "0.00",
    ]);
  });

  it("normalizes over predictions or everything", () => {
    const m = [
      [3, 1],
      [1, 3],
    ];
    expect(normalizeConfusionMatrix(m, "pred")).toEqual([
      [0.75, 0.25],
      [0.25, 0.75],
    ]);
    expect(normalizeConfusionMatrix(m, "all")).toEqual([
      [0.375, 0.125],
      [0.125, 0.375],
    ]);
  });

  it("is deterministic", async () => {
    expect(await confusionMatrixPlot({ matrix, labels })).toBe(await confusionMatrixPlot({ matrix, labels }));
  });

  it("rejects bad input with InvalidArgumentError", () => {
    expect(() => confusionMatrixSpec({ matrix: [], labels: [] })).toThrow(/empty/);
    expect(() => confusionMatrixSpec({ matrix: [[1, 2]], labels: ["a"] })).toThrow(/square/);
    expect(() => confusionMatrixSpec({ matrix, labels: ["a", "b"] })).toThrow(
      /labels has 2 entries but the matrix is 3×3/,
    );
    expect(() => confusionMatrixSpec({ matrix: [[-1]], labels: ["a"] })).toThrow(/non-negative/);
    expect(() => confusionMatrixSpec({ matrix: [[Number.NaN]], labels: ["a"] })).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      confusionMatrixSpec({ matrix: [[1]], labels: ["a"], normalize: "rows" as unknown as boolean }),
    ).toThrow(/normalize must be/);
  });
});
