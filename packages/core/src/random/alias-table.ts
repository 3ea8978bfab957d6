import { InvalidArgumentError } from "../errors.js";
import type { Rng } from "./rng.js";
import { checkedWeightTotal } from "./weights.js";

/**
 * Walker's alias method (Vose's construction): O(n) to build, O(1) per draw, for drawing many indices
 * from fixed weights, e.g. word2vec's negative samples from the unigram^0.75 distribution.
 */
export class AliasTable {
  /** Number of outcomes (the length of the weights). */
  readonly size: number;
  /** Chance that a draw landing in a column keeps the column's own index rather than its alias. */
  private readonly keepProbability: Float64Array;
  private readonly alias: Uint32Array;

  constructor(weights: ArrayLike<number>) {
    const total = checkedWeightTotal(weights);
    const size = weights.length;
    if (size > 0xffffffff) throw new InvalidArgumentError(`an alias table holds at most 2^32 - 1 outcomes`);
    this.size = size;
    this.keepProbability = new Float64Array(size);
    this.alias = new Uint32Array(size);

    // Scale so the average column is 1; columns under 1 are topped up by one column over 1.
    const scaled = new Float64Array(size);
    const underfull = new Uint32Array(size);
    const overfull = new Uint32Array(size);
    let underfullCount = 0;
    let overfullCount = 0;
    for (let i = 0; i < size; i++) {
      scaled[i] = (weights[i] * size) / total;
      if (scaled[i] < 1) underfull[underfullCount++] = i;
      else overfull[overfullCount++] = i;
    }
    while (underfullCount > 0 && overfullCount > 0) {
      const small = underfull[--underfullCount];
      const large = overfull[--overfullCount];
      this.keepProbability[small] = scaled[small];
      this.alias[small] = large;
      // Subtracting after adding keeps the rounding error of the donor column small.
      scaled[large] = scaled[large] + scaled[small] - 1;
      if (scaled[large] < 1) underfull[underfullCount++] = large;
      else overfull[overfullCount++] = large;
    }
    // Whatever is left is 1 up to rounding error: these columns always keep their own index.
    while (overfullCount > 0) this.fillOwnColumn(overfull[--overfullCount]);
    while (underfullCount > 0) this.fillOwnColumn(underfull[--underfullCount]);
  }

  /** One index, drawn with probability weights[index] / sum(weights). */
  sample(rng: Rng): number {
    // One 53-bit uniform gives both the column (integer part) and the keep-or-alias coin (fraction),
    // which has 53 - log2(size) random bits: plenty for any table that fits in memory.
    const scaled = rng.uniform() * this.size;
    const column = Math.floor(scaled);
    return scaled - column < this.keepProbability[column] ? column : this.alias[column];
  }

  /** Fills `target` with independent draws and returns it. */
  fill<A extends Uint32Array | Int32Array>(rng: Rng, target: A): A {
    for (let i = 0; i < target.length; i++) target[i] = this.sample(rng);
    return target;
  }

  /** The distribution the table actually draws from (weights / sum up to rounding), for checking. */
  probabilities(): Float64Array {
    const size = this.size;
    const result = new Float64Array(size);
    for (let column = 0; column < size; column++) {
      const keep = this.keepProbability[column];
      result[column] += keep / size;
      result[this.alias[column]] += (1 - keep) / size;
    }
    return result;
  }

  private fillOwnColumn(column: number): void {
    this.keepProbability[column] = 1;
    this.alias[column] = column;
  }
}

/** Builds an {@link AliasTable} for O(1) draws proportional to `weights`. */
export function createAliasTable(weights: ArrayLike<number>): AliasTable {
  return new AliasTable(weights);
}
