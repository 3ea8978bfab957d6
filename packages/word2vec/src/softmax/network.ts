import { InvalidArgumentError, type ProgressListener, type Seed } from "@lab/core";
import {
  adam,
  cast,
  equal,
  gather,
  init,
  type ModelFunction,
  matMul,
  type Optimizer,
  type SessionOptions,
  sgd,
  softmax,
  softmaxCrossEntropy,
  type Tensor,
  Trainer,
  unsqueeze,
} from "@lab/nn";
import type { TrainingPairs } from "../pairs.js";

/** Names of the network's graph inputs and parameters (the exported network uses them too). */
export const SOFTMAX_NETWORK_NAMES = {
  center: "center",
  context: "context",
  inputWeights: "input/weight",
  outputWeights: "output/weight",
  probabilities: "probabilities",
} as const;

/**
 * How the center word enters the network. "lookup" (default) gathers row w of the V × D input
 * weights; "one-hot" multiplies the one-hot row vector e_w by them, as the set's Dense layer does.
 * They are the same function: e_w · W_in = W_in[w, :], and ∂(e_w · W_in)/∂W_in is e_w's outer
 * product, which is zero outside row w — exactly the row-w update Gather's backward scatters. The
 * lookup costs O(D) per word instead of O(V·D) (see the test that trains both and compares).
 */
export type InputEncoding = "lookup" | "one-hot";

export interface SoftmaxNetworkOptions {
  /** Hidden units D: the embedding dimension (default 10, the set's). */
  readonly dim?: number;
  /** Passes over the training pairs (default 10). */
  readonly epochs?: number;
  /** Pairs per step (default 64). */
  readonly batchSize?: number;
  /** "adam" (default, what the set's Keras solution compiles with) or "sgd". */
  readonly optimizer?: "adam" | "sgd";
  /** Default 0.01 for Adam (see the README for the choice), 0.5 for SGD. */
  readonly learningRate?: number;
  readonly inputEncoding?: InputEncoding;
  /** Initial weights, the pairs' shuffling order: the same seed gives the same weights (default 1). */
  readonly seed?: Seed;
  readonly onProgress?: ProgressListener;
  /** onnxruntime threads and device of the training sessions. */
  readonly session?: SessionOptions;
  /**
   * Also write the trained network (center word id -> probabilities of each context word) to this
   * ONNX file, checked against the training sessions' eval graph on the first pairs.
   */
  readonly exportPath?: string;
}

export interface SoftmaxNetwork {
  readonly vocabSize: number;
  readonly dim: number;
  /** Input-to-hidden weights, V × D row-major: row w is the input vector v_w. */
  readonly inputWeights: Float32Array;
  /** Hidden-to-output weights, D × V row-major: column w is the output vector v'_w. */
  readonly outputWeights: Float32Array;
  readonly inputWeightsShape: readonly [number, number];
  readonly outputWeightsShape: readonly [number, number];
  /** Mean cross-entropy of each epoch, in nats. */
  readonly epochLosses: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: "adam" | "sgd";
  readonly learningRate: number;
  readonly pairs: number;
  readonly seconds: number;
  /** Largest |exported file − eval graph| over the checked pairs, when exportPath was given. */
  readonly exportMaxAbsDiff?: number;
}

/**
 * Set 5 problem 3(iii)'s network as a model function for @lab/nn's Trainer: the center word (one-hot,
 * or looked up) -> D hidden units with no activation and no bias -> V logits -> softmax, trained on
 * cross-entropy against the context word. With h = v_w (input vector) and logits h·W_out, the softmax
 * is equation (2) of the set, p(w_O | w_I) = exp(v'_{w_O}·v_{w_I}) / Σ_w exp(v'_w·v_{w_I}). Biases are
 * left out so that the network is that formula and nothing more (a Keras Dense layer would add a
 * hidden bias, which shifts every word vector by the same amount and skews their cosines).
 * Weights start Glorot-uniform, Keras' Dense default.
 */
export function softmaxNetworkModel(
  vocabSize: number,
  dim: number,
  inputEncoding: InputEncoding = "lookup",
): ModelFunction {
  checkPositive(vocabSize, "vocabulary size");
  checkPositive(dim, "dim");
  if (inputEncoding !== "lookup" && inputEncoding !== "one-hot") {
    throw new InvalidArgumentError(
      `inputEncoding must be "lookup" or "one-hot", got "${String(inputEncoding)}"`,
    );
  }
  return (builder) => {
    const center = builder.input(SOFTMAX_NETWORK_NAMES.center, "int32", ["batch"]);
    const context = builder.input(SOFTMAX_NETWORK_NAMES.context, "int32", ["batch"]);
    const inputWeights = builder.scope("input", () =>
      builder.parameter("weight", [vocabSize, dim], init.glorotUniform()),
    );
    let hidden: Tensor;
    if (inputEncoding === "lookup") {
      hidden = gather(inputWeights, center);
    } else {
      const classes = builder.constant(
        Int32Array.from({ length: vocabSize }, (_, i) => i),
        "int32",
        [1, vocabSize],
        "word_ids",
      );
      const oneHot = cast(equal(unsqueeze(center, [1]), classes), "float32");
      hidden = matMul(oneHot, inputWeights);
    }
    const outputWeights = builder.scope("output", () =>
      builder.parameter("weight", [dim, vocabSize], init.glorotUniform()),
    );
    const logits = matMul(hidden, outputWeights);
    return {
      predictions: { [SOFTMAX_NETWORK_NAMES.probabilities]: softmax(logits) },
      loss: softmaxCrossEntropy(logits, context),
    };
  };
}

function checkPositive(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${what} must be a positive integer, got ${value}`);
  }
}

/** Default learning rate of each optimizer. */
export const SOFTMAX_DEFAULT_LEARNING_RATE = { adam: 0.01, sgd: 0.5 } as const;

/**
 * Trains the set's network on skip-gram pairs through @lab/nn (forward, backward by autodiff and the
 * optimizer step run in onnxruntime) and returns its two weight matrices.
 */
export async function trainSoftmaxNetwork(
  pairs: TrainingPairs,
  vocabSize: number,
  options: SoftmaxNetworkOptions = {},
): Promise<SoftmaxNetwork> {
  const dim = options.dim ?? 10;
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 64;
  const optimizerName = options.optimizer ?? "adam";
  if (optimizerName !== "adam" && optimizerName !== "sgd") {
    throw new InvalidArgumentError(`optimizer must be "adam" or "sgd", got "${String(optimizerName)}"`);
  }
  const learningRate = options.learningRate ?? SOFTMAX_DEFAULT_LEARNING_RATE[optimizerName];
  checkPositive(epochs, "epochs");
  checkPositive(batchSize, "batchSize");
  if (pairs.centers.length !== pairs.contexts.length) {
    throw new InvalidArgumentError(
      `centers and contexts must have the same length, got ${pairs.centers.length} and ${pairs.contexts.length}`,
    );
  }
  if (pairs.centers.length === 0) {
    throw new InvalidArgumentError("there are no training pairs: the corpus needs at least two words");
  }
  for (const ids of [pairs.centers, pairs.contexts]) {
    for (let t = 0; t < ids.length; t++) {
      if (!(ids[t]! >= 0 && ids[t]! < vocabSize)) {
        throw new InvalidArgumentError(`pair ${t} has word id ${ids[t]}, outside [0, ${vocabSize})`);
      }
    }
  }
  const optimizer: Optimizer = optimizerName === "adam" ? adam({ learningRate }) : sgd({ learningRate });
  const started = performance.now();
  const trainer = await Trainer.create({
    model: softmaxNetworkModel(vocabSize, dim, options.inputEncoding),
    optimizer,
    seed: options.seed ?? 1,
    batchSize,
    name: "word2vec_softmax",
    ...(options.session ? { session: options.session } : {}),
  });
  try {
    const data = {
      [SOFTMAX_NETWORK_NAMES.center]: pairs.centers,
      [SOFTMAX_NETWORK_NAMES.context]: pairs.contexts,
    };
    const history = await trainer.fit(data, {
      epochs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const parameters = trainer.readParameters();
    const [inputName, outputName] = trainer.parameterNames;
    const inputWeights = Float32Array.from(parameters.get(inputName!)!);
    const outputWeights = Float32Array.from(parameters.get(outputName!)!);
    let exportMaxAbsDiff: number | undefined;
    if (options.exportPath !== undefined) {
      const rows = Math.min(256, pairs.centers.length);
      const report = await trainer.exportInference(options.exportPath, {
        verifyWith: { [SOFTMAX_NETWORK_NAMES.center]: pairs.centers.subarray(0, rows) },
        metadata: { "lab.word2vec.network": JSON.stringify({ vocab_size: vocabSize, dim }) },
      });
      exportMaxAbsDiff = report.maxAbsDiff;
    }
    return {
      vocabSize,
      dim,
      inputWeights,
      outputWeights,
      inputWeightsShape: [vocabSize, dim],
      outputWeightsShape: [dim, vocabSize],
      epochLosses: history.epochs.map((logs) => logs.loss!),
      epochs,
      batchSize,
      optimizer: optimizerName,
      learningRate,
      pairs: pairs.centers.length,
      seconds: (performance.now() - started) / 1000,
      ...(exportMaxAbsDiff !== undefined ? { exportMaxAbsDiff } : {}),
    };
  } finally {
    await trainer.release();
  }
}
