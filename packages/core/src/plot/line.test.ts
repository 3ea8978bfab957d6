import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { linePlot, linePlotSpec } from "./line.js";
import { count, groups, markCount, standalone, svgSize, texts } from "./test-helpers.js";

const ks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const lambdas = [0.01, 0.1, 1];
const ein = {
  title: "E_in against k",
  xLabel: "k",
  yLabel: "E_in",
  legendTitle: "lambda",
  series: lambdas.map((lam) => ({ name: `lambda ${lam}`, x: ks, y: ks.map((k) => 1 / k + lam * k) })),
};

describe("linePlot", () => {
  it("draws one line per series with a legend, title and axis titles", async () => {
    const svg = await linePlot(ein);
    expect(standalone(svg)).toBe(true);
    expect(svgSize(svg)).toEqual([560, 360]);
    expect(texts(svg, "role-title-text")).toEqual(["E_in against k"]);
    expect(texts(svg, "role-axis-title").sort()).toEqual(["E_in", "k"]);
    expect(markCount(svg, "line", "path")).toBe(3);
    expect(texts(svg, "role-legend-label")).toEqual(["lambda 0.01", "lambda 0.1", "lambda 1"]);
    expect(texts(svg, "role-legend-title")).toEqual(["lambda"]);
    // 10 points per series get dots by default
    expect(groups(svg, "role-mark").reduce((n, g) => n + count(g, 'aria-roledescription="point"'), 0)).toBe(
      30,
    );
  });

  it("labels integer data with integer ticks only", async () => {
    const svg = await linePlot({ series: [{ name: "s", x: [1, 2, 3], y: [5, 7, 6] }] });
    const labels = texts(svg, "role-axis-label");
    expect(labels).toEqual(expect.arrayContaining(["1", "2", "3", "5", "6", "7"]));
    expect(labels.filter((l) => l.includes("."))).toEqual([]);
  });

  it("keeps the series order in the legend, not the alphabetical one", async () => {
    const svg = await linePlot({
      series: [
        { name: "zeta", x: [0, 1], y: [0, 1] },
        { name: "alpha", x: [0, 1], y: [1, 0] },
      ],
    });
    expect(texts(svg, "role-legend-label")).toEqual(["zeta", "alpha"]);
  });

  it("puts power-of-ten tick labels on a log axis", async () => {
    const epochs = Array.from({ length: 100 }, (_, i) => i + 1);
    const svg = await linePlot({
      title: "Training loss",
      xLabel: "epoch",
      yLabel: "loss",
      yScale: "log",
      series: [{ name: "train", x: epochs, y: epochs.map((e) => 2 * Math.exp(-e / 10)) }],
    });
    const labels = texts(svg, "role-axis-label");
    for (const label of ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"]) expect(labels).toContain(label);
    // a single series has no legend, and 100 points draw no dots
    expect(texts(svg, "role-legend-label")).toEqual([]);
    expect(svg).not.toContain('aria-roledescription="point"');
  });

  it("labels every other decade when the log axis spans many", async () => {
    const x = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];
    const svg = await linePlot({ xScale: "log", yScale: "log", series: [{ name: "s", x, y: x }] });
    const labels = texts(svg, "role-axis-label");
    expect(labels).toContain("10¹²");
    expect(labels).toContain("10⁶");
    expect(labels).not.toContain("10¹¹");
  });

  it("gives the same SVG for the same input, even with other plots rendered in between", async () => {
    const first = await linePlot({ ...ein, yScale: "log" });
    const [second] = await Promise.all([
      linePlot({ ...ein, yScale: "log" }),
      linePlot({ series: [{ name: "other", x: [1, 2], y: [3, 4] }] }),
    ]);
    expect(second).toBe(first);
  });

  it("drops NaN and infinite points", async () => {
    const spec = linePlotSpec({
      series: [{ name: "s", x: [0, 1, 2, 3, Number.POSITIVE_INFINITY], y: [1, Number.NaN, 3, 4, 5] }],
    }) as { data: { values: unknown[] } };
    expect(spec.data.values).toEqual([
      { s: "s", i: 0, x: 0, y: 1 },
      { s: "s", i: 2, x: 2, y: 3 },
      { s: "s", i: 3, x: 3, y: 4 },
    ]);
    const svg = await linePlot({ series: [{ name: "s", x: [0, 1, 2], y: [1, Number.NaN, 3] }] });
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("accepts typed arrays and honours width, height and points", async () => {
    const svg = await linePlot({
      width: 400,
      height: 300,
      points: false,
      series: [{ name: "s", x: Float64Array.from([1, 2, 3]), y: Float32Array.from([3, 1, 2]) }],
    });
    expect(svgSize(svg)).toEqual([400, 300]);
    expect(svg).not.toContain('aria-roledescription="point"');
  });

  it("rejects bad input with InvalidArgumentError", () => {
    const bad = (options: Parameters<typeof linePlotSpec>[0]) => () => linePlotSpec(options);
    expect(bad({ series: [] })).toThrow(/series is empty/);
    expect(bad({ series: [{ name: "a", x: [1, 2], y: [1] }] })).toThrow(
      /series "a" x has 2 values but its y has 1/,
    );
    expect(bad({ series: [{ name: "a", x: [], y: [] }] })).toThrow(/series "a" is empty/);
    expect(bad({ yScale: "log", series: [{ name: "a", x: [1, 2], y: [1, 0] }] })).toThrow(
      /yScale is "log" but series "a" has y\[1\] = 0/,
    );
    expect(bad({ xScale: "log", series: [{ name: "a", x: [-1, 2], y: [1, 1] }] })).toThrow(/x\[0\] = -1/);
    expect(
      bad({
        series: [
          { name: "a", x: [1], y: [1] },
          { name: "a", x: [1], y: [2] },
        ],
      }),
    ).toThrow(/"a" appears twice/);
    expect(bad({ series: [{ name: "a", x: [Number.NaN], y: [1] }] })).toThrow(/no finite point/);
    expect(bad({ width: 0, series: [{ name: "a", x: [1], y: [1] }] })).toThrow(/width/);
    expect(bad({ xScale: "sqrt" as "log", series: [{ name: "a", x: [1], y: [1] }] })).toThrow(/xScale/);
    expect(bad({ series: [] })).toThrow(InvalidArgumentError);
  });

  it("rejects asynchronously from the render function", async () => {
    await expect(linePlot({ series: [] })).rejects.toThrow(InvalidArgumentError);
  });
});
