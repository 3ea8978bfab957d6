import { InvalidArgumentError } from "@lab/core";
import type { TensorArray } from "../ir/ir.js";
import type { TensorOutput } from "../runtime/tensors.js";

/**
 * A metric accumulated over the batches of an evaluation: `update` sees each batch's predictions
 * (graph outputs) and data columns; `result` gives the value over everything seen since `reset`.
 */
export interface Metric {
  /** The log key, e.g. "accuracy" (reported as "val_accuracy" for validation data). */
  readonly name: string;
  reset(): void;
  update(
    predictions: Readonly<Record<string, TensorOutput>>,
    batch: Readonly<Record<string, TensorArray>>,
    rows: number,
  ): void;
  result(): number;
}

export interface AccuracyOptions {
  /** The prediction read (default "logits"). */
  readonly prediction?: string;
  /** The data column holding the true classes (default "labels"). */
  readonly target?: string;
  /** Log key (default "accuracy"). */
  readonly name?: string;
}

/**
 * The fraction of rows whose predicted class equals the target. Predictions [rows, C] with C > 1
 * predict their argmax (logits or probabilities alike); [rows] or [rows, 1] predict class 1 when
 * above `threshold` (0 for logits; pass 0.5 for probabilities). Targets are class indices (int) or
 * 0/1 floats.
 */
export function accuracy(options: AccuracyOptions & { readonly threshold?: number } = {}): Metric {
  const prediction = options.prediction ?? "logits";
  const target = options.target ?? "labels";
  const threshold = options.threshold ?? 0;
  let correct = 0;
  let total = 0;
  return {
    name: options.name ?? "accuracy",
    reset() {
      correct = 0;
      total = 0;
    },
    update(predictions, batch, rows) {
      const output = predictions[prediction];
      if (output === undefined) {
        throw new InvalidArgumentError(
          `accuracy reads the prediction "${prediction}", which the model lacks (has: ${Object.keys(predictions).join(", ")})`,
        );
      }
      const labels = batch[target];
      if (labels === undefined)
        throw new InvalidArgumentError(`accuracy reads the data column "${target}", which is missing`);
      if (labels.length !== rows)
        throw new InvalidArgumentError(`accuracy needs one target per row in "${target}"`);
      const scores = output.data as Float32Array | Float64Array;
      const classes = scores.length / rows;
      for (let row = 0; row < rows; row++) {
        let predicted: number;
        if (classes === 1) {
          predicted = scores[row] > threshold ? 1 : 0;
        } else {
          predicted = 0;
          let best = scores[row * classes];
          for (let k = 1; k < classes; k++) {
            const score = scores[row * classes + k];
            if (score > best) {
              best = score;
              predicted = k;
            }
          }
        }
        if (Number(labels[row]) === predicted) correct++;
      }
      total += rows;
    },
    result() {
      return total === 0 ? Number.NaN : correct / total;
    },
  };
}
