import { InvalidArgumentError } from "@lab/core";
import type { EpochLogs } from "../optim/schedulers.js";
import type { ExportOptions, Trainer, TrainingHistory } from "./trainer.js";

/** What a callback can do to the training run it watches. */
export interface TrainingControl {
  readonly trainer: Trainer;
  /** Ends training once the current epoch's callbacks have run. */
  stop(reason: string): void;
}

/** Hooks into {@link Trainer.fit}; every hook may be async (e.g. to write a file). */
export interface Callback {
  onTrainBegin?(control: TrainingControl): void | Promise<void>;
  /** After each epoch, with its training loss, learning rate and validation metrics. */
  onEpochEnd?(epoch: number, logs: EpochLogs, control: TrainingControl): void | Promise<void>;
  onTrainEnd?(history: TrainingHistory, control: TrainingControl): void | Promise<void>;
}

/** Whether lower or higher values of a monitored metric are better; "auto" guesses from its name. */
export type MonitorMode = "min" | "max" | "auto";

const HIGHER_IS_BETTER = /acc|f1|auc|precision|recall|r2/i;

/** Tracks the best value of one log entry (Keras' rules: better by more than minDelta). */
export class MetricMonitor {
  readonly mode: "min" | "max";
  best = Number.NaN;
  bestEpoch = -1;

  constructor(
    readonly monitor: string,
    mode: MonitorMode = "auto",
    readonly minDelta = 0,
  ) {
    if (!(minDelta >= 0)) throw new InvalidArgumentError(`minDelta must be >= 0, got ${minDelta}`);
    if (mode !== "auto" && mode !== "min" && mode !== "max") {
      throw new InvalidArgumentError(`mode must be "min", "max" or "auto", got "${mode}"`);
    }
    this.mode = mode === "auto" ? (HIGHER_IS_BETTER.test(monitor) ? "max" : "min") : mode;
  }

  value(logs: EpochLogs): number {
    const value = logs[this.monitor];
    if (value === undefined) {
      throw new InvalidArgumentError(
        `the callback monitors "${this.monitor}", which the epoch logs lack (have: ${Object.keys(logs).join(", ")}); ` +
          "pass validation data and metrics to fit() for val_* entries",
      );
    }
    return value;
  }

  /** Records the epoch's value; true when it is the new best. NaN never is. */
  observe(epoch: number, logs: EpochLogs): boolean {
    const value = this.value(logs);
    if (Number.isNaN(value)) return false;
    const better =
      Number.isNaN(this.best) ||
      (this.mode === "min" ? value < this.best - this.minDelta : value > this.best + this.minDelta);
    if (better) {
      this.best = value;
      this.bestEpoch = epoch;
    }
    return better;
  }

  reset(): void {
    this.best = Number.NaN;
    this.bestEpoch = -1;
  }
}

export interface EarlyStoppingOptions {
  /** Default "val_loss". */
  readonly monitor?: string;
  readonly mode?: MonitorMode;
  /** Epochs without improvement before stopping (default 10). */
  readonly patience?: number;
  /** Improvements of at most this much do not count (default 0). */
  readonly minDelta?: number;
  /** When training ends, put back the parameters of the best epoch (default true). */
  readonly restoreBest?: boolean;
}

export interface EarlyStopping extends Callback {
  /** The best epoch so far (0-based), -1 before the first. */
  readonly bestEpoch: number;
  readonly bestValue: number;
  /** The epoch after which training stopped, or -1 when it ran to the end. */
  readonly stoppedEpoch: number;
}

/**
 * Stops training when the monitored metric has not improved for `patience` epochs (Keras'
 * EarlyStopping). With `restoreBest`, the parameters of the best epoch are copied aside (into
 * buffers allocated once) whenever it improves and written back when training ends, whether it
 * stopped early or ran out of epochs.
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  const patience = options.patience ?? 10;
  if (!(Number.isSafeInteger(patience) && patience >= 0))
    throw new InvalidArgumentError(`patience must be an integer >= 0, got ${patience}`);
  const restoreBest = options.restoreBest ?? true;
  const monitor = new MetricMonitor(options.monitor ?? "val_loss", options.mode, options.minDelta ?? 0);
  let waited = 0;
  let stoppedEpoch = -1;
  let best: Map<string, Float32Array | Float64Array> | undefined;
  return {
    get bestEpoch() {
      return monitor.bestEpoch;
    },
    get bestValue() {
      return monitor.best;
    },
    get stoppedEpoch() {
      return stoppedEpoch;
    },
    onTrainBegin() {
      monitor.reset();
      waited = 0;
      stoppedEpoch = -1;
    },
    onEpochEnd(epoch, logs, control) {
      if (monitor.observe(epoch, logs)) {
        waited = 0;
        if (restoreBest) best = control.trainer.readParameters(best);
        return;
      }
      waited++;
      if (waited > patience) {
        stoppedEpoch = epoch;
        control.stop(
          `${monitor.monitor} has not improved for ${waited} epochs (best ${monitor.best} at epoch ${monitor.bestEpoch + 1})`,
        );
      }
    },
    onTrainEnd(_history, control) {
      if (restoreBest && best !== undefined) control.trainer.writeParameters(best);
    },
  };
}

export interface ModelCheckpointOptions extends ExportOptions {
  /** Where the best model's inference graph is written (atomically), as an .onnx file. */
  readonly path: string;
  /** Default "val_loss". */
  readonly monitor?: string;
  readonly mode?: MonitorMode;
  readonly minDelta?: number;
}

export interface ModelCheckpoint extends Callback {
  readonly bestEpoch: number;
  readonly bestValue: number;
}

/** Exports the inference model to `path` after every epoch that improves the monitored metric. */
export function modelCheckpoint(options: ModelCheckpointOptions): ModelCheckpoint {
  const { path, monitor: key, mode, minDelta, ...exportOptions } = options;
  const monitor = new MetricMonitor(key ?? "val_loss", mode, minDelta ?? 0);
  return {
    get bestEpoch() {
      return monitor.bestEpoch;
    },
    get bestValue() {
      return monitor.best;
    },
    onTrainBegin() {
      monitor.reset();
    },
    async onEpochEnd(epoch, logs, control) {
      if (monitor.observe(epoch, logs)) {
        await control.trainer.exportInference(path, {
          ...exportOptions,
          metadata: {
            ...exportOptions.metadata,
            [`checkpoint_${monitor.monitor}`]: String(monitor.best),
            checkpoint_epoch: String(epoch + 1),
          },
        });
      }
    },
  };
}
