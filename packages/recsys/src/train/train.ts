import { InvalidArgumentError } from "@lab/core";
import type { MatrixShape, Ratings } from "../data/ratings.js";
import { type AlsOptions, trainAls } from "./als.js";
import { type BiasedSgdOptions, trainBiasedSgd } from "./biased.js";
import type { TrainingResult } from "./epochs.js";
import { type SgdOptions, trainSgd } from "./sgd.js";

/** Options of any trainer, with the method that picks it. */
export type TrainOptions =
  | ({ readonly method: "sgd" } & SgdOptions)
  | ({ readonly method: "als" } & AlsOptions)
  | ({ readonly method: "biased" } & BiasedSgdOptions);

/** Trains with the named method: "sgd" (set 5 problem 2C), "als" (2B) or "biased" (biased MF by SGD). */
export function trainFactorModel(train: Ratings, shape: MatrixShape, options: TrainOptions): TrainingResult {
  switch (options.method) {
    case "sgd":
      return trainSgd(train, shape, options);
    case "als":
      return trainAls(train, shape, options);
    case "biased":
      return trainBiasedSgd(train, shape, options);
    default:
      throw new InvalidArgumentError(
        `method must be one of sgd, als, biased; got ${JSON.stringify((options as { method: unknown }).method)}`,
      );
  }
}
