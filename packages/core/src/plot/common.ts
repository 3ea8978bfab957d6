import type { Config } from "vega-lite";
import { InvalidArgumentError } from "../errors.js";
import { estimateTextWidth } from "./text-width.js";

/** Scale of a numeric axis. A `"log"` axis needs every value on it to be positive. */
export type AxisScale = "linear" | "log";

/** Size of the whole SVG in pixels (plot area, axes, title and legend together). */
export interface PlotSize {
  /** Width of the SVG in pixels. Default 560. */
  width?: number;
  /** Height of the SVG in pixels. Default 360. */
  height?: number;
}

/** Text around a plot. */
export interface PlotLabels {
  title?: string;
  /** Title of the x axis. */
  xLabel?: string;
  /** Title of the y axis. */
  yLabel?: string;
}

export const DEFAULT_WIDTH = 560;
export const DEFAULT_HEIGHT = 360;
const PADDING = 8;

/** Shared look: white background, readable fonts, light grid. */
export const PLOT_CONFIG: Config = {
  background: "white",
  font: "sans-serif",
  padding: PADDING,
  title: { fontSize: 15, fontWeight: "bold", anchor: "middle", offset: 10, frame: "bounds" },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: "normal",
    titlePadding: 8,
    gridColor: "#e6e6e6",
    domainColor: "#888",
    tickColor: "#888",
    labelColor: "#333",
    titleColor: "#222",
  },
  legend: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: "normal",
    labelLimit: 220,
    symbolSize: 90,
  },
  view: { stroke: "#bbb" },
};

/** The top-level properties every plot of this module shares. */
export interface Frame {
  $schema: string;
  width: number;
  height: number;
  autosize: { type: "fit"; contains: "padding" };
  config: Config;
}

/** The top-level properties every plot of this module shares, with the size checked. */
export function frame(who: string, size: PlotSize, defaults: Required<PlotSize> = defaultSize()): Frame {
  const width = checkSize(who, "width", size.width ?? defaults.width);
  const height = checkSize(who, "height", size.height ?? defaults.height);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    width,
    height,
    autosize: { type: "fit", contains: "padding" },
    config: PLOT_CONFIG,
  };
}

function defaultSize(): Required<PlotSize> {
  return { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT };
}

function checkSize(who: string, name: string, value: number): number {
  if (!Number.isFinite(value) || value < 50 || value > 20_000) {
    throw new InvalidArgumentError(
      `${who}: ${name} must be a number of pixels between 50 and 20000, got ${value}`,
    );
  }
  return value;
}

/**
 * A title object, or nothing when there is no title. The title is centered over the whole drawing
 * (axes and legend included) and cut with an ellipsis rather than overflow the SVG.
 */
export function titleOf(title: string | undefined, base: Frame) {
  if (title === undefined || title === "") return {};
  return { title: { text: title, frame: "bounds", limit: base.width - 2 * PADDING } };
}

export function checkScale(who: string, name: string, scale: AxisScale | undefined): AxisScale {
  const value = scale ?? "linear";
  if (value !== "linear" && value !== "log") {
    throw new InvalidArgumentError(`${who}: ${name} must be "linear" or "log", got ${JSON.stringify(scale)}`);
  }
  return value;
}

export function checkLength(who: string, what: string, values: ArrayLike<unknown> | undefined): number {
  if (values === null || typeof values !== "object" || typeof values.length !== "number") {
    throw new InvalidArgumentError(`${who}: ${what} must be an array`);
  }
  return values.length;
}

export function checkSameLength(who: string, aName: string, a: number, bName: string, b: number): void {
  if (a !== b) {
    throw new InvalidArgumentError(
      `${who}: ${aName} has ${a} values but ${bName} has ${b}; they must have the same length`,
    );
  }
}

export function checkUnique(who: string, what: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new InvalidArgumentError(`${who}: ${what} ${JSON.stringify(name)} appears twice`);
    seen.add(name);
  }
}

/** The colors of a categorical legend: Tableau 10, or Tableau 20 beyond ten categories. */
export function categoryScheme(count: number): string {
  return count <= 10 ? "tableau10" : "tableau20";
}

/**
 * A legend of `count` categories for a plot `height` pixels high: one column of entries when they
 * fit, else smaller entries, in as many columns as needed.
 */
export function categoryLegend(count: number, height: number, title: string | undefined) {
  const room = height - 2 * PADDING - 50;
  if (count * 17 <= room) return { title: title ?? null };
  const perColumn = Math.max(4, Math.floor(room / 14));
  return {
    title: title ?? null,
    columns: Math.ceil(count / perColumn),
    labelFontSize: 10,
    symbolSize: 50,
    rowPadding: 2,
    columnPadding: 8,
    labelLimit: 150,
  };
}

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/** `10` with `exponent` as Unicode superscript, e.g. 10⁻³. */
export function powerOfTenLabel(exponent: number): string {
  return `10${[...String(exponent)].map((c) => SUPERSCRIPT[c]).join("")}`;
}

/** Exact decimal value of 10^exponent (what the literal `1e<exponent>` denotes). */
function pow10(exponent: number): number {
  return Number(`1e${exponent}`);
}

/**
 * Scale and axis of a log axis over positive values in [min, max]: the domain is widened to whole
 * decades, ticks sit at powers of ten labelled 10ⁿ (every k-th one when there are many decades), with
 * unlabelled minor ticks at 2..9 × 10ⁿ when there are few decades, as matplotlib draws them.
 */
export function logAxis(min: number, max: number) {
  const low = Math.floor(Math.log10(min) + 1e-9);
  let high = Math.ceil(Math.log10(max) - 1e-9);
  if (high <= low) high = low + 1;
  const decades = high - low;
  const labelEvery = Math.ceil(decades / 8);
  const values: number[] = [];
  const labelled: number[] = [];
  for (let e = low; e <= high; e++) {
    values.push(pow10(e));
    if (e % labelEvery === 0) labelled.push(e);
    if (decades <= 4 && e < high) for (let m = 2; m <= 9; m++) values.push(Number(`${m}e${e}`));
  }
  values.sort((a, b) => a - b);
  const exponent = "log(datum.value) / LN10";
  const near = (e: number) => `abs(${exponent} - (${e})) < 1e-6`;
  const labelExpr = labelled.reduceRight(
    (rest, e) => `${near(e)} ? ${JSON.stringify(powerOfTenLabel(e))} : ${rest}`,
    '""',
  );
  const isMajor = `abs(${exponent} - round(${exponent})) < 1e-6`;
  return {
    scale: { type: "log" as const, domain: [pow10(low), pow10(high)], nice: false },
    axis: {
      values,
      labelExpr,
      labelOverlap: false,
      tickSize: { condition: { test: isMajor, value: 6 }, value: 3 },
      gridOpacity: { condition: { test: isMajor, value: 1 }, value: 0.45 },
    },
  };
}

/**
 * Scale and axis of a linear axis: integer-valued data gets integer ticks only, and data below 10⁻³
 * or from 10⁶ in magnitude gets exponent labels (5e-9) instead of long strings of zeros.
 */
export function linearAxis(values: ArrayLike<number>, zero = false) {
  let integers = true;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isInteger(values[i])) {
      integers = false;
      break;
    }
  }
  const [min, max] = extent(values);
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  const tiny = magnitude > 0 && magnitude < 1e-3;
  const huge = magnitude >= 1e6;
  return {
    scale: { type: "linear" as const, zero, nice: true },
    axis:
      tiny || huge ? { format: "~e" } : integers && values.length > 0 ? { tickMinStep: 1, format: "d" } : {},
  };
}

/** Min and max of the values; [NaN, NaN] when empty. */
export function extent(values: ArrayLike<number>): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return values.length === 0 ? [Number.NaN, Number.NaN] : [min, max];
}

/** The axis of a numeric channel over the finite `values`, for the chosen scale. */
export function numericAxis(scale: AxisScale, values: ArrayLike<number>) {
  if (scale === "log") {
    const [min, max] = extent(values);
    return logAxis(min, max);
  }
  return linearAxis(values);
}

/**
 * Fails when a value on a log axis is not positive; `where(i)` names the offending value.
 */
export function checkPositive(who: string, axis: string, value: number, where: () => string): void {
  if (!(value > 0)) {
    throw new InvalidArgumentError(
      `${who}: ${axis} is "log" but ${where()} = ${value}; a log axis needs positive values (use a linear scale, or shift the data)`,
    );
  }
}

/** Width in pixels of a text in the default sans-serif font, as the layout measures it. */
export function textWidth(text: string, fontSize: number): number {
  return estimateTextWidth(text, fontSize);
}
