/**
 * Plots as standalone SVG strings, rendered headless from Vega-Lite specs (no browser, no canvas).
 *
 * - Every plot function returns `Promise<string>`: an `<svg xmlns=...>` document with a white
 *   background, 560×360 pixels unless `width`/`height` say otherwise; the same input gives the same
 *   bytes. `savePlot` writes one atomically.
 * - Each has a `*Spec` twin returning the Vega-Lite spec it renders, to adjust and pass to
 *   `renderVegaLite`, or to hand to a browser (vega-embed).
 * - Input is validated: empty or mismatched arrays, duplicate series names and non-positive values on
 *   a log axis throw `InvalidArgumentError`. NaN and ±Infinity points are dropped (a line joins the
 *   neighbouring points; heatmap cells are left blank), not drawn.
 * - Log axes are labelled at powers of ten (10⁻¹, 10⁰, 10¹ ...).
 */
export { type BarPlotOptions, type BarSeries, barPlot, barPlotSpec } from "./bar.js";
export { type AxisScale, DEFAULT_HEIGHT, DEFAULT_WIDTH, type PlotLabels, type PlotSize } from "./common.js";
export {
  type ConfusionMatrixPlotOptions,
  type ConfusionNormalization,
  confusionMatrixPlot,
  confusionMatrixSpec,
  normalizeConfusionMatrix,
} from "./confusion.js";
export { type HeatmapOptions, heatmap, heatmapSpec } from "./heatmap.js";
export { type LinePlotOptions, type LineSeries, linePlot, linePlotSpec } from "./line.js";
export { type RenderOptions, renderVegaLite } from "./render.js";
export { savePlot } from "./save.js";
export { type ScatterPlotOptions, scatterPlot, scatterPlotSpec } from "./scatter.js";
