import type { Config } from "vega-lite";
import { InvalidArgumentError } from "../errors.js";

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

/** Shared look: white background, readable fonts, light grid. */
export const PLOT_CONFIG: Config = {
  background: "white",
  font: "sans-serif",
  padding: 8,
  title: { fontSize: 15, fontWeight: "bold", anchor: "middle", offset: 10 },
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
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", labelLimit: 220, symbolSize: 90 },
  view: { stroke: "#bbb" },
};

/** The top-level properties every plot of this module shares. */
export function frame(who: string, size: PlotSize, defaults: Required<PlotSize> = defaultSize()) {
  const width = checkSize(who, "width", size.width ?? defaults.width);
  const height = checkSize(who, "height", size.height ?? defaults.height);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    width,
    height,
    autosize: { type: "fit", contains: "padding" },
    config: PLOT_CONFIG,
  } as const;
}

function defaultSize(): Required<PlotSize> {
  return { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT };
}

function checkSize(who: string, name: string, value: number): number {
  if (!Number.isFinite(value) || value < 50 || value > 20_000) {
    throw new InvalidArgumentError(`${who}: ${name} must be a number of pixels between 50 and 20000, got ${value}`);
  }
  return value;
}

/** A title object, or nothing when there is no title. */
export function titleOf(title: string | undefined) {
  return title === undefined || title === "" ? {} : { title: { text: title } };
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
    throw new InvalidArgumentError(`${who}: ${aName} has ${a} values but ${bName} has ${b}; they must have the same length`);
  }
}

export function checkUnique(who: string, what: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new InvalidArgumentError(`${who}: ${what} ${JSON.stringify(name)} appears twice`);
    seen.add(name);
  }
}

/** The colors of a categorical legend: Tableau 10, or Tableau 20 beyond ten categories. */
export function categoryScheme(count: number): string {
  return count <= 10 ? "tableau10" : "tableau20";
}

/** Legend layout for `count` entries: one column, or several when they would not fit in the height. */
export function legendColumns(count: number, height: number): number {
  const perColumn = Math.max(4, Math.floor((height - 60) / 17));
  return Math.ceil(count / perColumn);
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

/** Scale and axis of a linear axis; integer-valued data gets integer ticks only. */
export function linearAxis(values: ArrayLike<number>, zero = false) {
  let integers = true;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isInteger(values[i])) {
      integers = false;
      break;
    }
  }
  return {
    scale: { type: "linear" as const, zero, nice: true },
    axis: integers && values.length > 0 ? { tickMinStep: 1, format: "d" } : {},
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
export function checkPositive(
  who: string,
  axis: string,
  value: number,
  where: () => string,
): void {
  if (!(value > 0)) {
    throw new InvalidArgumentError(
      `${who}: ${axis} is "log" but ${where()} = ${value}; a log axis needs positive values (use a linear scale, or shift the data)`,
    );
  }
}

/** Rough width in pixels of a text in the default sans-serif font. */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}
