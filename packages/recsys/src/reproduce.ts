import {
  createRng,
  InvalidArgumentError,
  linePlot,
  type ProgressListener,
  type Seed,
  startProgress,
} from "@lab/core";
import { commonIndexBase, datasetShape, type RatingsDataset } from "./data/dataset.js";
import { selectRatings } from "./data/ratings.js";
import type { ItemTitles } from "./data/titles.js";
import { FactorModel } from "./model/factor-model.js";
import { Recommender } from "./model/recommender.js";
import {
  formatLambda,
  runSweep,
  SET5_KS,
  SET5_LAMBDAS,
  type SweepResult,
  sweepPlots,
  sweepTable,
} from "./sweep.js";
import { trainAls } from "./train/als.js";
import { BIASED_DEFAULTS, trainBiasedSgd } from "./train/biased.js";
import type { TrainingResult } from "./train/epochs.js";
import { checkGradients } from "./train/gradient-check.js";
import { trainSgd } from "./train/sgd.js";

export interface MatrixFactorizationReportOptions {
  /** Ratings with a test part (E_out needs one). */
  readonly dataset: RatingsDataset;
  /** One line naming the data, e.g. "movielens-100k u.data, seeded 90/10 split". */
  readonly dataName: string;
  readonly titles?: ItemTitles | null;
  readonly ks?: readonly number[];
  readonly lambdas?: readonly number[];
  /** k of problem 2C's single run and of the ALS and biased runs (default 20). */
  readonly k?: number;
  readonly maxEpochs?: number;
  readonly seed?: Seed;
  readonly onProgress?: ProgressListener;
}

/** One training run as the report states it. */
export interface ReportRun {
  readonly method: string;
  readonly k: number;
  readonly lambda: number;
  readonly epochs: number;
  readonly stop: string;
  readonly eIn: number;
  readonly eOut: number;
  readonly rmseTrain: number;
  readonly rmseTest: number;
  readonly seconds: number;
}

export interface MatrixFactorizationReport {
  readonly gradientCheck: { readonly parameters: number; readonly maxError: number };
  readonly sgd: ReportRun;
  readonly als: ReportRun & { readonly objectiveIncreases: number };
  readonly biased: ReportRun;
  /** SGD and ALS on one objective: k, λ = 0.1 applied per rating (what the set's SGD minimizes). */
  readonly sameObjective: { readonly sgd: ReportRun; readonly als: ReportRun };
  readonly sweep: SweepResult;
  readonly markdown: string;
  /** File name (relative to the report folder) to contents. */
  readonly files: Record<string, string>;
}

/** λ of the report's ALS run: small enough to fit, large enough that every system is well posed. */
const ALS_LAMBDA = 0.1;

/**
 * Reruns set 5 part 2 end to end and writes it up: the problem 2A gradients against finite
 * differences, ALS (2B) with its objective per sweep, SGD exactly as 2C at k = 20 and λ = 0, the
 * k × λ sweep of 2D and 2E with tables and plots, and for comparison biased MF and top-N lists.
 * Every statement about trends in the text is computed from the numbers, not written in advance.
 */
export async function buildMatrixFactorizationReport(
  options: MatrixFactorizationReportOptions,
): Promise<MatrixFactorizationReport> {
  const { dataset } = options;
  const test = dataset.test;
  if (test === null || test.rating.length === 0) {
    throw new InvalidArgumentError("the report needs a dataset with test ratings");
  }
  const shape = datasetShape(dataset);
  const seed = options.seed ?? 1;
  const k = options.k ?? 20;
  const ks = options.ks ?? SET5_KS;
  const lambdas = options.lambdas ?? SET5_LAMBDAS;
  const maxEpochs = options.maxEpochs;
  const epochLimit = maxEpochs === undefined ? {} : { maxEpochs };
  const progress = startProgress(options.onProgress, "recsys reproduce", { total: 5, unit: "steps" });
  // Progress counts the five steps: 2A, 2B, 2C, the 2D/2E sweep, then the comparison runs.

  // 2A: gradients of a small model on 200 of the training ratings, every parameter checked.
  const checkRng = createRng(seed);
  const sample = selectRatings(
    dataset.train,
    checkRng.sample(dataset.train.rating.length, Math.min(200, dataset.train.rating.length)),
  );
  const gradientModel = new FactorModel({
    method: "sgd",
    k: 3,
    users: shape.users,
    items: shape.items,
    userFactors: checkRng.fillUniform(new Float64Array(shape.users * 3), -0.5, 0.5),
    itemFactors: checkRng.fillUniform(new Float64Array(shape.items * 3), -0.5, 0.5),
    globalMean: 0,
    userBias: null,
    itemBias: null,
  });
  const gradientCheck = checkGradients(gradientModel, sample, 0.1);
  progress.advance(1, "2A gradients");

  const describe = (method: string, lambda: number, result: TrainingResult): ReportRun => {
    const inSample = result.model.evaluate(dataset.train);
    const outOfSample = result.model.evaluate(test);
    return {
      method,
      k: result.model.k,
      lambda,
      epochs: result.epochs,
      stop: result.stop,
      eIn: inSample.e,
      eOut: outOfSample.e,
      rmseTrain: inSample.rmse,
      rmseTest: outOfSample.rmse,
      seconds: result.seconds,
    };
  };

  const alsResult = trainAls(dataset.train, shape, { k, lambda: ALS_LAMBDA, seed, ...epochLimit });
  let objectiveIncreases = 0;
  for (let e = 1; e < alsResult.history.length; e++) {
    if (alsResult.history[e].loss > alsResult.history[e - 1].loss) objectiveIncreases++;
  }
  const als = { ...describe("als, per-objective λ", ALS_LAMBDA, alsResult), objectiveIncreases };
  progress.advance(1, "2B ALS");

  const sgdResult = trainSgd(dataset.train, shape, { k, lambda: 0, seed, ...epochLimit });
  const sgd = describe("sgd", 0, sgdResult);
  progress.advance(1, "2C SGD");

  const sweep = runSweep(dataset.train, test, shape, { method: "sgd", ks, lambdas, seed, ...epochLimit });
  progress.advance(1, "2D/2E sweep");

  const matchedSgd = describe(
    "sgd, per-rating λ",
    ALS_LAMBDA,
    trainSgd(dataset.train, shape, { k, lambda: ALS_LAMBDA, seed, ...epochLimit }),
  );
  const matchedAls = describe(
    "als, per-rating λ",
    ALS_LAMBDA,
    trainAls(dataset.train, shape, {
      k,
      lambda: ALS_LAMBDA,
      regularization: "per-rating",
      seed,
      ...epochLimit,
    }),
  );
  const biasedResult = trainBiasedSgd(dataset.train, shape, {
    ...BIASED_DEFAULTS,
    seed,
    ...(maxEpochs === undefined ? {} : { maxEpochs: Math.min(maxEpochs, BIASED_DEFAULTS.maxEpochs) }),
  });
  const biased = describe("biased MF", BIASED_DEFAULTS.lambda, biasedResult);
  const sameObjective = { sgd: matchedSgd, als: matchedAls };
  progress.advance(1, "comparisons");
  progress.end();

  const files: Record<string, string> = {};
  files["2c-sgd-training-loss.svg"] = await linePlot({
    title: `Problem 2C: SGD, k = ${k}, λ = 0`,
    xLabel: "epoch",
    yLabel: "E_in (mean ½ squared error)",
    yScale: "log",
    series: [
      {
        name: "E_in",
        x: sgdResult.history.map((record) => record.epoch),
        y: sgdResult.history.map((record) => record.eIn),
      },
    ],
  });
  files["2b-als-objective.svg"] = await linePlot({
    title: `Problem 2B: ALS objective per sweep, k = ${k}, λ = ${ALS_LAMBDA}`,
    xLabel: "sweep (U then V)",
    yLabel: "regularized loss",
    yScale: "log",
    series: [
      { name: "loss", x: alsResult.history.map((r) => r.epoch), y: alsResult.history.map((r) => r.loss) },
    ],
  });
  const unregularized = sweep.rows.filter((row) => row.lambda === 0);
  if (unregularized.length > 0) {
    files["2d-errors-vs-k.svg"] = await linePlot({
      title: "Problem 2D: E_in and E_out against k (λ = 0)",
      xLabel: "k (latent factors)",
      yLabel: "mean ½ squared error",
      series: [
        { name: "E_in", x: unregularized.map((row) => row.k), y: unregularized.map((row) => row.eIn) },
        { name: "E_out", x: unregularized.map((row) => row.k), y: unregularized.map((row) => row.eOut) },
      ],
    });
  }
  const plots = await sweepPlots(sweep);
  files["2e-e-in-vs-k.svg"] = plots.eIn;
  files["2e-e-out-vs-k.svg"] = plots.eOut;

  const recommender = Recommender.fromDataset(biasedResult.model, dataset, options.titles ?? null, {});
  const markdown = renderMarkdown({
    options,
    k,
    gradientCheck,
    als,
    alsLosses: alsResult.history.map((record) => record.loss),
    sgd,
    sweep,
    biased,
    sameObjective,
    recommender,
    hasDPlot: unregularized.length > 0,
  });
  files["report.md"] = markdown;
  return { gradientCheck, sgd, als, biased, sameObjective, sweep, markdown, files };
}

interface RenderInput {
  options: MatrixFactorizationReportOptions;
  k: number;
  gradientCheck: { parameters: number; maxError: number };
  als: ReportRun & { objectiveIncreases: number };
  alsLosses: number[];
  sgd: ReportRun;
  sweep: SweepResult;
  biased: ReportRun;
  sameObjective: { sgd: ReportRun; als: ReportRun };
  recommender: Recommender;
  hasDPlot: boolean;
}

const fixed = (value: number) => value.toFixed(4);

function runTable(runs: readonly ReportRun[]): string {
  return [
    "| method | k | λ | epochs | stop | E_in | E_out | RMSE train | RMSE test | seconds |",
    "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ...runs.map(
      (run) =>
        `| ${run.method} | ${run.k} | ${formatLambda(run.lambda)} | ${run.epochs} | ${run.stop} | ${fixed(run.eIn)} | ${fixed(run.eOut)} | ${fixed(run.rmseTrain)} | ${fixed(run.rmseTest)} | ${run.seconds.toFixed(2)} |`,
    ),
  ].join("\n");
}

/** Sentences about how E_in and E_out move with k, read off the sweep. */
function describeTrends(sweep: SweepResult): string[] {
  const lines: string[] = [];
  for (const lambda of sweep.lambdas) {
    const rows = sweep.ks
      .map((k) => sweep.rows.find((row) => row.k === k && row.lambda === lambda))
      .filter((row) => row !== undefined);
    if (rows.length < 2) continue;
    const first = rows[0];
    const last = rows[rows.length - 1];
    const eInDirection = last.eIn < first.eIn ? "falls" : "rises";
    const eOutDirection = last.eOut > first.eOut ? "rises" : "falls";
    const bestOut = rows.reduce((best, row) => (row.eOut < best.eOut ? row : best));
    lines.push(
      `- λ = ${formatLambda(lambda)}: from k = ${first.k} to k = ${last.k}, E_in ${eInDirection} (${fixed(first.eIn)} → ${fixed(last.eIn)}) and E_out ${eOutDirection} (${fixed(first.eOut)} → ${fixed(last.eOut)}); the lowest E_out is ${fixed(bestOut.eOut)} at k = ${bestOut.k}.`,
    );
  }
  return lines;
}

/** The spread of E_out across k for each λ: regularization should narrow it (problem 2E). */
function describeSpread(sweep: SweepResult): string {
  const spreads = sweep.lambdas.map((lambda) => {
    const outs = sweep.rows.filter((row) => row.lambda === lambda).map((row) => row.eOut);
    return { lambda, spread: Math.max(...outs) - Math.min(...outs) };
  });
  return spreads.map(({ lambda, spread }) => `λ = ${formatLambda(lambda)}: ${fixed(spread)}`).join("; ");
}

/** Whether the largest λ fits worse than λ = 0 at every k, in and out of sample: underfitting. */
function describeUnderfitting(sweep: SweepResult): string[] {
  const largest = Math.max(...sweep.lambdas);
  if (!sweep.lambdas.includes(0) || largest === 0) return [];
  const underfits = sweep.ks.every((k) => {
    const free = sweep.rows.find((row) => row.k === k && row.lambda === 0);
    const shrunk = sweep.rows.find((row) => row.k === k && row.lambda === largest);
    return free !== undefined && shrunk !== undefined && shrunk.eIn > free.eIn && shrunk.eOut > free.eOut;
  });
  if (!underfits) return [];
  return [
    "",
    `At λ = ${formatLambda(largest)} both errors are above λ = 0's at every k: the per-step shrinkage ηλ = ${(0.03 * largest).toPrecision(2)} pulls the factors toward 0 faster than the ratings pull them out (underfitting).`,
  ];
}

function renderMarkdown(input: RenderInput): string {
  const { options, k, gradientCheck, als, alsLosses, sgd, sweep, biased, sameObjective, recommender } = input;
  const { dataset } = options;
  const test = dataset.test!;
  const indexBase = commonIndexBase(dataset);
  const lines: string[] = [
    "# CS155 set 5, part 2: matrix factorization, reproduced",
    "",
    `Data: ${options.dataName}.`,
    "",
    `${dataset.users.size} users, ${dataset.items.size} items; ${dataset.train.rating.length} training and ${test.rating.length} test ratings` +
      (dataset.coldTestRatings > 0
        ? ` (${dataset.coldTestRatings} test ratings have a user or item with no training rating).`
        : "."),
    `Ids are ${indexBase === null ? `not uniformly 0- or 1-based (users: ${String(dataset.indexBase.users)}, items: ${String(dataset.indexBase.items)})` : `${indexBase}-based`}; they are mapped to dense 0-based rows of U and V, so the notebook's "i − 1" is not needed.`,
    "",
    "E_in and E_out are the set's: the mean over the ratings of ½(y − u_iᵀv_j)², without the regularization term. RMSE is √(2E).",
    "",
    "## Problem 2A: gradients",
    "",
    "∂u_i = λu_i − Σ_j v_j (y_ij − u_iᵀv_j) and ∂v_j = λv_j − Σ_i u_i (y_ij − u_iᵀv_j).",
    `Against central finite differences of the objective (k = 3, λ = 0.1, 200 training ratings, all ${gradientCheck.parameters} parameters): largest relative difference ${gradientCheck.maxError.toExponential(2)}.`,
    "",
    "## Problem 2B: alternating least squares",
    "",
    "u_i = (λI + Σ_j v_j v_jᵀ)⁻¹ Σ_j y_ij v_j over the items user i rated, then v_j likewise given the new U; each k×k system is solved by Cholesky.",
    `With k = ${k} and λ = ${ALS_LAMBDA}, ALS ran ${als.epochs} sweeps (stop: ${als.stop}); the objective went from ${alsLosses[0].toExponential(4)} to ${alsLosses[alsLosses.length - 1].toExponential(4)} and increased in ${als.objectiveIncreases} of them.`,
    "",
    "![ALS objective](2b-als-objective.svg)",
    "",
    "## Problem 2C: SGD",
    "",
    "U and V uniform in [−0.5, 0.5], η = 0.03, λ = 0, training ratings shuffled every epoch, at most 300 epochs, stop after epoch t when Δ(t−1,t)/Δ(0,1) ≤ 10⁻⁴. Each step uses the per-rating gradient (ηλu_i per step, as the notebook's grad_U), and v_j's step uses the u_i just updated, as the notebook's train_model does.",
    "",
    runTable([sgd]),
    "",
    "![SGD training error](2c-sgd-training-loss.svg)",
    "",
    "## Problem 2D: E_in and E_out against k, λ = 0",
    "",
    ...(input.hasDPlot ? ["![2D](2d-errors-vs-k.svg)", ""] : []),
    ...describeTrends({ ...sweep, lambdas: sweep.lambdas.filter((lambda) => lambda === 0) }),
    "",
    "More factors fit the training ratings better (E_in down); without regularization the extra freedom fits noise, which shows as E_out going up wherever it does above.",
    "",
    "## Problem 2E: with regularization",
    "",
    "E_in (rows λ, columns k):",
    "",
    sweepTable(sweep, "eIn"),
    "",
    "E_out:",
    "",
    sweepTable(sweep, "eOut"),
    "",
    "Epochs until the stopping rule fired:",
    "",
    sweepTable(sweep, "epochs"),
    "",
    "![E_in](2e-e-in-vs-k.svg)",
    "",
    "![E_out](2e-e-out-vs-k.svg)",
    "",
    ...describeTrends(sweep),
    "",
    `Spread of E_out over k per λ (max − min): ${describeSpread(sweep)}.`,
    ...describeUnderfitting(sweep),
    "",
    "## Beyond the set: ALS and biased MF",
    "",
    "The set's SGD applies λ on every step, so a user with n_i ratings is shrunk n_i times per epoch: it minimizes ½Σe² + λ/2 Σ_(i,j)(‖u_i‖² + ‖v_j‖²), not the written λ/2(‖U‖² + ‖V‖²) that problem 2B's ALS solves. With λ = 0.1 the two differ by the average rating count (" +
      `${(dataset.train.rating.length / dataset.users.size).toFixed(0)} per user here); at the written λ = ${ALS_LAMBDA} ALS reaches E_in ${fixed(als.eIn)} and E_out ${fixed(als.eOut)}, against ${fixed(sameObjective.als.eIn)} and ${fixed(sameObjective.als.eOut)} with λ per rating. ALS with λ scaled per rating (λ n_i I in the normal equations) minimizes the same objective as the SGD:`,
    "",
    runTable([sameObjective.sgd, sameObjective.als]),
    "",
    `Biased MF adds a global mean and user and item biases (ŷ = μ + b_i + b_j + u_iᵀv_j), trained by SGD with η = ${BIASED_DEFAULTS.learningRate} decaying ×${BIASED_DEFAULTS.learningRateDecay} per epoch, k = ${BIASED_DEFAULTS.k}, λ = ${BIASED_DEFAULTS.lambda} (biases ${BIASED_DEFAULTS.biasLambda}):`,
    "",
    runTable([sgd, als, sameObjective.sgd, sameObjective.als, biased]),
    "",
  ];
  const user = recommender.users.id(0);
  const picks = recommender.recommend(user, 5);
  lines.push(`Top 5 for user ${user} (biased MF, items the user rated in training excluded):`, "");
  for (const pick of picks)
    lines.push(`- ${pick.title ?? `item ${pick.itemId}`} (predicted ${pick.score.toFixed(2)})`);
  const anchor = recommender.items.id(0);
  const neighbours = recommender.similarItems(anchor, 5);
  lines.push(
    "",
    `Items closest to ${recommender.titleOf(0) ?? `item ${anchor}`} by cosine of item factors:`,
    "",
    ...neighbours.map((item) => `- ${item.title ?? `item ${item.itemId}`} (${item.similarity.toFixed(3)})`),
    "",
  );
  return lines.join("\n");
}
