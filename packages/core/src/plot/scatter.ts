import type { TopLevelSpec } from "vega-lite";
import { InvalidArgumentError } from "../errors.js";
import {
  type AxisScale,
  categoryLegend,
  categoryScheme,
  checkLength,
  checkPositive,
  checkSameLength,
  checkScale,
  frame,
  numericAxis,
  type PlotLabels,
  type PlotSize,
  titleOf,
} from "./common.js";
import { renderVegaLite } from "./render.js";

/** Options of {@link scatterPlot}. */
export interface ScatterPlotOptions extends PlotLabels, PlotSize {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** A class per point: points are colored by label, with a legend in sorted label order. */
  labels?: ArrayLike<string | number>;
  /** A text drawn beside each point, e.g. the words of a word2vec map. */
  text?: ArrayLike<string>;
  xScale?: AxisScale;
  yScale?: AxisScale;
  /** Title above the legend entries. Default: none. */
  legendTitle?: string;
  /** Area of each dot in square pixels. Default: 40, smaller for thousands of points. */
  pointSize?: number;
}

const WHO = "scatterPlot";

function compareLabels(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The Vega-Lite spec {@link scatterPlot} renders. Points whose x or y is NaN or ±Infinity are dropped,
 * with their label and text.
 *
 * @throws InvalidArgumentError on empty input, mismatched lengths, or a non-positive value on a log axis.
 */
export function scatterPlotSpec(options: ScatterPlotOptions): TopLevelSpec {
  const n = checkLength(WHO, "x", options.x);
  checkSameLength(WHO, "x", n, "y", checkLength(WHO, "y", options.y));
  if (n === 0) throw new InvalidArgumentError(`${WHO}: x and y are empty; there is nothing to plot`);
  const { labels, text } = options;
  if (labels !== undefined) checkSameLength(WHO, "x", n, "labels", checkLength(WHO, "labels", labels));
  if (text !== undefined) checkSameLength(WHO, "x", n, "text", checkLength(WHO, "text", text));
  const xScale = checkScale(WHO, "xScale", options.xScale);
  const yScale = checkScale(WHO, "yScale", options.yScale);

  const rows: { x: number; y: number; l?: string; t?: string }[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const classes = new Map<string, string | number>();
  for (let i = 0; i < n; i++) {
    const x = Number(options.x[i]);
    const y = Number(options.y[i]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (xScale === "log") checkPositive(WHO, "xScale", x, () => `x[${i}]`);
    if (yScale === "log") checkPositive(WHO, "yScale", y, () => `y[${i}]`);
    const row: (typeof rows)[number] = { x, y };
    if (labels !== undefined) {
      const label = labels[i];
      if (typeof label !== "string" && typeof label !== "number") {
        throw new InvalidArgumentError(
          `${WHO}: labels[${i}] must be a string or a number, got ${String(label)}`,
        );
      }
      row.l = String(label);
      if (!classes.has(row.l)) classes.set(row.l, label);
    }
    if (text !== undefined) row.t = String(text[i] ?? "");
    rows.push(row);
    xs.push(x);
    ys.push(y);
  }
  if (rows.length === 0) {
    throw new InvalidArgumentError(`${WHO}: no finite point to draw (every x or y is NaN or infinite)`);
  }

  const base = frame(WHO, options);
  const xAxis = numericAxis(xScale, xs);
  const yAxis = numericAxis(yScale, ys);
  const domain = [...classes.values()].sort(compareLabels).map(String);
  const size = options.pointSize ?? (rows.length <= 500 ? 40 : rows.length <= 5000 ? 16 : 6);
  if (!(size > 0 && Number.isFinite(size))) {
    throw new InvalidArgumentError(
      `${WHO}: pointSize must be a positive number of square pixels, got ${size}`,
    );
  }
  const encoding = {
    x: {
      field: "x",
      type: "quantitative",
      title: options.xLabel ?? null,
      scale: xAxis.scale,
      axis: xAxis.axis,
    },
    y: {
      field: "y",
      type: "quantitative",
      title: options.yLabel ?? null,
      scale: yAxis.scale,
      axis: yAxis.axis,
    },
  };
  const color =
    labels === undefined
      ? { value: "#4c78a8" }
      : {
          field: "l",
          type: "nominal",
          scale: { domain, scheme: categoryScheme(domain.length) },
          legend: categoryLegend(domain.length, base.height, options.legendTitle),
        };
  const points = {
    name: "points",
    mark: { type: "point", filled: true, size, opacity: 0.8 },
    encoding: { ...encoding, color },
  };
  const layers: object[] = [points];
  if (text !== undefined) {
    layers.push({
      name: "annotations",
      mark: { type: "text", align: "left", baseline: "middle", dx: 5, fontSize: 10, color: "#333" },
      encoding: { ...encoding, text: { field: "t", type: "nominal" } },
    });
  }
  return { ...base, ...titleOf(options.title, base), data: { values: rows }, layer: layers } as TopLevelSpec;
}

/**
 * A scatter plot as a standalone SVG string (560×360 by default), optionally colored by class label
 * (with a legend) and with a text beside each point. The same input always gives the same SVG. NaN
 * and infinite points are dropped, see {@link scatterPlotSpec}.
 */
export function scatterPlot(options: ScatterPlotOptions): Promise<string> {
  return Promise.resolve().then(() => renderVegaLite(scatterPlotSpec(options)));
}
