import { InvalidArgumentError } from "../errors.js";
import { checkSameLength, type Label, resolveLabels } from "./labels.js";

export interface ConfusionMatrix {
  labels: Label[];
  /** matrix[i][j]: samples with true label labels[i] predicted as labels[j] (scikit-learn's layout). */
  matrix: number[][];
}

/**
 * Counts of (true, predicted) label pairs. `labels` picks and orders the rows and columns (default: the
 * sorted union of both arrays); samples with a label outside it are left out, as in scikit-learn.
 */
export function confusionMatrix(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: { labels?: readonly Label[] } = {},
): ConfusionMatrix {
  checkSameLength(yTrue, yPred);
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const position = new Map<Label, number>(labels.map((label, i) => [label, i]));
  if (options.labels !== undefined && !Array.from(yTrue).some((label) => position.has(label))) {
    // A matrix of zeros here almost always means the labels are of the wrong type ("1" against 1).
    throw new InvalidArgumentError(`none of the labels ${JSON.stringify(labels)} occurs in yTrue`);
  }
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const row = position.get(yTrue[i]);
    const column = position.get(yPred[i]);
    if (row !== undefined && column !== undefined) matrix[row][column]++;
  }
  return { labels, matrix };
}
