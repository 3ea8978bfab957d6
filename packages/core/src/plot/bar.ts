import type { TopLevelSpec } from "vega-lite";
import { InvalidArgumentError } from "../errors.js";
import {
  categoryLegend,
  categoryScheme,
  checkLength,
  checkSameLength,
  checkUnique,
  frame,
  type PlotLabels,
  type PlotSize,
  textWidth,
  titleOf,
} from "./common.js";
import { renderVegaLite } from "./render.js";

/** One group member of a {@link barPlot}: a value per category. */
export interface BarSeries {
  /** Legend entry; names must be unique within a plot. */
  name: string;
  /** `values[i]` is the bar of `categories[i]`. */
  values: ArrayLike<number>;
}

/** Options of {@link barPlot}. */
export interface BarPlotOptions extends PlotLabels, PlotSize {
  /** The category axis, in this order. */
  categories: readonly string[];
  /** One series draws plain bars; several draw a group of bars per category, with a legend. */
  series: readonly BarSeries[];
  /** Bars grow to the right, categories down the y axis (better for long category names). */
  horizontal?: boolean;
  /** Show the legend. Default: when there are two or more series. */
  legend?: boolean;
  /** Title above the legend entries. Default: none. */
  legendTitle?: string;
}

const WHO = "barPlot";

/**
 * The Vega-Lite spec {@link barPlot} renders. `xLabel` and `yLabel` title the x and y axes as drawn, so
 * with `horizontal` the x axis is the value axis. NaN and infinite values draw no bar.
 *
 * @throws InvalidArgumentError on empty categories or series, mismatched lengths, or duplicate names.
 */
export function barPlotSpec(options: BarPlotOptions): TopLevelSpec {
  const { categories, series } = options;
  const count = checkLength(WHO, "categories", categories);
  if (count === 0) throw new InvalidArgumentError(`${WHO}: categories is empty`);
  const names = categories.map(String);
  checkUnique(WHO, "category", names);
  if (!Array.isArray(series) || series.length === 0) {
    throw new InvalidArgumentError(`${WHO}: series is empty; give at least one { name, values }`);
  }
  const seriesNames = series.map((s, k) => {
    if (typeof s?.name !== "string")
      throw new InvalidArgumentError(`${WHO}: series[${k}].name must be a string`);
    return s.name;
  });
  checkUnique(WHO, "series name", seriesNames);

  const horizontal = options.horizontal ?? false;
  const rows: { c: string; s: string; v: number }[] = [];
  for (const s of series) {
    const label = `series ${JSON.stringify(s.name)} values`;
    checkSameLength(WHO, label, checkLength(WHO, label, s.values), "categories", count);
    for (let i = 0; i < count; i++) {
      const v = Number(s.values[i]);
      if (Number.isFinite(v)) rows.push({ c: names[i], s: s.name, v });
    }
  }
  if (rows.length === 0) throw new InvalidArgumentError(`${WHO}: every value is NaN or infinite`);

  const base = frame(WHO, options);
  const grouped = series.length > 1;
  const showLegend = options.legend ?? grouped;
  const longest = Math.max(...names.map((c) => textWidth(c, 11)));
  const band = (base.width - 120) / count;
  const category = {
    field: "c",
    type: "nominal",
    title: (horizontal ? options.yLabel : options.xLabel) ?? null,
    scale: { domain: names, paddingInner: grouped ? 0.2 : 0.15 },
    axis: horizontal
      ? { labelLimit: 200 }
      : longest > band
        ? { labelAngle: -40, labelAlign: "right", labelBaseline: "top", labelLimit: 160 }
        : { labelAngle: 0 },
  };
  const value = {
    field: "v",
    type: "quantitative",
    title: (horizontal ? options.xLabel : options.yLabel) ?? null,
    scale: { zero: true, nice: true },
  };
  const color = {
    field: "s",
    type: "nominal",
    scale: { domain: seriesNames, scheme: categoryScheme(seriesNames.length) },
    legend: showLegend ? categoryLegend(seriesNames.length, base.height, options.legendTitle) : null,
  };
  const offset = grouped
    ? { field: "s", type: "nominal", scale: { domain: seriesNames, paddingInner: 0.05 } }
    : undefined;
  const encoding = horizontal
    ? { y: category, x: value, color, ...(offset ? { yOffset: offset } : {}) }
    : { x: category, y: value, color, ...(offset ? { xOffset: offset } : {}) };
  return {
    ...base,
    ...titleOf(options.title, base),
    name: "bars",
    data: { values: rows },
    mark: { type: "bar" },
    encoding,
  } as TopLevelSpec;
}

/**
 * A bar plot as a standalone SVG string (560×360 by default): one bar per category, or a group of
 * bars per category when there are several series. The same input always gives the same SVG.
 */
export function barPlot(options: BarPlotOptions): Promise<string> {
  return Promise.resolve().then(() => renderVegaLite(barPlotSpec(options)));
}
