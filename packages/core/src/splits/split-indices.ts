import { InvalidArgumentError } from "../errors.js";
import { largestRemainderSizes } from "./allocation.js";
import { checkSampleCount, type PartitionOptions, partition } from "./partition.js";

export type SplitOptions = PartitionOptions;

/**
 * Splits the sample indices 0..n-1 into one part per ratio. Part sizes are n × ratio rounded by largest
 * remainder, so they sum to n exactly (ties go to the earlier part). With `stratify`, each class is
 * divided across the parts in the same proportions (like scikit-learn's StratifiedShuffleSplit) and a
 * class with at least as many members as there are parts appears in every part.
 *
 * @example
 * const [train, validation, test] = splitIndices(1000, [0.8, 0.1, 0.1], { seed: 42, stratify: labels });
 */
export function splitIndices(n: number, ratios: readonly number[], options: SplitOptions): Uint32Array[] {
  checkSampleCount(n);
  if (ratios.length === 0) throw new InvalidArgumentError("ratios must not be empty");
  let sum = 0;
  for (const ratio of ratios) {
    if (!(ratio >= 0 && ratio <= 1)) throw new InvalidArgumentError(`ratios must be in [0, 1], got ${ratio}`);
    sum += ratio;
  }
  if (Math.abs(sum - 1) > 1e-9) {
    throw new InvalidArgumentError(`ratios must sum to 1, got ${ratios.join(" + ")} = ${sum}`);
  }
  const fractions = ratios.map((ratio) => ratio / sum);
  return partition(n, largestRemainderSizes(n, fractions), fractions, options);
}
