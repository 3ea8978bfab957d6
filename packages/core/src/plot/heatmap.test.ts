import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { heatmap, heatmapSpec, luminance } from "./heatmap.js";
import { markCount, standalone, texts } from "./test-helpers.js";

const matrix = [
  [1, 0.2, 0.5],
  [0.2, 1, 0.7],
];
const xLabels = ["a", "b", "c"];
const yLabels = ["row 1", "row 2"];

describe("heatmap", () => {
  it("draws one cell per value, with labels, titles and a color legend", async () => {
    const svg = await heatmap({
      matrix,
      xLabels,
      yLabels,
      title: "Similarity",
      xLabel: "columns",
      yLabel: "rows",
    });
    expect(standalone(svg)).toBe(true);
    expect(texts(svg, "role-title-text")).toEqual(["Similarity"]);
    expect(texts(svg, "role-axis-title").sort()).toEqual(["columns", "rows"]);
    expect(markCount(svg, "cells", "path")).toBe(6);
    expect(texts(svg, "role-axis-label")).toEqual(expect.arrayContaining([...xLabels, ...yLabels]));
    expect(svg).toContain("role-legend-gradient");
    expect(markCount(svg, "values", "text")).toBe(0);
  });

  it("annotates each cell, in white on dark cells and dark on light ones", async () => {
    const svg = await heatmap({ matrix, xLabels, yLabels, annotate: true });
    expect(markCount(svg, "values", "text")).toBe(6);
    expect(texts(svg, "values_marks")).toEqual(["1", "0.2", "0.5", "0.2", "1", "0.7"]);
    const fills = [...svg.matchAll(/<text[^>]*fill="([^"]+)"[^>]*>(1|0\.2)<\/text>/g)].map((m) => [
      m[2],
      m[1],
    ]);
    expect(fills).toContainEqual(["1", "#ffffff"]);
    expect(fills).toContainEqual(["0.2", "#222222"]);
  });

  it("uses the requested color scheme and number format", async () => {
    const svg = await heatmap({
      matrix,
      xLabels,
      yLabels,
      annotate: true,
      colorScheme: "viridis",
      format: ".0%",
    });
    expect(texts(svg, "values_marks")).toEqual(["100%", "20%", "50%", "20%", "100%", "70%"]);
    // viridis is dark at the low end: the smallest value is printed in white
    const low = [...svg.matchAll(/<text[^>]*fill="([^"]+)"[^>]*>20%<\/text>/g)].map((m) => m[1]);
    expect(low).toEqual(["#ffffff", "#ffffff"]);
  });

  it("leaves NaN cells blank and is deterministic", async () => {
    const options = {
      matrix: [
        [1, Number.NaN],
        [3, 4],
      ],
      xLabels: ["x", "y"],
      yLabels: ["p", "q"],
      annotate: true,
    };
    const svg = await heatmap(options);
    expect(markCount(svg, "cells", "path")).toBe(3);
    expect(svg).not.toContain("NaN");
    expect(svg).toBe(await heatmap(options));
  });

  it("computes luminance of hex and rgb() colors", () => {
    expect(luminance("#ffffff")).toBeCloseTo(1);
    expect(luminance("rgb(0, 0, 0)")).toBeCloseTo(0);
  });

  it("rejects bad input with InvalidArgumentError", () => {
    expect(() => heatmapSpec({ matrix: [], xLabels: [], yLabels: [] })).toThrow(/matrix is empty/);
    expect(() => heatmapSpec({ matrix: [[1, 2], [3]], xLabels: ["a", "b"], yLabels: ["p", "q"] })).toThrow(
      /ragged: row 0 has 2 values but row 1 has 1/,
    );
    expect(() => heatmapSpec({ matrix, xLabels: ["a", "b"], yLabels })).toThrow(
      /xLabels has 2 labels but the matrix has 3 columns/,
    );
    expect(() => heatmapSpec({ matrix, xLabels, yLabels: ["p"] })).toThrow(
      /yLabels has 1 labels but the matrix has 2 rows/,
    );
    expect(() => heatmapSpec({ matrix, xLabels: ["a", "a", "b"], yLabels })).toThrow(/appears twice/);
    expect(() => heatmapSpec({ matrix, xLabels, yLabels, colorScheme: "nope" })).toThrow(
      /colorScheme "nope"/,
    );
    expect(() => heatmapSpec({ matrix: [[Number.NaN]], xLabels: ["a"], yLabels: ["b"] })).toThrow(
      InvalidArgumentError,
    );
  });
});
