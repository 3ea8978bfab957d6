import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { barPlot, barPlotSpec } from "./bar.js";
import { markCount, standalone, texts } from "./test-helpers.js";

const categories = ["World", "Sports", "Business", "Sci/Tech"];

describe("barPlot", () => {
  it("draws one bar per category", async () => {
    const svg = await barPlot({
      title: "Accuracy",
      xLabel: "class",
      yLabel: "accuracy",
      categories,
      series: [{ name: "acc", values: [0.9, 0.95, 0.85, 0.88] }],
    });
    expect(standalone(svg)).toBe(true);
    expect(texts(svg, "role-title-text")).toEqual(["Accuracy"]);
    expect(texts(svg, "role-axis-title").sort()).toEqual(["accuracy", "class"]);
    expect(markCount(svg, "bars", "path")).toBe(4);
    expect(texts(svg, "role-axis-label")).toEqual(expect.arrayContaining(categories));
    expect(texts(svg, "role-legend-label")).toEqual([]);
  });

  it("groups several series with a legend, keeping the given orders", async () => {
    const svg = await barPlot({
      categories,
      series: [
        { name: "precision", values: [0.9, 0.95, 0.85, 0.87] },
        { name: "recall", values: [0.88, 0.97, 0.83, 0.9] },
        { name: "F1", values: [0.89, 0.96, 0.84, 0.88] },
      ],
    });
    expect(markCount(svg, "bars", "path")).toBe(12);
    expect(texts(svg, "role-legend-label")).toEqual(["precision", "recall", "F1"]);
    const labels = texts(svg, "role-axis-label").filter((l) => categories.includes(l));
    expect(labels).toEqual(categories);
  });

  it("draws horizontal bars with xLabel on the value axis", async () => {
    const options = {
      horizontal: true,
      xLabel: "count",
      yLabel: "word",
      categories: ["the", "of", "and"],
      series: [{ name: "n", values: [140, 66, 64] }],
    };
    const svg = await barPlot(options);
    expect(markCount(svg, "bars", "path")).toBe(3);
    const spec = barPlotSpec(options) as { encoding: { x: { title: string }; y: { title: string } } };
    expect(spec.encoding.x.title).toBe("count");
    expect(spec.encoding.y.title).toBe("word");
  });

  it("is deterministic and skips NaN values", async () => {
    const options = { categories: ["a", "b", "c"], series: [{ name: "s", values: [1, Number.NaN, 3] }] };
    const svg = await barPlot(options);
    expect(svg).toBe(await barPlot(options));
    expect(markCount(svg, "bars", "path")).toBe(2);
  });

  it("rejects bad input with InvalidArgumentError", () => {
    expect(() => barPlotSpec({ categories: [], series: [{ name: "s", values: [] }] })).toThrow(
      /categories is empty/,
    );
    expect(() => barPlotSpec({ categories: ["a"], series: [] })).toThrow(/series is empty/);
    expect(() => barPlotSpec({ categories: ["a", "b"], series: [{ name: "s", values: [1] }] })).toThrow(
      /series "s" values has 1 values but categories has 2/,
    );
    expect(() => barPlotSpec({ categories: ["a", "a"], series: [{ name: "s", values: [1, 2] }] })).toThrow(
      /category "a" appears twice/,
    );
    expect(() => barPlotSpec({ categories: ["a"], series: [{ name: "s", values: [Number.NaN] }] })).toThrow(
      InvalidArgumentError,
    );
  });
});
