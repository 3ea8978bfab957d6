import { InvalidArgumentError } from "../errors.js";

/**
 * Total of a weight vector, after checking it describes a distribution: every weight finite and
 * non-negative, at least one positive. Both weighted samplers share this so they reject the same inputs.
 */
export function checkedWeightTotal(weights: ArrayLike<number>): number {
  if (weights.length === 0) throw new InvalidArgumentError("weights must not be empty");
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i];
    if (!(weight >= 0 && weight < Number.POSITIVE_INFINITY)) {
      throw new InvalidArgumentError(`weights must be finite and >= 0, got ${weight} at index ${i}`);
    }
    total += weight;
  }
  if (!(total > 0)) throw new InvalidArgumentError("weights must have a positive sum");
  if (total === Number.POSITIVE_INFINITY) throw new InvalidArgumentError("weights sum to Infinity");
  return total;
}
