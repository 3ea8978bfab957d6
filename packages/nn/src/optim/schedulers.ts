import { InvalidArgumentError } from "@lab/core";

/** Metrics of one finished epoch, e.g. { loss: 0.31, val_loss: 0.35, val_accuracy: 0.9 }. */
export type EpochLogs = Readonly<Record<string, number>>;

/**
 * Changes the learning rate between epochs. The rate is a graph input, so a schedule is plain
 * TypeScript and never rebuilds the graph.
 */
export interface LearningRateSchedule {
  /** Called before training with the optimizer's rate; resets any state of a previous run. */
  start(initialRate: number): void;
  /** The rate for the epoch after `epoch` (0-based), given that epoch's logs. */
  next(epoch: number, logs: EpochLogs): number;
}

function checkPositiveInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new InvalidArgumentError(`${what} must be a positive integer, got ${value}`);
}

/** Multiplies the rate by `gamma` every `stepSize` epochs, as PyTorch's StepLR: lr₀ · γ^⌊e / stepSize⌋. */
export function stepLR(options: {
  readonly stepSize: number;
  readonly gamma?: number;
}): LearningRateSchedule {
  const { stepSize, gamma = 0.1 } = options;
  checkPositiveInteger(stepSize, "StepLR stepSize");
  if (!(gamma > 0 && Number.isFinite(gamma)))
    throw new InvalidArgumentError(`StepLR gamma must be > 0, got ${gamma}`);
  let initial = 0;
  return {
    start(rate) {
      initial = rate;
    },
    next(epoch) {
      return initial * gamma ** Math.floor((epoch + 1) / stepSize);
    },
  };
}

/**
 * Cosine annealing from the initial rate to `minRate` over `period` epochs, as PyTorch's
 * CosineAnnealingLR: lr_e = min + (lr₀ − min) · (1 + cos(π · e / period)) / 2. After `period` epochs
 * the curve continues (rising again), as PyTorch's does.
 */
export function cosineAnnealing(options: {
  readonly period: number;
  readonly minRate?: number;
}): LearningRateSchedule {
  const { period, minRate = 0 } = options;
  checkPositiveInteger(period, "cosine annealing period");
  if (!(minRate >= 0))
    throw new InvalidArgumentError(`cosine annealing minRate must be >= 0, got ${minRate}`);
  let initial = 0;
  return {
    start(rate) {
      initial = rate;
    },
    next(epoch) {
      return minRate + ((initial - minRate) * (1 + Math.cos((Math.PI * (epoch + 1)) / period))) / 2;
    },
  };
}

export interface ReduceOnPlateauOptions {
  /** The log entry watched (default "val_loss"). */
  readonly monitor?: string;
  /** Whether lower (default) or higher values are better. */
  readonly mode?: "min" | "max";
  /** Multiplies the rate on a plateau (default 0.1). */
  readonly factor?: number;
  /** Epochs without improvement tolerated; the rate drops on the next one (default 10). */
  readonly patience?: number;
  /** How much better than the best a value must be to count (default 1e-4). */
  readonly threshold?: number;
  /** "rel" (default): by a factor 1 ± threshold of the best; "abs": by threshold (Keras' min_delta). */
  readonly thresholdMode?: "rel" | "abs";
  /** Epochs after a reduction during which no plateau is counted (default 0). */
  readonly cooldown?: number;
  /** The rate never drops below this (default 0). */
  readonly minRate?: number;
}

/**
 * Drops the rate by `factor` when the monitored metric stops improving, with PyTorch's
 * ReduceLROnPlateau rules: after more than `patience` epochs without improvement the rate becomes
 * max(lr · factor, minRate), then `cooldown` epochs pass before bad epochs count again.
 */
export function reduceOnPlateau(options: ReduceOnPlateauOptions = {}): LearningRateSchedule {
  const {
    monitor = "val_loss",
    mode = "min",
    factor = 0.1,
    patience = 10,
    threshold = 1e-4,
    thresholdMode = "rel",
    cooldown = 0,
    minRate = 0,
  } = options;
  if (!(factor > 0 && factor < 1))
    throw new InvalidArgumentError(`plateau factor must be in (0, 1), got ${factor}`);
  if (!(Number.isSafeInteger(patience) && patience >= 0))
    throw new InvalidArgumentError(`plateau patience must be an integer >= 0, got ${patience}`);
  if (!(Number.isSafeInteger(cooldown) && cooldown >= 0))
    throw new InvalidArgumentError(`plateau cooldown must be an integer >= 0, got ${cooldown}`);
  if (!(threshold >= 0)) throw new InvalidArgumentError(`plateau threshold must be >= 0, got ${threshold}`);
  if (mode !== "min" && mode !== "max")
    throw new InvalidArgumentError(`plateau mode must be "min" or "max", got "${mode}"`);
  let rate = 0;
  let best = Number.NaN;
  let badEpochs = 0;
  let cooldownLeft = 0;
  const improves = (value: number): boolean => {
    if (Number.isNaN(best)) return true;
    if (mode === "min")
      return thresholdMode === "rel" ? value < best * (1 - threshold) : value < best - threshold;
    return thresholdMode === "rel" ? value > best * (1 + threshold) : value > best + threshold;
  };
  return {
    start(initial) {
      rate = initial;
      best = Number.NaN;
      badEpochs = 0;
      cooldownLeft = 0;
    },
    next(_epoch, logs) {
      const value = logs[monitor];
      if (value === undefined) {
        throw new InvalidArgumentError(
          `ReduceLROnPlateau monitors "${monitor}", which the epoch logs lack (have: ${Object.keys(logs).join(", ")})`,
        );
      }
      if (improves(value)) {
        best = value;
        badEpochs = 0;
      } else {
        badEpochs++;
      }
      if (cooldownLeft > 0) {
        cooldownLeft--;
        badEpochs = 0;
      }
      if (badEpochs > patience) {
        rate = Math.max(rate * factor, minRate);
        cooldownLeft = cooldown;
        badEpochs = 0;
      }
      return rate;
    },
  };
}
