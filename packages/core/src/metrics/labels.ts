import { InvalidArgumentError } from "../errors.js";

/** A class label: numbers and strings, not mixed within one problem. */
export type Label = number | string;

/** Throws unless yTrue and yPred are non-empty and of equal length. */
export function checkSameLength(yTrue: ArrayLike<unknown>, yPred: ArrayLike<unknown>): void {
  if (yTrue.length !== yPred.length) {
    throw new InvalidArgumentError(
      `yTrue has ${yTrue.length} values but yPred has ${yPred.length}; they must match`,
    );
  }
  if (yTrue.length === 0)
    throw new InvalidArgumentError("yTrue and yPred are empty; metrics need at least one sample");
}

function checkLabel(label: unknown, where: string): asserts label is Label {
  if (typeof label === "string") return;
  if (typeof label === "number" && !Number.isNaN(label)) return;
  throw new InvalidArgumentError(
    `${where}: labels must be numbers or strings (not NaN), got ${String(label)}`,
  );
}

/**
 * Numbers ascending or strings in code-unit order, as numpy sorts them; a mix of numbers and strings
 * is rejected, as scikit-learn rejects "a mix of label input types".
 */
export function sortLabels(labels: Iterable<Label>): Label[] {
  const sorted = [...labels];
  const kinds = new Set(sorted.map((label) => typeof label));
  if (kinds.size > 1) {
    throw new InvalidArgumentError(
      `labels mix numbers and strings (${sorted
        .slice(0, 6)
        .map((l) => JSON.stringify(l))
        .join(", ")}); use one type`,
    );
  }
  if (kinds.has("number")) return (sorted as number[]).sort((a, b) => a - b);
  return (sorted as string[]).sort();
}

/** The sorted union of the labels in yTrue and yPred (scikit-learn's unique_labels). */
export function uniqueLabels(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): Label[] {
  const seen = new Set<Label>();
  for (const [values, name] of [
    [yTrue, "yTrue"],
    [yPred, "yPred"],
  ] as const) {
    for (let i = 0; i < values.length; i++) {
      const label = values[i];
      if (!seen.has(label)) {
        checkLabel(label, `${name}[${i}]`);
        seen.add(label);
      }
    }
  }
  return sortLabels(seen);
}

/** Given labels checked for type and uniqueness, or the sorted union of both label arrays. */
export function resolveLabels(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  labels: readonly Label[] | undefined,
): Label[] {
  if (labels === undefined) return uniqueLabels(yTrue, yPred);
  if (labels.length === 0) throw new InvalidArgumentError("labels must contain at least one label");
  for (let i = 0; i < labels.length; i++) checkLabel(labels[i], `labels[${i}]`);
  if (new Set(labels).size !== labels.length)
    throw new InvalidArgumentError("labels must not repeat a label");
  return [...labels];
}

/** Per-label counts that every classification metric derives from. */
export interface LabelCounts {
  /** Samples of the label predicted as the label. */
  truePositives: Float64Array;
  /** Samples predicted as the label. */
  predicted: Float64Array;
  /** Samples whose true label is the label (the support). */
  actual: Float64Array;
}

/** Counts per label; samples with a true or predicted label outside `labels` count only where they match one. */
export function countByLabel(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  labels: readonly Label[],
): LabelCounts {
  const position = new Map<Label, number>(labels.map((label, i) => [label, i]));
  const truePositives = new Float64Array(labels.length);
  const predicted = new Float64Array(labels.length);
  const actual = new Float64Array(labels.length);
  for (let i = 0; i < yTrue.length; i++) {
    const truth = position.get(yTrue[i]);
    const guess = position.get(yPred[i]);
    if (truth !== undefined) actual[truth]++;
    if (guess !== undefined) predicted[guess]++;
    if (truth !== undefined && truth === guess) truePositives[truth]++;
  }
  return { truePositives, predicted, actual };
}
