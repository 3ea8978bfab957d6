import type { TopLevelSpec } from "vega-lite";
import { InvalidArgumentError } from "../errors.js";
import { checkLength, type PlotSize } from "./common.js";
import { heatmapSpec } from "./heatmap.js";
import { renderVegaLite } from "./render.js";

/**
 * How to normalize a confusion matrix, as scikit-learn's `normalize`: `"true"` (or `true`) divides
 * each row by its total (recall per class on the diagonal), `"pred"` each column (precision per
 * class), `"all"` the whole matrix.
 */
export type ConfusionNormalization = boolean | "true" | "pred" | "all";

/** Options of {@link confusionMatrixPlot}. */
export interface ConfusionMatrixPlotOptions extends PlotSize {
  /** `matrix[i][j]` counts the samples of true class `labels[i]` predicted as `labels[j]`. */
  matrix: readonly ArrayLike<number>[];
  /** The class names, in the order of the matrix rows and columns. */
  labels: readonly (string | number)[];
  /** Default "Confusion matrix" (normalized: "Confusion matrix (normalized over true labels)" ...). */
  title?: string;
  /** Default false: print counts. */
  normalize?: ConfusionNormalization;
  /** Print the value in each cell. Default true. */
  annotate?: boolean;
  /** A continuous Vega color scheme. Default "blues". */
  colorScheme?: string;
}

const WHO = "confusionMatrixPlot";

/**
 * `matrix` normalized as scikit-learn does; a row or column whose total is 0 becomes all zeros.
 */
export function normalizeConfusionMatrix(
  matrix: readonly ArrayLike<number>[],
  normalize: Exclude<ConfusionNormalization, boolean>,
): number[][] {
  const n = matrix.length;
  const rows = matrix.map((row) => Array.from(row, Number));
  const rowTotals = rows.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = rows[0]?.map((_, j) => rows.reduce((a, row) => a + row[j], 0)) ?? [];
  const total = rowTotals.reduce((a, b) => a + b, 0);
  return rows.map((row, i) =>
    row.map((v, j) => {
      const d = normalize === "true" ? rowTotals[i] : normalize === "pred" ? colTotals[j] : total;
      return d === 0 || n === 0 ? 0 : v / d;
    }),
  );
}

/**
 * The Vega-Lite spec {@link confusionMatrixPlot} renders: a heatmap with true labels down the rows
 * and predicted labels along the columns, as scikit-learn's ConfusionMatrixDisplay.
 *
 * @throws InvalidArgumentError when the matrix is not square, does not match `labels`, or holds a
 *   negative or non-finite count.
 */
export function confusionMatrixSpec(options: ConfusionMatrixPlotOptions): TopLevelSpec {
  const { matrix, labels } = options;
  const n = checkLength(WHO, "matrix", matrix);
  if (n === 0) throw new InvalidArgumentError(`${WHO}: matrix is empty`);
  for (let i = 0; i < n; i++) {
    const row = matrix[i];
    if (checkLength(WHO, `matrix[${i}]`, row) !== n) {
      throw new InvalidArgumentError(
        `${WHO}: matrix must be square (${n}×${n}), but row ${i} has ${row.length} values`,
      );
    }
    for (let j = 0; j < n; j++) {
      const v = Number(row[j]);
      if (!Number.isFinite(v) || v < 0) {
        throw new InvalidArgumentError(
          `${WHO}: matrix[${i}][${j}] = ${row[j]}; counts must be finite and non-negative`,
        );
      }
    }
  }
  if (checkLength(WHO, "labels", labels) !== n) {
    throw new InvalidArgumentError(`${WHO}: labels has ${labels.length} entries but the matrix is ${n}×${n}`);
  }
  const raw = options.normalize ?? false;
  if (![true, false, "true", "pred", "all"].includes(raw)) {
    throw new InvalidArgumentError(
      `${WHO}: normalize must be true, false, "true", "pred" or "all", got ${JSON.stringify(raw)}`,
    );
  }
  const mode = raw === true ? "true" : raw;
  const values =
    mode === false ? matrix.map((row) => Array.from(row, Number)) : normalizeConfusionMatrix(matrix, mode);
  const over = { true: "true labels", pred: "predicted labels", all: "all samples" } as const;
  const side = Math.max(360, Math.min(720, 200 + n * 42));
  return heatmapSpec({
    matrix: values,
    xLabels: labels,
    yLabels: labels,
    title:
      options.title ??
      (mode === false ? "Confusion matrix" : `Confusion matrix (normalized over ${over[mode]})`),
    xLabel: "Predicted label",
    yLabel: "True label",
    annotate: options.annotate ?? true,
    colorScheme: options.colorScheme ?? "blues",
    ...(mode === false ? {} : { format: ".2f", domain: [0, 1] as const }),
    width: options.width ?? side + 60,
    height: options.height ?? side,
  });
}

/**
 * A confusion matrix as a standalone SVG string: rows are the true labels, columns the predicted
 * ones (scikit-learn's convention), each cell printed with its count or, with `normalize`, its
 * fraction. The same input always gives the same SVG.
 */
export function confusionMatrixPlot(options: ConfusionMatrixPlotOptions): Promise<string> {
  return Promise.resolve().then(() => renderVegaLite(confusionMatrixSpec(options)));
}
