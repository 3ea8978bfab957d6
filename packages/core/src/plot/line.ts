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
  checkUnique,
  frame,
  numericAxis,
  type PlotLabels,
  type PlotSize,
  titleOf,
} from "./common.js";
import { renderVegaLite } from "./render.js";

/** One line of a {@link linePlot}: `y[i]` against `x[i]`, drawn in the given order. */
export interface LineSeries {
  /** Legend entry; names must be unique within a plot. */
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** Options of {@link linePlot}. */
export interface LinePlotOptions extends PlotLabels, PlotSize {
  /** One or more lines; each gets its own color and legend entry, in this order. */
  series: readonly LineSeries[];
  xScale?: AxisScale;
  yScale?: AxisScale;
  /** Mark each point with a dot. Default: when no series has more than 30 points. */
  points?: boolean;
  /** Show the legend. Default: when there are two or more series. */
  legend?: boolean;
  /** Title above the legend entries, e.g. "λ". Default: none. */
  legendTitle?: string;
}

const WHO = "linePlot";

/**
 * The Vega-Lite spec {@link linePlot} renders. Points whose x or y is NaN or ±Infinity are dropped
 * (the line joins their neighbours); a series may not be empty, and all of a plot's points may not
 * be dropped.
 *
 * @throws InvalidArgumentError on empty or mismatched series, duplicate names, or a non-positive
 *   value on a log axis.
 */
export function linePlotSpec(options: LinePlotOptions): TopLevelSpec {
  const series = options.series;
  if (!Array.isArray(series) || series.length === 0) {
    throw new InvalidArgumentError(`${WHO}: series is empty; give at least one { name, x, y }`);
  }
  const xScale = checkScale(WHO, "xScale", options.xScale);
  const yScale = checkScale(WHO, "yScale", options.yScale);
  const names = series.map((s, k) => {
    if (typeof s?.name !== "string")
      throw new InvalidArgumentError(`${WHO}: series[${k}].name must be a string`);
    return s.name;
  });
  checkUnique(WHO, "series name", names);

  const rows: { s: string; i: number; x: number; y: number }[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  let longest = 0;
  for (const s of series) {
    const label = `series ${JSON.stringify(s.name)}`;
    const n = checkLength(WHO, `${label} x`, s.x);
    checkSameLength(WHO, `${label} x`, n, "its y", checkLength(WHO, `${label} y`, s.y));
    if (n === 0) throw new InvalidArgumentError(`${WHO}: ${label} is empty`);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const x = Number(s.x[i]);
      const y = Number(s.y[i]);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (xScale === "log") checkPositive(WHO, "xScale", x, () => `${label} has x[${i}]`);
      if (yScale === "log") checkPositive(WHO, "yScale", y, () => `${label} has y[${i}]`);
      rows.push({ s: s.name, i, x, y });
      xs.push(x);
      ys.push(y);
      kept++;
    }
    longest = Math.max(longest, kept);
  }
  if (rows.length === 0) {
    throw new InvalidArgumentError(`${WHO}: no finite point to draw (every x or y is NaN or infinite)`);
  }

  const base = frame(WHO, options);
  const x = numericAxis(xScale, xs);
  const y = numericAxis(yScale, ys);
  const showPoints = options.points ?? longest <= 30;
  const showLegend = options.legend ?? series.length > 1;
  return {
    ...base,
    ...titleOf(options.title, base),
    name: "line",
    data: { values: rows },
    mark: {
      type: "line",
      strokeWidth: 2,
      point: showPoints ? { filled: true, size: 36 } : false,
    },
    encoding: {
      x: { field: "x", type: "quantitative", title: options.xLabel ?? null, scale: x.scale, axis: x.axis },
      y: { field: "y", type: "quantitative", title: options.yLabel ?? null, scale: y.scale, axis: y.axis },
      color: {
        field: "s",
        type: "nominal",
        scale: { domain: names, scheme: categoryScheme(names.length) },
        legend: showLegend
          ? {
              ...categoryLegend(names.length, base.height, options.legendTitle),
              symbolType: "stroke",
              symbolStrokeWidth: 2.5,
              symbolSize: 200,
            }
          : null,
      },
      order: { field: "i", type: "quantitative" },
    },
  } as TopLevelSpec;
}

/**
 * A line plot of one or more series as a standalone SVG string (560×360 by default): e.g. E_in
 * against k with one line per λ, or training loss per epoch with `yScale: "log"`. Log axes are
 * labelled at powers of ten (10⁻², 10⁻¹, 10⁰ ...). The same input always gives the same SVG.
 * NaN and infinite points are dropped, see {@link linePlotSpec}.
 */
export function linePlot(options: LinePlotOptions): Promise<string> {
  return Promise.resolve().then(() => renderVegaLite(linePlotSpec(options)));
}
