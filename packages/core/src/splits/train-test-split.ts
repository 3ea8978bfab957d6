import { InvalidArgumentError } from "../errors.js";
import { checkSampleCount, type PartitionOptions, partition } from "./partition.js";

export interface TrainTestSplitOptions extends PartitionOptions {
  /** Fraction of the samples in (0, 1), or a whole number of samples, for the test part. */
  testSize: number;
}

export interface TrainTestIndices {
  train: Uint32Array;
  test: Uint32Array;
}

/**
 * Splits 0..n-1 into train and test indices. A fractional `testSize` gives ceil(testSize × n) test
 * samples, as scikit-learn's train_test_split does, so reported set sizes match it. Both parts must be
 * non-empty.
 */
export function trainTestSplit(n: number, options: TrainTestSplitOptions): TrainTestIndices {
  checkSampleCount(n);
  const { testSize } = options;
  let testCount: number;
  if (testSize > 0 && testSize < 1) {
    const exact = testSize * n;
    // Snap float noise (0.3 * 10 = 3.0000000000000004) so it does not round up a whole sample.
    testCount =
      Math.abs(exact - Math.round(exact)) <= 1e-9 * Math.max(1, exact) ? Math.round(exact) : Math.ceil(exact);
  } else if (Number.isInteger(testSize) && testSize >= 1) {
    testCount = testSize;
  } else {
    throw new InvalidArgumentError(
      `testSize must be a fraction in (0, 1) or a whole number >= 1, got ${testSize}`,
    );
  }
  if (testCount >= n) {
    throw new InvalidArgumentError(
      `testSize ${testSize} leaves no training samples out of ${n}; use a smaller test part`,
    );
  }
  const sizes = [n - testCount, testCount];
  const [train, test] = partition(n, sizes, [sizes[0] / n, sizes[1] / n], options);
  return { train, test };
}
