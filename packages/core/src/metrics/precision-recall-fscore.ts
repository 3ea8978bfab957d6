import { InvalidArgumentError } from "../errors.js";
import { checkSameLength, countByLabel, type Label, resolveLabels, uniqueLabels } from "./labels.js";

export type Average = "micro" | "macro" | "weighted" | "binary";

export interface PrecisionRecallFscoreOptions {
  /** Labels to score, in output order (default: the sorted union of yTrue and yPred). Ignored by "binary". */
  labels?: readonly Label[];
  /** null or omitted: one score per label. Otherwise one averaged score, as scikit-learn's `average`. */
  average?: Average | null;
  /** The positive class for average "binary" (default 1). */
  posLabel?: Label;
  /** Weight of recall against precision in the F-score (default 1: F1). */
  beta?: number;
}

/** Scores per label, in the order of `labels`. */
export interface PerLabelScores {
  labels: Label[];
  precision: number[];
  recall: number[];
  fscore: number[];
  /** Number of samples whose true label is the label. */
  support: number[];
}

/** One averaged score. */
export interface AveragedScores {
  precision: number;
  recall: number;
  fscore: number;
  /** Samples whose true label is among the scored labels (scikit-learn returns None here). */
  support: number;
}

/** numerator / denominator, or 0 when the denominator is 0 (scikit-learn's zero_division=0). */
function ratioOrZero(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function fscoreOf(precision: number, recall: number, betaSquared: number): number {
  return ratioOrZero((1 + betaSquared) * precision * recall, betaSquared * precision + recall);
}

/** For average "binary": the positive label alone, after scikit-learn's checks. */
function binaryLabels(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, posLabel: Label): Label[] {
  const present = uniqueLabels(yTrue, yPred);
  if (present.length > 2) {
    throw new InvalidArgumentError(
      `average "binary" needs at most 2 labels but found ${present.length} (${present.join(", ")}); ` +
        `use average "micro", "macro", "weighted" or null`,
    );
  }
  if (present.length === 2 && !present.includes(posLabel)) {
    throw new InvalidArgumentError(
      `posLabel ${JSON.stringify(posLabel)} is not one of the labels ${JSON.stringify(present)}; set posLabel`,
    );
  }
  return [posLabel];
}

/**
 * Precision, recall, F-beta and support with scikit-learn's definitions (precision_recall_fscore_support
 * with zero_division=0): a ratio with a zero denominator is 0, as is F when precision and recall are.
 */
export function precisionRecallFscore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options?: PrecisionRecallFscoreOptions & { average?: null },
): PerLabelScores;
export function precisionRecallFscore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: PrecisionRecallFscoreOptions & { average: Average },
): AveragedScores;
export function precisionRecallFscore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options?: PrecisionRecallFscoreOptions,
): PerLabelScores | AveragedScores;
export function precisionRecallFscore(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: PrecisionRecallFscoreOptions = {},
): PerLabelScores | AveragedScores {
  checkSameLength(yTrue, yPred);
  const { average = null, beta = 1 } = options;
  if (!(beta >= 0 && beta < Number.POSITIVE_INFINITY)) {
    throw new InvalidArgumentError(`beta must be finite and >= 0, got ${beta}`);
  }
  if (average !== null && !["micro", "macro", "weighted", "binary"].includes(average)) {
    throw new InvalidArgumentError(
      `average must be "micro", "macro", "weighted", "binary" or null, got ${average}`,
    );
  }
  const betaSquared = beta * beta;
  const labels =
    average === "binary"
      ? binaryLabels(yTrue, yPred, options.posLabel ?? 1)
      : resolveLabels(yTrue, yPred, options.labels);
  const { truePositives, predicted, actual } = countByLabel(yTrue, yPred, labels);
  const totalSupport = actual.reduce((sum, count) => sum + count, 0);

  if (average === "micro") {
    const sum = (values: Float64Array) => values.reduce((total, value) => total + value, 0);
    const precision = ratioOrZero(sum(truePositives), sum(predicted));
    const recall = ratioOrZero(sum(truePositives), sum(actual));
    return { precision, recall, fscore: fscoreOf(precision, recall, betaSquared), support: totalSupport };
  }

  const precision = labels.map((_, i) => ratioOrZero(truePositives[i], predicted[i]));
  const recall = labels.map((_, i) => ratioOrZero(truePositives[i], actual[i]));
  const fscore = labels.map((_, i) => fscoreOf(precision[i], recall[i], betaSquared));
  if (average === null) return { labels, precision, recall, fscore, support: Array.from(actual) };
  if (average === "binary") {
    return { precision: precision[0], recall: recall[0], fscore: fscore[0], support: totalSupport };
  }

  // "macro" weighs every label equally, "weighted" by support; with no support at all the average is 0.
  const weights = average === "macro" ? labels.map(() => 1) : Array.from(actual);
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const weightedMean = (values: number[]) =>
    ratioOrZero(
      values.reduce((sum, value, i) => sum + value * weights[i], 0),
      weightSum,
    );
  return {
    precision: weightedMean(precision),
    recall: weightedMean(recall),
    fscore: weightedMean(fscore),
    support: totalSupport,
  };
}
