import { InvalidArgumentError, linePlot, type ProgressListener, type Seed, startProgress } from "@lab/core";
import type { MatrixShape, Ratings } from "./data/ratings.js";
import type { FactorMethod } from "./model/factor-model.js";
import type { StopReason } from "./train/epochs.js";
import { trainFactorModel } from "./train/train.js";

/** Set 5 problem 2D's k values. */
export const SET5_KS: readonly number[] = [10, 20, 30, 50, 100];
/** Problem 2D's λ = 0 and 2E's regularization values. */
export const SET5_LAMBDAS: readonly number[] = [0, 1e-4, 1e-3, 0.01, 0.1, 1];

export interface SweepOptions {
  /** Default "sgd", as the set. */
  readonly method?: FactorMethod;
  readonly ks?: readonly number[];
  readonly lambdas?: readonly number[];
  /** Every run starts from this seed, so runs with the same k start from the same U and V. */
  readonly seed?: Seed;
  readonly maxEpochs?: number;
  readonly tolerance?: number;
  /** SGD's η (default 0.03) or the biased model's initial η. */
  readonly learningRate?: number;
  /** Progress in runs. */
  readonly onProgress?: ProgressListener;
  /** Called after each run with its row. */
  readonly onRun?: (row: SweepRow) => void;
}

export interface SweepRow {
  readonly k: number;
  readonly lambda: number;
  /** Mean of ½ squared error on the training / test ratings, unregularized (the set's E_in, E_out). */
  readonly eIn: number;
  readonly eOut: number;
  readonly rmseTrain: number;
  readonly rmseTest: number;
  readonly epochs: number;
  readonly stop: StopReason;
  readonly seconds: number;
}

export interface SweepResult {
  readonly method: FactorMethod;
  readonly ks: readonly number[];
  readonly lambdas: readonly number[];
  /** One row per (λ, k), λ-major in the order given. */
  readonly rows: readonly SweepRow[];
}

/** Trains one model per (λ, k) and records E_in and E_out (problems 2D and 2E). */
export function runSweep(
  train: Ratings,
  test: Ratings,
  shape: MatrixShape,
  options: SweepOptions = {},
): SweepResult {
  const method = options.method ?? "sgd";
  const ks = options.ks ?? SET5_KS;
  const lambdas = options.lambdas ?? SET5_LAMBDAS;
  if (ks.length === 0 || lambdas.length === 0)
    throw new InvalidArgumentError("a sweep needs at least one k and one λ");
  if (test.rating.length === 0) throw new InvalidArgumentError("a sweep needs test ratings for E_out");
  const progress = startProgress(options.onProgress, `recsys sweep (${method})`, {
    total: ks.length * lambdas.length,
    unit: "runs",
  });
  const rows: SweepRow[] = [];
  for (const lambda of lambdas) {
    for (const k of ks) {
      const result = trainFactorModel(train, shape, {
        method,
        k,
        lambda,
        seed: options.seed ?? 1,
        ...(options.maxEpochs === undefined ? {} : { maxEpochs: options.maxEpochs }),
        ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
        ...(options.learningRate === undefined ? {} : { learningRate: options.learningRate }),
      });
      const inSample = result.model.evaluate(train);
      const outOfSample = result.model.evaluate(test);
      const row: SweepRow = {
        k,
        lambda,
        eIn: inSample.e,
        eOut: outOfSample.e,
        rmseTrain: inSample.rmse,
        rmseTest: outOfSample.rmse,
        epochs: result.epochs,
        stop: result.stop,
        seconds: result.seconds,
      };
      rows.push(row);
      options.onRun?.(row);
      progress.advance(1, `k=${k} λ=${lambda}: E_in ${row.eIn.toFixed(4)}, E_out ${row.eOut.toFixed(4)}`);
    }
  }
  progress.end();
  return { method, ks, lambdas, rows };
}

/** λ as the tables and legends print it: 0, 1e-4, 0.001, 0.01, 0.1, 1. */
export function formatLambda(lambda: number): string {
  return lambda !== 0 && Math.abs(lambda) < 1e-3 ? lambda.toExponential() : String(lambda);
}

/** A Markdown table of one error (rows λ, columns k), 4 decimals. */
export function sweepTable(result: SweepResult, metric: "eIn" | "eOut" | "rmseTest" | "epochs"): string {
  const header = `| λ \\ k | ${result.ks.join(" | ")} |`;
  const rule = `|---|${result.ks.map(() => "---:").join("|")}|`;
  const lines = result.lambdas.map((lambda) => {
    const cells = result.ks.map((k) => {
      const row = result.rows.find((candidate) => candidate.k === k && candidate.lambda === lambda);
      if (!row) return "";
      return metric === "epochs" ? String(row.epochs) : row[metric].toFixed(4);
    });
    return `| ${formatLambda(lambda)} | ${cells.join(" | ")} |`;
  });
  return [header, rule, ...lines].join("\n");
}

/** E_in and E_out against k, one line per λ, as SVG (the plots of problems 2D and 2E). */
export async function sweepPlots(result: SweepResult): Promise<{ eIn: string; eOut: string }> {
  const plot = (metric: "eIn" | "eOut", title: string) =>
    linePlot({
      title,
      xLabel: "k (latent factors)",
      yLabel: metric === "eIn" ? "E_in (mean ½ squared error)" : "E_out (mean ½ squared error)",
      legendTitle: "λ",
      series: result.lambdas.map((lambda) => {
        const rows = result.ks.map((k) => result.rows.find((row) => row.k === k && row.lambda === lambda));
        return {
          name: formatLambda(lambda),
          x: result.ks,
          y: rows.map((row) => (row ? row[metric] : Number.NaN)),
        };
      }),
    });
  const method = result.method.toUpperCase();
  return {
    eIn: await plot("eIn", `E_in against k (${method})`),
    eOut: await plot("eOut", `E_out against k (${method})`),
  };
}
