import { scheme } from "vega";
import type { TopLevelSpec } from "vega-lite";
import { InvalidArgumentError } from "../errors.js";
import {
  checkLength,
  checkUnique,
  frame,
  type PlotLabels,
  type PlotSize,
  textWidth,
  titleOf,
} from "./common.js";
import { renderVegaLite } from "./render.js";

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends PlotLabels, PlotSize {
  /** `matrix[i][j]` is the cell of row `yLabels[i]` (top to bottom) and column `xLabels[j]`. */
  matrix: readonly ArrayLike<number>[];
  /** One label per column, left to right. */
  xLabels: readonly (string | number)[];
  /** One label per row, top to bottom. */
  yLabels: readonly (string | number)[];
  /** Print each cell's value in it, in black or white, whichever reads better on the cell's color. */
  annotate?: boolean;
  /** d3-format specifier of the printed values. Default "d" when every value is an integer, else ".3~r". */
  format?: string;
  /** A continuous Vega color scheme: "blues" (default), "viridis", "greens", "reds", "magma"... */
  colorScheme?: string;
  /** Values mapped to the two ends of the color scheme. Default: the smallest and largest value. */
  domain?: readonly [number, number];
  /** Title above the color legend. Default: none. */
  legendTitle?: string;
}

const WHO = "heatmap";

type Interpolator = (t: number) => string;

/** The interpolator of a continuous Vega color scheme, or an error naming some that exist. */
export function continuousScheme(who: string, name: string): Interpolator {
  const found: unknown = typeof name === "string" ? scheme(name) : undefined;
  if (typeof found !== "function") {
    throw new InvalidArgumentError(
      `${who}: colorScheme ${JSON.stringify(name)} is not a continuous Vega color scheme; use e.g. "blues", "greens", "viridis", "magma" or "redblue"`,
    );
  }
  return found as Interpolator;
}

/** Relative luminance (0 black .. 1 white) of a CSS color written as #rrggbb or rgb(r, g, b). */
export function luminance(color: string): number {
  let rgb: number[];
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    rgb = [0, 2, 4].map((k) => Number.parseInt(hex[1].slice(k, k + 2), 16));
  } else {
    const fn = /^rgba?\(([^)]*)\)$/i.exec(color.trim());
    rgb = fn ? fn[1].split(",").map((part) => Number.parseFloat(part)) : [255, 255, 255];
  }
  const linear = rgb.slice(0, 3).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}

/**
 * The Vega-Lite spec {@link heatmap} renders. NaN and infinite cells are left blank.
 *
 * @throws InvalidArgumentError on an empty or ragged matrix, label counts that do not match it,
 *   duplicate labels, or an unknown color scheme.
 */
export function heatmapSpec(options: HeatmapOptions): TopLevelSpec {
  const { matrix } = options;
  const rowCount = checkLength(WHO, "matrix", matrix);
  if (rowCount === 0) throw new InvalidArgumentError(`${WHO}: matrix is empty`);
  const colCount = checkLength(WHO, "matrix[0]", matrix[0]);
  if (colCount === 0) throw new InvalidArgumentError(`${WHO}: matrix has rows of length 0`);
  for (let i = 1; i < rowCount; i++) {
    const n = checkLength(WHO, `matrix[${i}]`, matrix[i]);
    if (n !== colCount) {
      throw new InvalidArgumentError(
        `${WHO}: matrix is ragged: row 0 has ${colCount} values but row ${i} has ${n}; every row must have the same length`,
      );
    }
  }
  const xLabels = labelList("xLabels", options.xLabels, colCount, "columns");
  const yLabels = labelList("yLabels", options.yLabels, rowCount, "rows");
  const interpolate = continuousScheme(WHO, options.colorScheme ?? "blues");

  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integers = true;
  for (const row of matrix) {
    for (let j = 0; j < colCount; j++) {
      const v = Number(row[j]);
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (!Number.isInteger(v)) integers = false;
    }
  }
  if (min > max) throw new InvalidArgumentError(`${WHO}: every cell is NaN or infinite`);
  let [low, high] = options.domain ?? [min, max];
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new InvalidArgumentError(`${WHO}: domain must be two finite numbers [low, high] with low <= high`);
  }
  if (low === high) high = low + 1;

  // `w`: the cell is dark enough that its value reads better in white.
  const rows: { r: string; c: string; v: number; w: boolean }[] = [];
  for (let i = 0; i < rowCount; i++) {
    for (let j = 0; j < colCount; j++) {
      const v = Number(matrix[i][j]);
      if (!Number.isFinite(v)) continue;
      const t = Math.min(1, Math.max(0, (v - low) / (high - low)));
      rows.push({ r: yLabels[i], c: xLabels[j], v, w: luminance(interpolate(t)) < 0.4 });
    }
  }

  const base = frame(WHO, options);
  const yLabelWidth = Math.max(...yLabels.map((l) => textWidth(l, 11)));
  const xLabelWidth = Math.max(...xLabels.map((l) => textWidth(l, 11)));
  const plotWidth = Math.max(40, base.width - Math.min(yLabelWidth, 160) - 120);
  const cellWidth = plotWidth / colCount;
  const rotate = xLabelWidth > cellWidth - 4;
  const plotHeight = Math.max(40, base.height - 70 - (rotate ? Math.min(xLabelWidth * 0.7, 100) : 16));
  const cellHeight = plotHeight / rowCount;

  const format = options.format ?? (integers ? "d" : ".3~r");
  const encoding = {
    x: {
      field: "c",
      type: "nominal",
      title: options.xLabel ?? null,
      scale: { domain: xLabels, paddingInner: 0, paddingOuter: 0 },
      axis: {
        ticks: false,
        domain: false,
        labelPadding: 4,
        labelLimit: 160,
        // Hide labels only when the columns are too narrow for all of them (a rotated label's box is
        // wider than the label, so Vega would hide more than needed).
        labelOverlap: cellWidth < 12 ? "greedy" : false,
        ...(!rotate
          ? { labelAngle: 0 }
          : cellWidth < 16
            ? { labelAngle: -90, labelAlign: "right", labelBaseline: "middle" }
            : { labelAngle: -45, labelAlign: "right", labelBaseline: "top" }),
      },
    },
    y: {
      field: "r",
      type: "nominal",
      title: options.yLabel ?? null,
      scale: { domain: yLabels, paddingInner: 0, paddingOuter: 0 },
      axis: {
        ticks: false,
        domain: false,
        labelPadding: 4,
        labelLimit: 160,
        labelOverlap: cellHeight < 12 ? "greedy" : false,
      },
    },
  };
  const layers: object[] = [
    {
      name: "cells",
      mark: { type: "rect" },
      encoding: {
        ...encoding,
        color: {
          field: "v",
          type: "quantitative",
          scale: {
            scheme: options.colorScheme ?? "blues",
            domain: [low, high],
            nice: false,
            zero: false,
            clamp: true,
          },
          legend: {
            title: options.legendTitle ?? null,
            ...(integers && options.domain === undefined ? { format: "d", tickMinStep: 1 } : {}),
          },
        },
      },
    },
  ];
  if (options.annotate) {
    const fixed = /^\.(\d+)f$/.exec(format);
    const sample = (v: number) =>
      fixed ? v.toFixed(Number(fixed[1])) : format === "d" ? String(Math.round(v)) : "0.000";
    const longest = Math.max(...rows.map((row) => textWidth(sample(row.v), 1)));
    const fontSize = Math.max(6, Math.min(13, cellHeight * 0.5, (cellWidth - 6) / longest));
    layers.push({
      name: "values",
      mark: { type: "text", fontSize: Math.round(fontSize * 10) / 10, baseline: "middle", align: "center" },
      encoding: {
        ...encoding,
        text: { field: "v", type: "quantitative", format },
        color: { condition: { test: "datum.w", value: "#ffffff" }, value: "#222222" },
      },
    });
  }
  return {
    ...base,
    ...titleOf(options.title, base),
    data: { values: rows },
    layer: layers,
    config: { ...base.config, view: { stroke: null } },
  } as TopLevelSpec;
}

function labelList(
  name: string,
  labels: readonly (string | number)[],
  expected: number,
  what: string,
): string[] {
  const count = checkLength(WHO, name, labels);
  if (count !== expected) {
    throw new InvalidArgumentError(
      `${WHO}: ${name} has ${count} labels but the matrix has ${expected} ${what}; give one label per ${what.slice(0, -1)}`,
    );
  }
  const strings = Array.from(labels, String);
  checkUnique(WHO, `${name} entry`, strings);
  return strings;
}

/**
 * A heatmap of a matrix as a standalone SVG string (560×360 by default), with a color legend and,
 * with `annotate`, each cell's value printed in it. The same input always gives the same SVG.
 * NaN and infinite cells are left blank.
 */
export function heatmap(options: HeatmapOptions): Promise<string> {
  return Promise.resolve().then(() => renderVegaLite(heatmapSpec(options)));
}
