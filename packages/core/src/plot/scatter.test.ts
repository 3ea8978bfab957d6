import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { scatterPlot, scatterPlotSpec } from "./scatter.js";
import { markCount, standalone, svgSize, texts } from "./test-helpers.js";

const x = [0.5, 1.5, 2, 3.5, 4, 5.5, 6];
const y = [1, 0.5, 2.5, 3, 2, 4.5, 5];

describe("scatterPlot", () => {
  it("draws one dot per point with title and axis titles", async () => {
    const svg = await scatterPlot({ x, y, title: "Scatter", xLabel: "PC 1", yLabel: "PC 2" });
    expect(standalone(svg)).toBe(true);
    expect(svgSize(svg)).toEqual([560, 360]);
    expect(texts(svg, "role-title-text")).toEqual(["Scatter"]);
    expect(texts(svg, "role-axis-title").sort()).toEqual(["PC 1", "PC 2"]);
    expect(markCount(svg, "points", "path")).toBe(7);
    expect(texts(svg, "role-legend-label")).toEqual([]);
  });

  it("colors by label with one legend entry per class, numbers sorted numerically", async () => {
    const labels = [10, 2, 2, 1, 10, 1, 2];
    const svg = await scatterPlot({ x, y, labels, legendTitle: "digit" });
    expect(texts(svg, "role-legend-label")).toEqual(["1", "2", "10"]);
    expect(texts(svg, "role-legend-title")).toEqual(["digit"]);
    const fills = [...svg.matchAll(/aria-roledescription="point"[^>]*fill="(#[0-9a-f]+)"/g)].map((m) => m[1]);
    expect(fills).toHaveLength(7);
    expect(new Set(fills).size).toBe(3);
  });

  it("writes a text beside each point", async () => {
    const words = ["king", "queen", "man", "woman", "paris", "france", "whale"];
    const svg = await scatterPlot({ x, y, text: words, title: "word2vec" });
    expect(markCount(svg, "annotations", "text")).toBe(7);
    expect(texts(svg, "annotations_marks").sort()).toEqual([...words].sort());
  });

  it("escapes text so the SVG stays well-formed", async () => {
    const svg = await scatterPlot({ x: [1, 2], y: [1, 2], text: ["a<b", "c&d"], title: "x < y & z" });
    expect(svg).toContain("a&lt;b");
    expect(svg).toContain("c&amp;d");
    expect(svg).not.toContain("x < y");
  });

  it("is deterministic", async () => {
    const options = { x, y, labels: ["a", "b", "a", "b", "c", "c", "a"], text: x.map(String) };
    expect(await scatterPlot(options)).toBe(await scatterPlot(options));
  });

  it("drops NaN and infinite points with their label and text", () => {
    const spec = scatterPlotSpec({
      x: [1, Number.NaN, 3],
      y: [1, 2, Number.NEGATIVE_INFINITY],
      labels: ["a", "b", "c"],
      text: ["p", "q", "r"],
    }) as { data: { values: unknown[] } };
    expect(spec.data.values).toEqual([{ x: 1, y: 1, l: "a", t: "p" }]);
  });

  it("supports log axes", async () => {
    const svg = await scatterPlot({ x: [1, 10, 100, 1000], y: [1, 2, 3, 4], xScale: "log" });
    expect(texts(svg, "role-axis-label")).toEqual(expect.arrayContaining(["10⁰", "10¹", "10²", "10³"]));
  });

  it("rejects bad input with InvalidArgumentError", () => {
    expect(() => scatterPlotSpec({ x: [1, 2], y: [1] })).toThrow(/x has 2 values but y has 1/);
    expect(() => scatterPlotSpec({ x: [], y: [] })).toThrow(/empty/);
    expect(() => scatterPlotSpec({ x: [1, 2], y: [1, 2], labels: ["a"] })).toThrow(/labels has 1/);
    expect(() => scatterPlotSpec({ x: [1, 2], y: [1, 2], text: ["a", "b", "c"] })).toThrow(/text has 3/);
    expect(() => scatterPlotSpec({ x: [1, 2], y: [0, 2], yScale: "log" })).toThrow(/y\[0\] = 0/);
    expect(() => scatterPlotSpec({ x: [1], y: [1], pointSize: -3 })).toThrow(/pointSize/);
    expect(() => scatterPlotSpec({ x: [Number.NaN], y: [1] })).toThrow(InvalidArgumentError);
  });
});
