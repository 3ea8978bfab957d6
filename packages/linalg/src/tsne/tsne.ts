import { InvalidArgumentError, type ProgressListener, Rng, type Seed, startProgress } from "@lab/core";
import { Matrix } from "../matrix.js";
import {
  denseConditionalAffinities,
  pairwiseDistancesSquared,
  sparseConditionalAffinities,
  symmetrizeDense,
  symmetrizeSparse,
} from "./affinities.js";
import { BarnesHutGradient, ExactGradient, type GradientEvaluator } from "./gradient.js";
import { nearestNeighbors } from "./neighbors.js";
import { principalScores } from "./pca-init.js";

export type TsneMethod = "exact" | "barnes-hut";

export interface TsneOptions {
  /** Dimensions of the embedding. */
  dimensions: 2 | 3;
  /**
   * Effective number of neighbours each point's Gaussian is calibrated to (5–50 is typical).
   * Must be below the number of points. Default 30.
   */
  perplexity?: number;
  /**
   * Step size of gradient descent. "auto" (default) is max(N / earlyExaggeration / 4, 50), the rule
   * scikit-learn uses (Belkina et al. 2019, Kobak and Berens 2019, for a gradient that includes the
   * factor 4 as this one does).
   */
  learningRate?: number | "auto";
  /** Total gradient-descent iterations, early exaggeration included. Default 1000. */
  iterations?: number;
  /** Factor P is multiplied by during the first `exaggerationIterations`. Default 12. */
  earlyExaggeration?: number;
  /** Iterations with early exaggeration and momentum 0.5; momentum is 0.8 after. Default 250. */
  exaggerationIterations?: number;
  /** Barnes–Hut accuracy: a cell is summarised when width / distance < theta. Default 0.5. */
  theta?: number;
  /**
   * "exact": O(N²) time and memory per iteration, dense P. "barnes-hut": P over the
   * 3·perplexity nearest neighbours and tree-approximated repulsion, O(N log N) per iteration.
   * "auto" (default) picks exact up to {@link EXACT_METHOD_MAX_POINTS} points.
   */
  method?: TsneMethod | "auto";
  /**
   * Starting layout. "pca" (default): the top principal components, scaled to standard deviation
   * 1e-4 along the first, which keeps global structure more faithfully. "random": N(0, 1e-4²).
   */
  init?: "pca" | "random";
  /**
   * Seed of the random start. With init "pca" it only seeds the PCA iteration's start vectors,
   * which converge to the same axes, so the result then barely depends on it. Default 0.
   */
  seed?: Seed;
  /** Stops early when the gradient's Euclidean norm falls to this. Default 1e-7. */
  minGradientNorm?: number;
  onProgress?: ProgressListener;
}

export interface TsneResult {
  /** N × dimensions. */
  readonly embedding: Matrix;
  /**
   * KL(P‖Q) of the final embedding (without exaggeration). Exact for the exact method; for
   * Barnes–Hut it uses the tree's estimate of Q's normaliser (see {@link BarnesHutGradient}).
   */
  readonly klDivergence: number;
  /** Iterations run (fewer than asked when the gradient norm reached `minGradientNorm`). */
  readonly iterations: number;
  readonly method: TsneMethod;
  readonly learningRate: number;
}

/**
 * Up to this many points "auto" uses the exact method: it has no approximation error and, measured
 * on this project's 2-core machine (bench/tsne-exact.bench.ts), costs about the same per iteration
 * as Barnes–Hut here (equal at 200 points, 1.1–1.3× slower at 400, about 2× at 800).
 */
export const EXACT_METHOD_MAX_POINTS = 400;

/** The exact method builds N×N Float64Arrays (squared distances, then P): 800 MB each at this size. */
export const EXACT_METHOD_LIMIT = 10_000;

/** KL is computed (and reported through onProgress) every this many iterations. */
const KL_CHECK_INTERVAL = 50;
const MOMENTUM_EXAGGERATED = 0.5;
const MOMENTUM_FINAL = 0.8;
/** Delta-bar-delta gains: raised by the increment while steps keep their direction, decayed when they flip. */
const GAIN_INCREMENT = 0.2;
const GAIN_DECAY = 0.8;
const MIN_GAIN = 0.01;
/** Standard deviation of the starting layout: small, so early exaggeration can form clusters first. */
const INITIAL_SCALE = 1e-4;

/**
 * t-distributed stochastic neighbour embedding (van der Maaten and Hinton, 2008), with Barnes–Hut
 * acceleration (van der Maaten, 2014): places the rows of `points` in 2-D or 3-D so that points
 * with similar neighbourhoods land close together. Deterministic for a given seed.
 */
export function tsne(points: Matrix, options: TsneOptions): TsneResult {
  const settings = resolveOptions(points, options);
  const { dimensions: dims, iterations, earlyExaggeration, exaggerationIterations } = settings;
  const size = points.rows;
  const rng = new Rng(settings.seed);

  const evaluator = buildEvaluator(points, settings);

  const positions = initialLayout(points, settings, rng);
  const gradient = new Float64Array(size * dims);
  const update = new Float64Array(size * dims);
  const gains = new Float64Array(size * dims).fill(1);
  const learningRate = settings.learningRate;
  const progress = startProgress(options.onProgress, `t-SNE ${settings.method}`, {
    total: iterations,
    unit: "iterations",
  });

  let done = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const exaggerated = iteration < exaggerationIterations;
    const exaggeration = exaggerated ? earlyExaggeration : 1;
    const momentum = exaggerated ? MOMENTUM_EXAGGERATED : MOMENTUM_FINAL;
    const checkKl = (iteration + 1) % KL_CHECK_INTERVAL === 0;
    const kl = evaluator.evaluate(
      positions,
      exaggeration,
      gradient,
      checkKl && options.onProgress !== undefined,
    );

    let gradientNormSquared = 0;
    for (let e = 0; e < positions.length; e++) {
      const g = gradient[e];
      gradientNormSquared += g * g;
      // Delta-bar-delta (Jacobs 1988): grow a coordinate's gain while the gradient keeps pointing
      // against the last step (progress in a consistent direction), shrink it when it flips.
      let gain = update[e] * g < 0 ? gains[e] + GAIN_INCREMENT : gains[e] * GAIN_DECAY;
      if (gain < MIN_GAIN) gain = MIN_GAIN;
      gains[e] = gain;
      update[e] = momentum * update[e] - learningRate * gain * g;
      positions[e] += update[e];
    }
    done = iteration + 1;
    progress.update(done, checkKl && !Number.isNaN(kl) ? `KL ${kl.toFixed(4)}` : undefined);
    if (Math.sqrt(gradientNormSquared) <= settings.minGradientNorm) break;
  }

  // One more evaluation at the final layout, so the reported KL belongs to the returned embedding.
  const klDivergence = evaluator.evaluate(positions, 1, gradient, true);
  progress.end(`KL ${klDivergence.toFixed(4)}`);
  return {
    embedding: new Matrix(size, dims, positions),
    klDivergence,
    iterations: done,
    method: settings.method,
    learningRate,
  };
}

interface ResolvedOptions {
  dimensions: 2 | 3;
  perplexity: number;
  learningRate: number;
  iterations: number;
  earlyExaggeration: number;
  exaggerationIterations: number;
  theta: number;
  method: TsneMethod;
  init: "pca" | "random";
  seed: Seed;
  minGradientNorm: number;
  onProgress: ProgressListener | undefined;
}

function buildEvaluator(points: Matrix, settings: ResolvedOptions): GradientEvaluator {
  const size = points.rows;
  const progress = startProgress(settings.onProgress, "t-SNE affinities", { total: size, unit: "points" });
  const onRow = settings.onProgress ? (row: number) => progress.update(row + 1) : undefined;
  let evaluator: GradientEvaluator;
  if (settings.method === "exact") {
    const conditional = denseConditionalAffinities(
      pairwiseDistancesSquared(points),
      size,
      settings.perplexity,
      onRow,
    );
    evaluator = new ExactGradient(symmetrizeDense(conditional, size), size, settings.dimensions);
  } else {
    // 3·perplexity neighbours hold all but a negligible part of each calibrated Gaussian's mass
    // (van der Maaten 2014); the rest of P is taken as zero.
    const k = Math.min(size - 1, Math.floor(3 * settings.perplexity + 1));
    const graph = nearestNeighbors(points, k);
    const conditional = sparseConditionalAffinities(graph, settings.perplexity, onRow);
    evaluator = new BarnesHutGradient(
      symmetrizeSparse(graph, conditional),
      settings.dimensions,
      settings.theta,
    );
  }
  progress.end();
  return evaluator;
}

function initialLayout(points: Matrix, settings: ResolvedOptions, rng: Rng): Float64Array {
  const size = points.rows;
  const dims = settings.dimensions;
  if (settings.init === "random") return rng.fillNormal(new Float64Array(size * dims), 0, INITIAL_SCALE);
  const scores = principalScores(points, dims, rng);
  let mean = 0;
  for (let i = 0; i < size; i++) mean += scores[i * dims];
  mean /= size;
  let variance = 0;
  for (let i = 0; i < size; i++) variance += (scores[i * dims] - mean) ** 2;
  const std = Math.sqrt(variance / size);
  // Constant input has no principal direction; every point starts at the origin then.
  const scale = std > 0 ? INITIAL_SCALE / std : 0;
  for (let e = 0; e < scores.length; e++) scores[e] *= scale;
  return scores;
}

function resolveOptions(points: Matrix, options: TsneOptions): ResolvedOptions {
  const size = points.rows;
  if (size < 2) throw new InvalidArgumentError(`t-SNE needs at least 2 points, got ${size}`);
  if (points.cols < 1) throw new InvalidArgumentError("t-SNE needs points with at least one column");
  for (let e = 0; e < points.data.length; e++) {
    if (!Number.isFinite(points.data[e])) {
      const row = Math.floor(e / points.cols);
      throw new InvalidArgumentError(
        `t-SNE input has a non-finite value at row ${row}, column ${e % points.cols}`,
      );
    }
  }
  const dimensions = options.dimensions;
  if (dimensions !== 2 && dimensions !== 3) {
    throw new InvalidArgumentError(`t-SNE dimensions must be 2 or 3, got ${dimensions}`);
  }
  const perplexity = options.perplexity ?? 30;
  if (!(perplexity > 0 && perplexity < size)) {
    throw new InvalidArgumentError(
      `perplexity must be in (0, ${size}) for ${size} points, got ${perplexity}; use fewer than the number of points`,
    );
  }
  const iterations = options.iterations ?? 1000;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new InvalidArgumentError(`iterations must be a positive integer, got ${iterations}`);
  }
  const earlyExaggeration = options.earlyExaggeration ?? 12;
  if (!(earlyExaggeration >= 1 && Number.isFinite(earlyExaggeration))) {
    throw new InvalidArgumentError(
      `earlyExaggeration must be a finite number >= 1, got ${earlyExaggeration}`,
    );
  }
  const exaggerationIterations = options.exaggerationIterations ?? 250;
  if (!Number.isInteger(exaggerationIterations) || exaggerationIterations < 0) {
    throw new InvalidArgumentError(
      `exaggerationIterations must be a non-negative integer, got ${exaggerationIterations}`,
    );
  }
  const requestedRate = options.learningRate ?? "auto";
  let learningRate: number;
  if (requestedRate === "auto") {
    learningRate = Math.max(size / earlyExaggeration / 4, 50);
  } else if (typeof requestedRate === "number" && requestedRate > 0 && Number.isFinite(requestedRate)) {
    learningRate = requestedRate;
  } else {
    throw new InvalidArgumentError(
      `learningRate must be "auto" or a positive number, got ${String(requestedRate)}`,
    );
  }
  const theta = options.theta ?? 0.5;
  if (!(theta >= 0 && Number.isFinite(theta))) {
    throw new InvalidArgumentError(`theta must be a finite number >= 0, got ${theta}`);
  }
  const requestedMethod = options.method ?? "auto";
  if (requestedMethod !== "auto" && requestedMethod !== "exact" && requestedMethod !== "barnes-hut") {
    throw new InvalidArgumentError(
      `method must be "exact", "barnes-hut" or "auto", got ${String(requestedMethod)}`,
    );
  }
  const method: TsneMethod =
    requestedMethod === "auto" ? (size <= EXACT_METHOD_MAX_POINTS ? "exact" : "barnes-hut") : requestedMethod;
  if (method === "exact" && size > EXACT_METHOD_LIMIT) {
    throw new InvalidArgumentError(
      `the exact method keeps N×N arrays and accepts at most ${EXACT_METHOD_LIMIT} points, got ${size}; use method "barnes-hut"`,
    );
  }
  const init = options.init ?? "pca";
  if (init !== "pca" && init !== "random") {
    throw new InvalidArgumentError(`init must be "pca" or "random", got ${String(init)}`);
  }
  // Rng validates the seed itself.
  const seed = options.seed ?? 0;
  const minGradientNorm = options.minGradientNorm ?? 1e-7;
  if (!(minGradientNorm >= 0)) {
    throw new InvalidArgumentError(`minGradientNorm must be >= 0, got ${minGradientNorm}`);
  }
  return {
    dimensions,
    perplexity,
    learningRate,
    iterations,
    earlyExaggeration,
    exaggerationIterations,
    theta,
    method,
    init,
    seed,
    minGradientNorm,
    onProgress: options.onProgress,
  };
}
