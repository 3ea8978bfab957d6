import { InvalidArgumentError } from "../errors.js";
import { accuracy } from "./accuracy.js";
import { formatFixed } from "./format-fixed.js";
import { checkSameLength, type Label, resolveLabels, uniqueLabels } from "./labels.js";
import { precisionRecallFscore } from "./precision-recall-fscore.js";

export interface ReportScores {
  precision: number;
  recall: number;
  f1: number;
  /** Samples whose true label is the class (for averages: summed over the reported classes). */
  support: number;
}

export interface ClassReportRow extends ReportScores {
  label: Label;
  /** Display name: the target name if given, else the label as text. */
  name: string;
}

export interface ClassificationReport {
  classes: ClassReportRow[];
  /** Fraction of all samples predicted correctly. */
  accuracy: number;
  /**
   * Micro average over the reported classes, present only when they leave out a label that occurs in
   * the data; otherwise it would equal accuracy, and the report shows accuracy instead (as scikit-learn).
   */
  micro: ReportScores | null;
  macro: ReportScores;
  weighted: ReportScores;
}

export interface ClassificationReportOptions {
  /** Classes to report, in order (default: the sorted union of yTrue and yPred). */
  labels?: readonly Label[];
  /** Display names, one per reported class. */
  targetNames?: readonly string[];
}

/**
 * Per-class precision, recall, F1 and support with accuracy and macro and weighted averages, as
 * scikit-learn's classification_report(output_dict=True) with zero_division=0.
 */
export function classificationReport(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  checkSameLength(yTrue, yPred);
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const { targetNames } = options;
  if (targetNames !== undefined && targetNames.length !== labels.length) {
    throw new InvalidArgumentError(
      `targetNames has ${targetNames.length} names for ${labels.length} classes (${labels.join(", ")}); ` +
        "give one name per class or pass labels",
    );
  }
  const perClass = precisionRecallFscore(yTrue, yPred, { labels, average: null });
  const classes = labels.map((label, i) => ({
    label,
    name: targetNames?.[i] ?? String(label),
    precision: perClass.precision[i],
    recall: perClass.recall[i],
    f1: perClass.fscore[i],
    support: perClass.support[i],
  }));
  const averaged = (average: "micro" | "macro" | "weighted"): ReportScores => {
    const scores = precisionRecallFscore(yTrue, yPred, { labels, average });
    return { precision: scores.precision, recall: scores.recall, f1: scores.fscore, support: scores.support };
  };
  const reported = new Set<Label>(labels);
  const coversAllLabels = uniqueLabels(yTrue, yPred).every((label) => reported.has(label));
  return {
    classes,
    accuracy: accuracy(yTrue, yPred),
    micro: coversAllLabels ? null : averaged("micro"),
    macro: averaged("macro"),
    weighted: averaged("weighted"),
  };
}

/** Code points, as Python's len, so names outside the BMP pad like scikit-learn's. */
function textWidth(text: string): number {
  return [...text].length;
}

function padLeft(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - textWidth(text))) + text;
}

/**
 * The report as scikit-learn's classification_report prints it: right-aligned names, columns 9 wide,
 * `digits` decimals rounded half to even, then the accuracy (or micro avg), macro avg and weighted avg rows.
 */
export function formatClassificationReport(
  report: ClassificationReport,
  options: { digits?: number } = {},
): string {
  const digits = options.digits ?? 2;
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 20)) {
    throw new InvalidArgumentError(`digits must be an integer in [0, 20], got ${digits}`);
  }
  const lastHeading = "weighted avg";
  const width = Math.max(...report.classes.map((row) => textWidth(row.name)), lastHeading.length, digits);
  const column = (text: string) => ` ${padLeft(text, 9)}`;
  const row = (name: string, scores: ReportScores) =>
    `${padLeft(name, width)} ${[scores.precision, scores.recall, scores.f1].map((value) => column(formatFixed(value, digits))).join("")}${column(String(scores.support))}\n`;

  let text = `${padLeft("", width)} ${["precision", "recall", "f1-score", "support"].map(column).join("")}\n\n`;
  for (const classRow of report.classes) text += row(classRow.name, classRow);
  text += "\n";
  if (report.micro) {
    text += row("micro avg", report.micro);
  } else {
    const support = report.macro.support;
    text += `${padLeft("accuracy", width)} ${column("")}${column("")}${column(formatFixed(report.accuracy, digits))}${column(String(support))}\n`;
  }
  text += row("macro avg", report.macro);
  text += row(lastHeading, report.weighted);
  return text;
}
