import { InvalidArgumentError } from "../errors.js";
import { Rng } from "../random/rng.js";
import type { Seed } from "../random/seed.js";
import { stratifiedAllocation } from "./allocation.js";

/** Options shared by every splitter. */
export interface PartitionOptions {
  /** Seed for the shuffle. Give this or `rng` whenever `shuffle` is on. */
  seed?: Seed;
  /** Generator for the shuffle, advanced by the split; an alternative to `seed`. */
  rng?: Rng;
  /** One class label per sample: every part then keeps each class's proportion. */
  stratify?: ArrayLike<number | string>;
  /** Randomize which samples go where (default true). Off: parts take samples in their original order. */
  shuffle?: boolean;
}

const MAX_SAMPLES = 0xffffffff;

export function checkSampleCount(n: number): void {
  if (!(Number.isInteger(n) && n >= 0 && n <= MAX_SAMPLES)) {
    throw new InvalidArgumentError(`sample count must be an integer in [0, 2^32 - 1], got ${n}`);
  }
}

function rngFor(options: PartitionOptions, shuffle: boolean): Rng | null {
  if (options.seed !== undefined && options.rng !== undefined) {
    throw new InvalidArgumentError("pass either `seed` or `rng`, not both");
  }
  if (options.rng !== undefined) return options.rng;
  if (options.seed !== undefined) return new Rng(options.seed);
  if (shuffle) {
    throw new InvalidArgumentError(
      "a shuffled split needs `seed` or `rng` (or `shuffle: false`) to be reproducible",
    );
  }
  return null;
}

/**
 * The samples of each class, grouped by a counting sort: `members` holds the sample indices of class 0,
 * then class 1, and so on (classes in order of first appearance), each group in original order.
 */
function groupByClass(labels: ArrayLike<number | string>): { counts: number[]; members: Uint32Array } {
  const classOf = new Uint32Array(labels.length);
  const classIds = new Map<number | string, number>();
  const counts: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    let id = classIds.get(labels[i]);
    if (id === undefined) {
      id = counts.length;
      classIds.set(labels[i], id);
      counts.push(0);
    }
    classOf[i] = id;
    counts[id]++;
  }
  const next = new Uint32Array(counts.length);
  for (let c = 1; c < counts.length; c++) next[c] = next[c - 1] + counts[c - 1];
  const members = new Uint32Array(labels.length);
  for (let i = 0; i < labels.length; i++) members[next[classOf[i]]++] = i;
  return { counts, members };
}

/**
 * Splits 0..n-1 into parts of exactly `sizes` (summing to n). `fractions` are the parts' intended
 * shares, which stratification uses for each class's quota. Shuffled parts come in random order;
 * unshuffled ones ascending.
 */
export function partition(
  n: number,
  sizes: readonly number[],
  fractions: readonly number[],
  options: PartitionOptions,
): Uint32Array[] {
  const shuffle = options.shuffle ?? true;
  const rng = rngFor(options, shuffle);
  const parts = sizes.map((size) => new Uint32Array(size));
  const { stratify } = options;

  if (stratify === undefined) {
    const order = rng && shuffle ? rng.permutation(n) : Uint32Array.from({ length: n }, (_, i) => i);
    let start = 0;
    parts.forEach((part, p) => {
      part.set(order.subarray(start, start + sizes[p]));
      start += sizes[p];
    });
    return parts;
  }

  if (stratify.length !== n) {
    throw new InvalidArgumentError(
      `stratify has ${stratify.length} labels for ${n} samples; give one label per sample`,
    );
  }
  const { counts, members } = groupByClass(stratify);
  const allocation = stratifiedAllocation(counts, sizes, fractions);
  const filled = new Uint32Array(parts.length);
  let classStart = 0;
  counts.forEach((count, c) => {
    const group = members.subarray(classStart, classStart + count);
    if (rng && shuffle) rng.shuffle(group);
    let offset = 0;
    allocation[c].forEach((take, p) => {
      parts[p].set(group.subarray(offset, offset + take), filled[p]);
      filled[p] += take;
      offset += take;
    });
    classStart += count;
  });
  // Parts were filled class by class; mix the classes (or restore the original order).
  for (const part of parts) {
    if (rng && shuffle) rng.shuffle(part);
    else part.sort();
  }
  return parts;
}
