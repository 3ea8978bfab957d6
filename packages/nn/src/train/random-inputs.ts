import { fillNormalFast, InvalidArgumentError, type Rng } from "@lab/core";
import { fillRandomInput, type RandomInputSpec } from "../graph/random.js";

interface RandomBuffer {
  readonly spec: RandomInputSpec;
  readonly perRow: number;
  readonly buffer: Float32Array | Float64Array;
  partial: Float32Array | Float64Array;
  partialRows: number;
}

/**
 * Fills the training graph's random inputs (dropout masks, noise) with fresh draws for each step,
 * into buffers allocated once for a full batch. Every dimension of a random input must be fixed or
 * the batch dimension, which it shares with the data inputs.
 */
export class RandomInputFiller {
  readonly feeds: Record<string, Float32Array | Float64Array> = {};
  private readonly buffers: RandomBuffer[];
  private readonly bindings: Record<string, number>;

  constructor(
    specs: readonly RandomInputSpec[],
    private readonly batchDim: string,
    readonly batchSize: number,
  ) {
    this.bindings = { [batchDim]: batchSize };
    this.buffers = specs.map((spec) => {
      let perRow = 1;
      let batchAxes = 0;
      for (const dim of spec.shape) {
        if (typeof dim === "number") perRow *= dim;
        else if (dim === batchDim) batchAxes++;
        else {
          throw new InvalidArgumentError(
            `random input "${spec.name}" has dimension "${dim}", but only fixed sizes and the batch dimension "${batchDim}" can be filled per step`,
          );
        }
      }
      if (batchAxes !== 1) {
        throw new InvalidArgumentError(
          `random input "${spec.name}" must have the batch dimension "${batchDim}" exactly once, got [${spec.shape.join(", ")}]`,
        );
      }
      const buffer =
        spec.dtype === "float64"
          ? new Float64Array(batchSize * perRow)
          : new Float32Array(batchSize * perRow);
      return { spec, perRow, buffer, partial: buffer, partialRows: batchSize };
    });
  }

  /** Draws every random input for a batch of `rows` rows, in a fixed order (deterministic for `rng`). */
  fill(rng: Rng, rows: number): void {
    this.bindings[this.batchDim] = rows;
    for (const entry of this.buffers) {
      let target = entry.buffer;
      if (rows !== this.batchSize) {
        if (entry.partialRows !== rows) {
          entry.partial = entry.buffer.subarray(0, rows * entry.perRow);
          entry.partialRows = rows;
        }
        target = entry.partial;
      }
      const distribution = entry.spec.distribution;
      // Noise inputs are the large ones (a whole activation per step): they take the fast sampler.
      this.feeds[entry.spec.name] =
        distribution.kind === "normal"
          ? fillNormalFast(rng, target, distribution.mean, distribution.std)
          : fillRandomInput(entry.spec, rng, this.bindings, target);
    }
  }
}
