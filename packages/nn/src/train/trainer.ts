import {
  createRng,
  InvalidArgumentError,
  LabError,
  type ProgressListener,
  type Rng,
  type Seed,
  startProgress,
} from "@lab/core";
import type { GraphBuilder } from "../graph/builder.js";
import type { ModelIR, TensorArray, ValueInfo } from "../ir/ir.js";
import { allocateArray } from "../onnx/dtypes.js";
import type { Optimizer } from "../optim/optimizer.js";
import type { EpochLogs, LearningRateSchedule } from "../optim/schedulers.js";
import { lazyAdam, type SparseOptimizer, sparseSgd } from "../optim/sparse.js";
import { exportModel, loadPredictor } from "../runtime/export.js";
import { createSession, type GraphSession, type Outputs, type SessionOptions } from "../runtime/session.js";
import type { TensorInput, TensorOutput } from "../runtime/tensors.js";
import { BatchAssembler, type Dataset, rowShape } from "./batches.js";
import type { Callback, TrainingControl } from "./callbacks.js";
import {
  buildEvalGraph,
  buildTrainingGraph,
  type CarriedValue,
  type EvalGraph,
  GRADIENT_NORM_OUTPUT,
  LEARNING_RATE_INPUT,
  LOSS_OUTPUT,
  type ModelFunction,
  STEP_INPUT,
  type TrainingGraph,
} from "./compile.js";
import type { Metric } from "./metrics.js";
import { RandomInputFiller } from "./random-inputs.js";
import { SparseTable } from "./sparse-tables.js";

export interface TrainerOptions {
  readonly model: ModelFunction;
  readonly optimizer: Optimizer;
  /**
   * One seed for the whole run (default 0): parameters' initial values, the shuffling order and the
   * dropout/noise draws. The same seed, data and options give the same weights.
   */
  readonly seed?: Seed;
  /** Rows per training step (default 32). The last batch of an epoch may be shorter. */
  readonly batchSize?: number;
  /** Rows per evaluation run (default: batchSize). */
  readonly evalBatchSize?: number;
  /**
   * Updates the tables of sparse embeddings (see sparseEmbedding). Default: lazy Adam when the
   * optimizer is Adam/AdamW, else sparse SGD, at the optimizer's learning rate. Schedules scale its
   * rate by the same factor as the optimizer's.
   */
  readonly sparseOptimizer?: SparseOptimizer;
  /** Clip gradients to this global L2 norm before each update (as torch's clip_grad_norm_). */
  readonly clipGradNorm?: number;
  /** Changes the learning rate between epochs. */
  readonly schedule?: LearningRateSchedule;
  /** Device and threads of the ORT sessions. */
  readonly session?: SessionOptions;
  /** Graph name of the exported model (default "model"). */
  readonly name?: string;
}

export interface FitOptions {
  readonly epochs: number;
  /** Evaluated after each epoch: val_loss and val_<metric> join the logs. */
  readonly validation?: Dataset;
  readonly metrics?: readonly Metric[];
  readonly callbacks?: readonly Callback[];
  /** Receives a "train" task with one unit per step. */
  readonly onProgress?: ProgressListener;
  /** Reshuffle the rows every epoch (default true). */
  readonly shuffle?: boolean;
}

export interface TrainingHistory {
  /** One entry per epoch run: epoch (1-based), loss, learning_rate, gradient_norm (when clipping), val_*. */
  readonly epochs: EpochLogs[];
  /** Why training ended before its last epoch, when a callback stopped it. */
  readonly stopReason?: string;
}

export interface ExportOptions {
  /** Stored as metadata_props, besides the generated "inputs" and "outputs" descriptions. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Class names, stored as JSON under "labels". */
  readonly labels?: readonly string[];
  /** How raw data becomes the model's inputs, stored as JSON under "preprocessing". */
  readonly preprocessing?: unknown;
}

export interface ExportCheckOptions extends ExportOptions {
  /**
   * Rows to run through both the written file (reloaded with loadPredictor) and the eval session;
   * the export fails when they differ by 1e-5 or more anywhere.
   */
  readonly verifyWith?: Dataset;
}

export interface ExportReport {
  readonly path: string;
  /** Largest |file − eval session| over the verified outputs; undefined without verifyWith. */
  readonly maxAbsDiff?: number;
}

/** Largest difference tolerated between the exported file's outputs and the eval session's. */
export const EXPORT_PARITY_TOLERANCE = 1e-5;

/** A parameter or state value: the buffer fed to the next step, and the one the step writes into. */
interface CarriedBuffers {
  readonly value: CarriedValue;
  current: Float32Array | Float64Array;
  next: Float32Array | Float64Array;
}

/**
 * Trains a model function with whole training steps in onnxruntime: each step is one session run of
 * the training graph (forward, loss, backward, optimizer update) that reads the parameters and
 * optimizer state from buffers and writes their new values into a second set of buffers; the two
 * sets swap after the step, so steps allocate no parameter-sized memory. Evaluation, prediction and
 * export use the eval graph, the same model function built with dropout and noise left out.
 */
export class Trainer {
  /** The learning rate fed to the next step; schedules set it between epochs. */
  learningRate: number;
  private stepsTaken = 0;
  private readonly rng: Rng;
  private readonly parameters: CarriedBuffers[];
  private readonly state: CarriedBuffers[];
  private readonly sparseTables: SparseTable[];
  private readonly sparseRate: number;
  /** The training session's data inputs (the batches may hold more: ids read only by sparse tables). */
  private readonly fedDataNames: string[];
  private readonly trainFeeds: Record<string, TensorArray> = {};
  private readonly trainTargets: Record<string, TensorInput> = {};
  private readonly trainBatches: BatchAssembler;
  private readonly randomInputs: RandomInputFiller;
  private readonly rateInput: Float32Array | Float64Array;
  private readonly stepInput: Float32Array | Float64Array;
  private readonly lossOutput: Float32Array | Float64Array;
  private readonly gradientNormOutput: Float32Array | Float64Array | undefined;
  private predictSession: GraphSession | undefined;
  private released = false;

  private constructor(
    private readonly options: TrainerOptions,
    training: TrainingGraph,
    private readonly trainSession: GraphSession,
    private readonly evaluation: EvalGraph,
    private readonly evalSession: GraphSession,
    readonly batchSize: number,
  ) {
    this.learningRate = options.optimizer.learningRate;
    // The data stream is jumped away from the parameter initializer's, which starts from the same seed.
    this.rng = createRng(options.seed ?? 0);
    this.rng.jump();
    const carry = (value: CarriedValue): CarriedBuffers => ({
      value,
      current: (value.initial as Float32Array | Float64Array).slice(),
      next: (value.initial as Float32Array | Float64Array).slice(),
    });
    this.parameters = training.parameters.map(carry);
    this.state = training.state.map(carry);

    const fed = new Set(trainSession.inputs.map((input) => input.name));
    const sparseIds = new Set(training.sparse.map((table) => table.ids));
    // Ids read only by sparse tables are pruned from the graph but still gathered into batches.
    const dataInputs = training.dataInputs.filter(
      (input) => fed.has(input.name) || sparseIds.has(input.name),
    );
    if (dataInputs.length === 0) throw new InvalidArgumentError("the training graph reads no data inputs");
    this.fedDataNames = dataInputs.filter((input) => fed.has(input.name)).map((input) => input.name);
    const batchDims = new Set(dataInputs.map((input) => rowShape(input, "data input").batchDim));
    if (batchDims.size !== 1) {
      throw new InvalidArgumentError(
        `data inputs must share one batch dimension, got ${[...batchDims].join(", ")}`,
      );
    }
    this.trainBatches = new BatchAssembler(dataInputs, batchSize);
    this.randomInputs = new RandomInputFiller(
      training.randomInputs.filter((spec) => fed.has(spec.name)),
      [...batchDims][0],
      batchSize,
    );
    const scalar = () => allocateArray(training.dtype, 1) as Float32Array | Float64Array;
    this.rateInput = scalar();
    this.stepInput = scalar();
    this.lossOutput = scalar();
    if (fed.has(LEARNING_RATE_INPUT)) this.trainFeeds[LEARNING_RATE_INPUT] = this.rateInput;
    if (fed.has(STEP_INPUT)) this.trainFeeds[STEP_INPUT] = this.stepInput;
    this.trainTargets[LOSS_OUTPUT] = this.lossOutput;
    if (trainSession.outputs.some((output) => output.name === GRADIENT_NORM_OUTPUT)) {
      this.gradientNormOutput = scalar();
      this.trainTargets[GRADIENT_NORM_OUTPUT] = this.gradientNormOutput;
    }
    for (const buffers of [...this.parameters, ...this.state]) {
      this.trainFeeds[buffers.value.input] = buffers.current;
      this.trainTargets[buffers.value.output] = buffers.next;
    }
    const sparseOptimizer = options.sparseOptimizer ?? defaultSparseOptimizer(options.optimizer);
    this.sparseRate = sparseOptimizer.learningRate;
    this.sparseTables = training.sparse.map((table) => {
      const idsInfo = dataInputs.find((input) => input.name === table.ids)!;
      return new SparseTable(table, batchSize * rowShape(idsInfo, "ids input").rowSize, sparseOptimizer);
    });
  }

  /** Builds the training and eval graphs of `options.model` and opens their sessions. */
  static async create(options: TrainerOptions): Promise<Trainer> {
    const batchSize = options.batchSize ?? 32;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new InvalidArgumentError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    if (
      options.evalBatchSize !== undefined &&
      !(Number.isSafeInteger(options.evalBatchSize) && options.evalBatchSize > 0)
    ) {
      throw new InvalidArgumentError(
        `evalBatchSize must be a positive integer, got ${options.evalBatchSize}`,
      );
    }
    const compile = { seed: options.seed ?? 0, name: options.name ?? "model" };
    const training = buildTrainingGraph(options.model, {
      ...compile,
      optimizer: options.optimizer,
      clipGradNorm: options.clipGradNorm,
    });
    const evaluation = buildEvalGraph(options.model, compile);
    checkSameParameters(training, evaluation.builder);
    const sessionOptions = options.session ?? {};
    const trainSession = await createSession(training.model, sessionOptions);
    let evalSession: GraphSession;
    try {
      evalSession = await createSession(evaluation.builder.toModel(), sessionOptions);
    } catch (error) {
      await trainSession.release();
      throw error;
    }
    try {
      return new Trainer(options, training, trainSession, evaluation, evalSession, batchSize);
    } catch (error) {
      // Inputs the trainer cannot batch are found only here, after the sessions exist.
      await trainSession.release();
      await evalSession.release();
      throw error;
    }
  }

  /** Parameter names: dense ones in creation order (e.g. "mlp/dense_0/weight"), then sparse tables. */
  get parameterNames(): string[] {
    return [
      ...this.parameters.map((buffers) => buffers.value.input),
      ...this.sparseTables.map((table) => table.spec.table),
    ];
  }

  /** Training steps taken so far, over all fit() calls. */
  get steps(): number {
    return this.stepsTaken;
  }

  /** The device the sessions run on ("cpu" after a CUDA fallback). */
  get device(): GraphSession["device"] {
    return this.trainSession.device;
  }

  /**
   * The current parameter values, copied. Pass the map a previous call returned to copy into its
   * arrays instead of allocating new ones.
   */
  readParameters(into?: Map<string, Float32Array | Float64Array>): Map<string, Float32Array | Float64Array> {
    const result = into ?? new Map<string, Float32Array | Float64Array>();
    for (const [name, values] of this.currentParameters()) {
      const target = result.get(name);
      if (target !== undefined && target.length === values.length) target.set(values);
      else result.set(name, values.slice());
    }
    return result;
  }

  /** Replaces parameter values (by name; others keep theirs). Optimizer state is left as it is. */
  writeParameters(
    values: ReadonlyMap<string, ArrayLike<number>> | Readonly<Record<string, ArrayLike<number>>>,
  ): void {
    const entries = values instanceof Map ? [...values.entries()] : Object.entries(values);
    const current = new Map(this.currentParameters());
    for (const [name, data] of entries) {
      const target = current.get(name);
      if (target === undefined) {
        throw new InvalidArgumentError(
          `"${name}" is not a parameter of the model (parameters: ${this.parameterNames.join(", ")})`,
        );
      }
      if (data.length !== target.length) {
        throw new InvalidArgumentError(`parameter "${name}" has ${target.length} values, got ${data.length}`);
      }
      target.set(data);
    }
  }

  /** Trains for `options.epochs` epochs (or until a callback stops it) and returns the epoch logs. */
  async fit(data: Dataset, options: FitOptions): Promise<TrainingHistory> {
    this.checkOpen();
    const { epochs, validation, metrics = [], callbacks = [], shuffle = true } = options;
    if (!Number.isSafeInteger(epochs) || epochs < 1)
      throw new InvalidArgumentError(`epochs must be a positive integer, got ${epochs}`);
    const rows = this.trainBatches.rowCount(data, "the training data");
    if (validation !== undefined) this.evalAssembler().rowCount(validation, "the validation data");
    const stepsPerEpoch = Math.ceil(rows / this.batchSize);
    const order = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) order[i] = i;
    const history: { epochs: EpochLogs[]; stopReason?: string } = { epochs: [] };
    let stopReason: string | undefined;
    const control: TrainingControl = {
      trainer: this,
      stop: (reason) => {
        stopReason ??= reason;
      },
    };
    const schedule = this.options.schedule;
    schedule?.start(this.learningRate);
    for (const callback of callbacks) await callback.onTrainBegin?.(control);
    const progress = startProgress(options.onProgress, "train", {
      total: epochs * stepsPerEpoch,
      unit: "steps",
    });
    try {
      for (let epoch = 0; epoch < epochs && stopReason === undefined; epoch++) {
        if (shuffle) this.rng.shuffle(order);
        let lossSum = 0;
        let normSum = 0;
        for (let step = 0; step < stepsPerEpoch; step++) {
          const start = step * this.batchSize;
          const count = Math.min(this.batchSize, rows - start);
          const loss = await this.trainStep(data, order, start, count);
          if (!Number.isFinite(loss)) {
            throw new LabError(
              `the training loss became ${loss} at epoch ${epoch + 1}, step ${step + 1}; lower the learning rate or clip gradients (clipGradNorm)`,
            );
          }
          lossSum += loss * count;
          if (this.gradientNormOutput !== undefined) normSum += this.gradientNormOutput[0];
          progress.advance(1, `epoch ${epoch + 1}/${epochs} loss ${loss.toFixed(4)}`);
        }
        const logs: Record<string, number> = {
          epoch: epoch + 1,
          loss: lossSum / rows,
          learning_rate: this.learningRate,
        };
        if (this.gradientNormOutput !== undefined) logs[GRADIENT_NORM_OUTPUT] = normSum / stepsPerEpoch;
        if (validation !== undefined) {
          const evaluated = await this.evaluate(validation, { metrics });
          for (const [key, value] of Object.entries(evaluated)) logs[`val_${key}`] = value;
        }
        history.epochs.push(logs);
        for (const callback of callbacks) await callback.onEpochEnd?.(epoch, logs, control);
        if (schedule !== undefined) this.learningRate = schedule.next(epoch, logs);
      }
      if (stopReason !== undefined) history.stopReason = stopReason;
      for (const callback of callbacks) await callback.onTrainEnd?.(history, control);
    } finally {
      progress.end(stopReason);
    }
    return history;
  }

  /** One training step on rows order[start .. start + count); returns the batch loss. */
  private async trainStep(data: Dataset, order: Uint32Array, start: number, count: number): Promise<number> {
    const batch = this.trainBatches.feeds;
    this.trainBatches.gather(data, order, start, count);
    for (const name of this.fedDataNames) this.trainFeeds[name] = batch[name];
    this.randomInputs.fill(this.rng, count);
    Object.assign(this.trainFeeds, this.randomInputs.feeds);
    for (const table of this.sparseTables)
      table.prepare(batch[table.spec.ids], this.trainFeeds, this.trainTargets);
    this.rateInput[0] = this.learningRate;
    const step = this.stepsTaken + 1;
    this.stepInput[0] = step;
    await this.trainSession.runInto(this.trainFeeds, this.trainTargets);
    this.stepsTaken = step;
    for (const buffers of this.parameters) this.swap(buffers);
    for (const buffers of this.state) this.swap(buffers);
    if (this.sparseTables.length > 0) {
      // Sparse tables follow the schedule by the same factor as the dense optimizer's rate.
      const base = this.options.optimizer.learningRate;
      const rate = base > 0 ? (this.sparseRate * this.learningRate) / base : this.sparseRate;
      for (const table of this.sparseTables) table.apply(rate, step);
    }
    return this.lossOutput[0];
  }

  private swap(buffers: CarriedBuffers): void {
    const written = buffers.next;
    buffers.next = buffers.current;
    buffers.current = written;
    this.trainFeeds[buffers.value.input] = written;
    this.trainTargets[buffers.value.output] = buffers.next;
  }

  /**
   * The loss (mean over rows, weighting each batch by its size: the data set's mean for losses that
   * average over the batch) and metrics of the eval graph on `data`.
   */
  async evaluate(data: Dataset, options: { readonly metrics?: readonly Metric[] } = {}): Promise<EpochLogs> {
    this.checkOpen();
    const metrics = options.metrics ?? [];
    for (const metric of metrics) metric.reset();
    const assembler = this.evalAssembler();
    const rows = assembler.rowCount(data, "the evaluation data");
    const feeds = this.parameterFeeds();
    let lossSum = 0;
    for (let start = 0; start < rows; start += assembler.batchSize) {
      const count = Math.min(assembler.batchSize, rows - start);
      assembler.gather(data, null, start, count);
      Object.assign(feeds, assembler.feeds);
      const outputs = await this.evalSession.run(feeds);
      lossSum += Number(outputs[LOSS_OUTPUT].data[0]) * count;
      for (const metric of metrics) metric.update(outputs, assembler.feeds, count);
    }
    const logs: Record<string, number> = { loss: lossSum / rows };
    for (const metric of metrics) logs[metric.name] = metric.result();
    return logs;
  }

  /** The predictions of the eval graph for every row of `data` (which needs only the feature columns). */
  async predict(data: Dataset): Promise<Record<string, TensorOutput>> {
    this.checkOpen();
    const session = await this.openPredictSession();
    const assembler = this.predictAssembler(session);
    const rows = assembler.rowCount(data, "the prediction data");
    const feeds = this.parameterFeeds();
    const results: Record<string, { dtype: TensorOutput["dtype"]; dims: number[]; data: TensorArray }> = {};
    for (let start = 0; start < rows; start += assembler.batchSize) {
      const count = Math.min(assembler.batchSize, rows - start);
      assembler.gather(data, null, start, count);
      Object.assign(feeds, assembler.feeds);
      const outputs: Outputs = await session.run(feeds);
      for (const name of this.evaluation.predictionNames) {
        const output = outputs[name];
        if (output.dims[0] !== count) {
          throw new LabError(
            `prediction "${name}" must have one row per input row (dims [${output.dims.join(", ")}])`,
          );
        }
        let result = results[name];
        if (result === undefined) {
          const perRow = output.data.length / count;
          result = {
            dtype: output.dtype,
            dims: [rows, ...output.dims.slice(1)],
            data: allocateArray(output.dtype, rows * perRow),
          };
          results[name] = result;
        }
        (result.data as { set(source: ArrayLike<number | bigint>, offset: number): void }).set(
          output.data as ArrayLike<number | bigint>,
          (start * output.data.length) / count,
        );
      }
    }
    return results;
  }

  /**
   * The inference model: the eval graph's predictions only, the current parameters stored as
   * initializers, and metadata describing its inputs and outputs (plus labels and preprocessing).
   */
  inferenceModel(options: ExportOptions = {}): ModelIR {
    const parameterValues = new Map(this.currentParameters());
    const predictionNames = this.evaluation.predictionNames;
    const base = this.evaluation.builder.toModel({
      parameters: "initializers",
      parameterValues,
      outputs: predictionNames,
    });
    const describe = (values: readonly ValueInfo[]) =>
      JSON.stringify(values.map((value) => ({ name: value.name, dtype: value.dtype, shape: value.shape })));
    const metadata: Record<string, string> = {
      inputs: describe(base.graph.inputs),
      outputs: describe(base.graph.outputs),
    };
    if (options.labels !== undefined) metadata.labels = JSON.stringify(options.labels);
    if (options.preprocessing !== undefined) metadata.preprocessing = JSON.stringify(options.preprocessing);
    Object.assign(metadata, options.metadata);
    return { ...base, metadata };
  }

  /**
   * Writes the inference model to `path` as ONNX (atomically). With `verifyWith`, reloads the file
   * with loadPredictor and checks its outputs against the eval session's on those rows.
   */
  async exportInference(path: string, options: ExportCheckOptions = {}): Promise<ExportReport> {
    this.checkOpen();
    await exportModel(path, this.inferenceModel(options));
    if (options.verifyWith === undefined) return { path };
    const maxAbsDiff = await this.compareWithFile(path, options.verifyWith);
    if (!(maxAbsDiff < EXPORT_PARITY_TOLERANCE)) {
      throw new LabError(
        `the exported model "${path}" differs from the eval graph by ${maxAbsDiff} (tolerance ${EXPORT_PARITY_TOLERANCE})`,
      );
    }
    return { path, maxAbsDiff };
  }

  /** Largest |output of the exported file − output of the eval session| over `data`'s rows. */
  async compareWithFile(path: string, data: Dataset): Promise<number> {
    const expected = await this.predict(data);
    const rows = this.predictAssembler(await this.openPredictSession()).rowCount(
      data,
      "the verification data",
    );
    const predictor = await loadPredictor(path, this.options.session ?? {});
    try {
      const assembler = new BatchAssembler(predictor.inputs, rows);
      assembler.gather(data, null, 0, rows);
      const actual = await predictor.run(assembler.feeds);
      let maxAbsDiff = 0;
      for (const name of this.evaluation.predictionNames) {
        const a = actual[name]?.data;
        const b = expected[name].data;
        if (a === undefined || a.length !== b.length) return Number.POSITIVE_INFINITY;
        for (let i = 0; i < a.length; i++)
          maxAbsDiff = Math.max(maxAbsDiff, Math.abs(Number(a[i]) - Number(b[i])));
      }
      return maxAbsDiff;
    } finally {
      await predictor.release();
    }
  }

  /** Frees the native sessions; the trainer cannot be used afterwards. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.trainSession.release();
    await this.evalSession.release();
    await this.predictSession?.release();
  }

  private evalAssemblerCache: BatchAssembler | undefined;
  private predictAssemblerCache: BatchAssembler | undefined;

  private evalAssembler(): BatchAssembler {
    this.evalAssemblerCache ??= new BatchAssembler(
      this.dataInputsOf(this.evalSession),
      this.options.evalBatchSize ?? this.batchSize,
    );
    return this.evalAssemblerCache;
  }

  private predictAssembler(session: GraphSession): BatchAssembler {
    this.predictAssemblerCache ??= new BatchAssembler(
      this.dataInputsOf(session),
      this.options.evalBatchSize ?? this.batchSize,
    );
    return this.predictAssemblerCache;
  }

  private async openPredictSession(): Promise<GraphSession> {
    this.predictSession ??= await createSession(
      this.evaluation.builder.toModel({ outputs: this.evaluation.predictionNames }),
      this.options.session ?? {},
    );
    return this.predictSession;
  }

  /** A session's inputs other than the parameters: the data it is fed batch by batch. */
  private dataInputsOf(session: GraphSession): ValueInfo[] {
    const parameters = new Set(this.parameterNames);
    return session.inputs.filter((input) => !parameters.has(input.name));
  }

  /** A feeds object holding the current parameter buffers, for the eval-graph sessions. */
  private parameterFeeds(): Record<string, TensorArray> {
    return Object.fromEntries(this.currentParameters());
  }

  /** Every parameter's current values, by name: dense parameters, then sparse tables. */
  private currentParameters(): [string, Float32Array | Float64Array][] {
    return [
      ...this.parameters.map((buffers): [string, Float32Array | Float64Array] => [
        buffers.value.input,
        buffers.current,
      ]),
      ...this.sparseTables.map((table): [string, Float32Array | Float64Array] => [
        table.spec.table,
        table.values,
      ]),
    ];
  }

  private checkOpen(): void {
    if (this.released) throw new LabError("this trainer was released; create a new one");
  }
}

/** The eval graph must read exactly the training graph's parameters, or the trainer could not feed it. */
/** Lazy Adam after Adam or AdamW, plain sparse SGD otherwise, at the optimizer's rate. */
function defaultSparseOptimizer(optimizer: Optimizer): SparseOptimizer {
  const rate = optimizer.learningRate;
  return optimizer.name.startsWith("adam")
    ? lazyAdam({ learningRate: rate })
    : sparseSgd({ learningRate: rate });
}

function checkSameParameters(training: TrainingGraph, evalBuilder: GraphBuilder): void {
  const trained = new Map([
    ...training.parameters.map((parameter): [string, string] => [parameter.input, parameter.dims.join(",")]),
    ...training.sparse.map((table): [string, string] => [table.table, `${table.vocabSize},${table.dim}`]),
  ]);
  const evaluated = evalBuilder.parameters;
  const mismatch =
    evaluated.length !== trained.size ||
    evaluated.some((parameter) => trained.get(parameter.tensor.name) !== parameter.initial.dims.join(","));
  if (mismatch) {
    throw new InvalidArgumentError(
      "the model function created different parameters for training and for evaluation; it must create the same ones " +
        `in both modes (training: ${[...trained.keys()].join(", ")}; eval: ${evaluated.map((p) => p.tensor.name).join(", ")})`,
    );
  }
}
