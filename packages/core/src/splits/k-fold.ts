import { InvalidArgumentError } from "../errors.js";
import { largestRemainderSizes } from "./allocation.js";
import { checkSampleCount, type PartitionOptions, partition } from "./partition.js";
import type { TrainTestIndices } from "./train-test-split.js";

export type KFoldOptions = PartitionOptions;

/**
 * k train/test splits whose test parts partition 0..n-1. The first n mod k folds have one more test
 * sample, as in scikit-learn's KFold. Unlike KFold, shuffling is on by default (give `shuffle: false`
 * for contiguous folds); with `stratify` every fold keeps the class proportions (StratifiedKFold).
 * Train indices are the other folds' test indices, ascending when unshuffled.
 */
export function kFold(n: number, k: number, options: KFoldOptions): TrainTestIndices[] {
  checkSampleCount(n);
  if (!(Number.isInteger(k) && k >= 2 && k <= n)) {
    throw new InvalidArgumentError(`kFold needs an integer k in [2, n = ${n}], got ${k}`);
  }
  const fractions = new Array<number>(k).fill(1 / k);
  const folds = partition(n, largestRemainderSizes(n, fractions), fractions, options);
  const shuffled = options.shuffle ?? true;
  return folds.map((test, f) => {
    const train = new Uint32Array(n - test.length);
    let filled = 0;
    folds.forEach((other, o) => {
      if (o === f) return;
      train.set(other, filled);
      filled += other.length;
    });
    if (!shuffled) train.sort();
    return { train, test };
  });
}
