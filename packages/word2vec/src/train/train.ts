import { Worker } from "node:worker_threads";
import { createRng, InvalidArgumentError, LabError, startProgress } from "@lab/core";
import {
  createEngineSetup,
  type ResolvedOptions,
  resolveOptions,
  type TrainingData,
  type TrainingStats,
  type Word2VecTrainOptions,
} from "./options.js";
import { learningRate, planChunks } from "./plan.js";
import { ReferenceEngine } from "./reference.js";
import type { EngineSetup, ThreadState, Word2VecMethod, Word2VecModel } from "./setup.js";
import { kernelModule, layoutMemory, readThreadState, writeThreadState } from "./wasm-engine.js";
import { WORKER_SOURCE } from "./worker-source.js";

export interface Word2VecTrainResult {
  /** V × dim, row-major: the word vectors. */
  readonly inputVectors: Float32Array;
  /** outputRows × dim: one row per word for "ns", per inner Huffman node (V - 1) for "hs". */
  readonly outputVectors: Float32Array;
  readonly outputRows: number;
  readonly vocabSize: number;
  readonly dim: number;
  readonly model: Word2VecModel;
  readonly method: Word2VecMethod;
  /** Wall time of the training passes (worker start-up included). */
  readonly seconds: number;
  /** effectiveWords / seconds: the quantity gensim and word2vec.c report as words/s. */
  readonly wordsPerSecond: number;
  /** Words trained on after subsampling, over all epochs. */
  readonly effectiveWords: number;
  /** Corpus words processed, over all epochs. */
  readonly rawWords: number;
  /** Mean loss per output-layer prediction over the whole run (-log sigmoid, from tables). */
  readonly loss: number;
  /** Mean loss per output-layer prediction in each epoch. */
  readonly epochLoss: Float64Array;
  readonly engine: "wasm" | "typescript";
  readonly threads: number;
}

/**
 * Trains word2vec (skip-gram or CBOW; negative sampling or hierarchical softmax) on an encoded
 * corpus. With the WebAssembly engine the work runs on `threads` worker threads sharing the weights
 * without locks (Hogwild, as word2vec.c and gensim do); each takes a contiguous slice of the corpus
 * per epoch and the learning rate decays linearly with the words all threads have processed.
 * One thread with one seed always gives the same vectors, equal to the TypeScript engine's.
 */
export async function trainWord2Vec(
  data: TrainingData,
  options: Word2VecTrainOptions = {},
): Promise<Word2VecTrainResult> {
  const resolved = resolveOptions(options);
  const { setup, outputRows } = createEngineSetup(data, resolved, options.tree);
  const shape = { stride: setup.stride, model: setup.model, method: setup.method };
  const useWasm = resolved.engine !== "typescript" && kernelModule(shape) !== null;
  if (resolved.engine === "wasm" && !useWasm) {
    throw new InvalidArgumentError("word2vec: this runtime lacks WebAssembly SIMD or shared memory");
  }
  if (!useWasm && resolved.engine === "typescript" && resolved.threads > 1) {
    throw new InvalidArgumentError("word2vec: the TypeScript engine runs on one thread; use threads: 1");
  }
  const threads = useWasm ? resolved.threads : 1;
  const rng = createRng(resolved.seed);
  const seeds = Array.from({ length: threads }, () => rng.nextUint32() || 1);
  const reporter = new Reporter(options, resolved, setup);
  const run = useWasm
    ? await runWorkers(setup, outputRows, resolved, threads, seeds, rng, reporter)
    : runReference(setup, outputRows, resolved, seeds[0]!, rng, reporter);
  const strip = (padded: Float32Array, rows: number) => {
    const out = new Float32Array(rows * setup.dim);
    for (let r = 0; r < rows; r++) {
      out.set(padded.subarray(r * setup.stride, r * setup.stride + setup.dim), r * setup.dim);
    }
    return out;
  };
  const stats = reporter.finish(run);
  return {
    inputVectors: strip(run.syn0, setup.vocabSize),
    outputVectors: strip(run.syn1, outputRows),
    outputRows,
    vocabSize: setup.vocabSize,
    dim: setup.dim,
    model: setup.model,
    method: setup.method,
    seconds: stats.seconds,
    wordsPerSecond: stats.wordsPerSecond,
    effectiveWords: stats.effectiveWords,
    rawWords: stats.rawWords,
    loss: run.lossTerms > 0 ? run.loss / run.lossTerms : Number.NaN,
    epochLoss: run.epochLoss,
    engine: useWasm ? "wasm" : "typescript",
    threads,
  };
}

interface RunOutcome {
  readonly syn0: Float32Array;
  readonly syn1: Float32Array;
  readonly rawWords: number;
  readonly effectiveWords: number;
  readonly loss: number;
  readonly lossTerms: number;
  readonly epochLoss: Float64Array;
  readonly seconds: number;
}

/** Per-epoch mean loss from the running (loss, terms) totals at each epoch's end, summed over threads. */
function epochMeans(totals: readonly { loss: number; terms: number }[][]): Float64Array {
  const epochs = Math.max(0, ...totals.map((perThread) => perThread.length));
  const means = new Float64Array(epochs);
  for (let e = 0; e < epochs; e++) {
    let loss = 0;
    let terms = 0;
    for (const perThread of totals) {
      const end = perThread[e];
      if (!end) continue;
      const start = e > 0 ? perThread[e - 1]! : { loss: 0, terms: 0 };
      loss += end.loss - start.loss;
      terms += end.terms - start.terms;
    }
    means[e] = terms > 0 ? loss / terms : Number.NaN;
  }
  return means;
}

/** word2vec.c and gensim: uniform in [-0.5, 0.5) / dim for input vectors, zeros for output vectors. */
function initialiseInputVectors(
  syn0: Float32Array,
  setup: EngineSetup,
  rng: ReturnType<typeof createRng>,
): void {
  for (let w = 0; w < setup.vocabSize; w++) {
    for (let c = 0; c < setup.dim; c++) syn0[w * setup.stride + c] = (rng.uniform() - 0.5) / setup.dim;
  }
}

function runReference(
  setup: EngineSetup,
  outputRows: number,
  options: ResolvedOptions,
  seed: number,
  rng: ReturnType<typeof createRng>,
  reporter: Reporter,
): RunOutcome {
  const engine = new ReferenceEngine(
    setup,
    new Float32Array(setup.vocabSize * setup.stride),
    new Float32Array(outputRows * setup.stride),
  );
  initialiseInputVectors(engine.syn0, setup, rng);
  const plan = planChunks(setup.sentenceEnds, 1)[0]!;
  const totalWork = options.epochs * setup.corpus.length;
  const state: ThreadState = { rng: seed, loss: 0, lossTerms: 0 };
  const started = performance.now();
  const totals: { loss: number; terms: number }[] = [];
  let done = 0;
  let kept = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let c = 0; c < plan.length; c += 3) {
      const alpha = learningRate(done, totalWork, options.alpha, options.minAlpha);
      kept += engine.trainChunk(state, plan[c]!, plan[c + 1]!, alpha);
      done += plan[c + 2]!;
      reporter.poll(done, kept, [state], (performance.now() - started) / 1000);
    }
    totals.push({ loss: state.loss, terms: state.lossTerms });
  }
  return {
    epochLoss: epochMeans([totals]),
    syn0: engine.syn0,
    syn1: engine.syn1,
    rawWords: done,
    effectiveWords: kept,
    loss: state.loss,
    lossTerms: state.lossTerms,
    seconds: (performance.now() - started) / 1000,
  };
}

async function runWorkers(
  setup: EngineSetup,
  outputRows: number,
  options: ResolvedOptions,
  threads: number,
  seeds: readonly number[],
  rng: ReturnType<typeof createRng>,
  reporter: Reporter,
): Promise<RunOutcome> {
  const module = kernelModule({ stride: setup.stride, model: setup.model, method: setup.method })!;
  const layout = layoutMemory(setup, outputRows, threads);
  initialiseInputVectors(layout.syn0, setup, rng);
  for (const [t, scratch] of layout.scratch.entries()) {
    writeThreadState(layout.memory, scratch, { rng: seeds[t]!, loss: 0, lossTerms: 0 });
  }
  const plans = planChunks(setup.sentenceEnds, threads);
  const counters = new SharedArrayBuffer(3 * 8);
  const shared = new BigInt64Array(counters);
  const totalWork = options.epochs * setup.corpus.length;
  const readStates = () => layout.scratch.map((scratch) => readThreadState(layout.memory, scratch));

  const totals: { loss: number; terms: number }[][] = plans.map(() => []);
  const started = performance.now();
  const workers = plans.map(
    (plan, t) =>
      new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          module,
          memory: layout.memory,
          config: layout.config,
          scratch: layout.scratch[t],
          plan,
          epochs: options.epochs,
          alpha: options.alpha,
          minAlpha: options.minAlpha,
          totalWork,
          counters,
        },
      }),
  );
  const elapsed = () => (performance.now() - started) / 1000;
  const timer = setInterval(
    () => reporter.poll(Number(shared[0]), Number(shared[1]), readStates(), elapsed()),
    reporter.intervalMs,
  );
  try {
    const outcomes = await Promise.all(
      workers.map(
        (worker, t) =>
          new Promise<{ ok: boolean; message?: string }>((resolve) => {
            worker.on(
              "message",
              (message: { ok?: boolean; message?: string; loss?: number; terms?: number }) => {
                if (message.ok === undefined) totals[t]!.push({ loss: message.loss!, terms: message.terms! });
                else resolve({ ok: message.ok, message: message.message });
              },
            );
            worker.once("error", (error) => resolve({ ok: false, message: error.message }));
            worker.once("exit", (code) => resolve({ ok: false, message: `worker exited with code ${code}` }));
          }),
      ),
    );
    const failed = outcomes.find((outcome) => !outcome.ok);
    if (failed) throw new LabError(`word2vec: a training thread failed: ${failed.message}`);
  } finally {
    clearInterval(timer);
    Atomics.store(shared, 2, 1n);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  const seconds = elapsed();
  const states = readStates();
  // Copy out of the shared memory so the result does not keep the whole training memory alive.
  return {
    epochLoss: epochMeans(totals),
    syn0: layout.syn0.slice(),
    syn1: layout.syn1.slice(),
    rawWords: Number(shared[0]),
    effectiveWords: Number(shared[1]),
    loss: states.reduce((sum, state) => sum + state.loss, 0),
    lossTerms: states.reduce((sum, state) => sum + state.lossTerms, 0),
    seconds,
  };
}

/** Turns counters into progress events and stats; remembers the loss of the last stretch of work. */
class Reporter {
  readonly intervalMs: number;
  private readonly task;
  private readonly totalWork: number;
  private lastLoss = 0;
  private lastTerms = 0;

  constructor(
    private readonly options: Word2VecTrainOptions,
    private readonly resolved: ResolvedOptions,
    setup: EngineSetup,
  ) {
    this.intervalMs = options.statsIntervalMs ?? 250;
    this.totalWork = resolved.epochs * setup.corpus.length;
    this.task = startProgress(options.onProgress, "train word2vec", { total: this.totalWork, unit: "words" });
  }

  poll(rawWords: number, effectiveWords: number, states: readonly ThreadState[], seconds: number): void {
    const loss = states.reduce((sum, state) => sum + state.loss, 0);
    const terms = states.reduce((sum, state) => sum + state.lossTerms, 0);
    if (!this.options.onProgress && !this.options.onStats) return;
    const recent = terms > this.lastTerms ? (loss - this.lastLoss) / (terms - this.lastTerms) : Number.NaN;
    this.lastLoss = loss;
    this.lastTerms = terms;
    const stats: TrainingStats = {
      rawWords,
      effectiveWords,
      totalRawWords: this.totalWork,
      wordsPerSecond: seconds > 0 ? effectiveWords / seconds : 0,
      loss: recent,
      alpha: learningRate(rawWords, this.totalWork, this.resolved.alpha, this.resolved.minAlpha),
      seconds,
    };
    this.options.onStats?.(stats);
    this.task.update(
      rawWords,
      `${Math.round(stats.wordsPerSecond / 1000)}k words/s, loss ${recent.toFixed(4)}`,
    );
  }

  finish(run: RunOutcome): TrainingStats {
    const stats: TrainingStats = {
      rawWords: run.rawWords,
      effectiveWords: run.effectiveWords,
      totalRawWords: this.totalWork,
      wordsPerSecond: run.seconds > 0 ? run.effectiveWords / run.seconds : 0,
      loss: run.lossTerms > 0 ? run.loss / run.lossTerms : Number.NaN,
      alpha: learningRate(run.rawWords, this.totalWork, this.resolved.alpha, this.resolved.minAlpha),
      seconds: run.seconds,
    };
    this.options.onStats?.(stats);
    this.task.end(`${Math.round(stats.wordsPerSecond / 1000)}k words/s, loss ${stats.loss.toFixed(4)}`);
    return stats;
  }
}
