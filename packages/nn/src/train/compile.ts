import { InvalidArgumentError, type Seed } from "@lab/core";
import { grad } from "../autodiff/grad.js";
import { GraphBuilder } from "../graph/builder.js";
import type { RandomInputSpec } from "../graph/random.js";
import { type FloatDType, isFloatDType, type Tensor } from "../graph/tensor.js";
import type { Dim, ModelIR, TensorArray, ValueInfo } from "../ir/ir.js";
import { type SparseEmbeddingSpec, sparseEmbeddingsOf } from "../layers/sparse-embedding.js";
import { clipByGlobalNorm } from "../optim/clip.js";
import { nextValueName, type Optimizer } from "../optim/optimizer.js";

/** What a model function returns: its predictions and the training objective. */
export interface ModelGraph {
  /**
   * The outputs of the inference model, by output name (e.g. { logits }). The exported model has
   * exactly these outputs; the loss and its target inputs are pruned from it.
   */
  readonly predictions: Readonly<Record<string, Tensor>>;
  /** The scalar loss, averaged over the batch, built from the predictions and target inputs. */
  readonly loss: Tensor;
}

/**
 * Builds a model into `builder`: declares its inputs (features [batch, ...], targets), parameters
 * and layers, and returns its predictions and loss. The trainer calls it twice, on a training
 * builder (`builder.training` true: dropout and noise active) and on an eval builder; both must
 * create the same parameters in the same order so that they get the same names and initial values.
 * It must not declare graph outputs itself.
 */
export type ModelFunction = (builder: GraphBuilder) => ModelGraph;

/** Names the training graph reserves for what the trainer feeds and fetches. */
export const LEARNING_RATE_INPUT = "learning_rate";
export const STEP_INPUT = "step";
export const LOSS_OUTPUT = "loss";
export const GRADIENT_NORM_OUTPUT = "gradient_norm";

/** A value carried from step to step: a parameter or a piece of optimizer state. */
export interface CarriedValue {
  /** Graph input holding the value before the step. */
  readonly input: string;
  /** Graph output holding it after the step. */
  readonly output: string;
  readonly dims: readonly number[];
  readonly initial: TensorArray;
}

export interface CompileOptions {
  /** Seed of the parameters' initial values (default 0). */
  readonly seed?: Seed;
  readonly name?: string;
}

export interface TrainingGraphOptions extends CompileOptions {
  readonly optimizer: Optimizer;
  /** Clip the gradients to this global L2 norm (and output the norm) before the update. */
  readonly clipGradNorm?: number;
}

/** The whole training step (forward, loss, backward, update) as one graph, and how to feed it. */
export interface TrainingGraph {
  readonly model: ModelIR;
  readonly parameters: readonly CarriedValue[];
  readonly state: readonly CarriedValue[];
  /** Embedding tables kept in JS memory: their rows are fed, and their rows' gradients fetched. */
  readonly sparse: readonly SparseTableGraph[];
  /** Feature and target inputs, fed batch by batch (including the ids of sparse embeddings). */
  readonly dataInputs: readonly ValueInfo[];
  readonly randomInputs: readonly RandomInputSpec[];
  /** The dtype of the parameters, and so of the learning rate and step inputs. */
  readonly dtype: FloatDType;
}

export interface SparseTableGraph extends SparseEmbeddingSpec {
  /** Output holding ∂loss/∂rows, [count, dim]. */
  readonly gradient: string;
  /** The table's first values (the same draw as the eval graph's table parameter). */
  readonly initial: Float32Array | Float64Array;
}

/** The forward graph in eval mode: predictions and loss, parameters left as inputs. */
export interface EvalGraph {
  readonly builder: GraphBuilder;
  readonly predictionNames: readonly string[];
}

/** Runs the model function on `builder` and checks what it returns (shared by the graph builders). */
export function callModel(model: ModelFunction, builder: GraphBuilder): ModelGraph {
  const built = model(builder);
  if (built === null || typeof built !== "object" || !(built.loss?.builder === builder)) {
    throw new InvalidArgumentError(
      "the model function must return { predictions, loss } built on the builder it is given",
    );
  }
  if (builder.outputs.length > 0) {
    throw new InvalidArgumentError(
      `the model function declared graph outputs (${builder.outputs.map((t) => t.name).join(", ")}); return them as predictions instead`,
    );
  }
  const names = Object.keys(built.predictions ?? {});
  if (names.length === 0) throw new InvalidArgumentError("the model function returned no predictions");
  if (names.includes(LOSS_OUTPUT))
    throw new InvalidArgumentError(`"${LOSS_OUTPUT}" is reserved; name the prediction otherwise`);
  const loss = built.loss;
  if (!isFloatDType(loss.dtype) || loss.shape === null || loss.shape.length !== 0) {
    throw new InvalidArgumentError(`the loss must be a float scalar, got ${loss.toString()}`);
  }
  return built;
}

function staticShape(tensor: Tensor): number[] {
  return (tensor.shape ?? []).map((dim) => dim as number);
}

/**
 * Builds the training graph: the model in training mode, ∂loss/∂parameters by autodiff, optional
 * gradient clipping, and the optimizer's update. Inputs: data, random inputs, parameters, optimizer
 * state, `learning_rate` and `step` (scalars of the parameters' dtype, when the update reads them).
 * Outputs: `loss`, the next value of every parameter and state (see {@link nextValueName}) and,
 * with clipping, `gradient_norm`.
 */
export function buildTrainingGraph(model: ModelFunction, options: TrainingGraphOptions): TrainingGraph {
  const builder = new GraphBuilder({
    name: `${options.name ?? "model"}_train`,
    seed: options.seed ?? 0,
    training: true,
  });
  const { loss } = callModel(model, builder);
  const sparseSpecs = sparseEmbeddingsOf(builder);
  // Sparse tables are updated in TypeScript from their rows' gradients, not by the graph.
  const sparseTables = new Set(sparseSpecs.map((spec) => spec.table));
  const parameters = builder.parameters.filter((parameter) => !sparseTables.has(parameter.tensor.name));
  if (parameters.length === 0 && sparseSpecs.length === 0) {
    throw new InvalidArgumentError("the model has no parameters to train");
  }
  const dtype = (parameters[0]?.tensor.dtype ?? sparseSpecs[0].dtype) as FloatDType;
  for (const { tensor } of builder.parameters) {
    if (tensor.dtype !== dtype) {
      throw new InvalidArgumentError(
        `all parameters must share one dtype; "${tensor.name}" is ${tensor.dtype}, not ${dtype}`,
      );
    }
  }
  if (loss.dtype !== dtype)
    throw new InvalidArgumentError(`the loss is ${loss.dtype} but the parameters are ${dtype}`);
  const fedBySparse = new Set(sparseSpecs.flatMap((spec) => [spec.rows, spec.localIds]));
  // Inputs declared with input() have fixed or named dims only, never unknown (null) ones.
  const dataInputs: ValueInfo[] = builder.inputs
    .filter((tensor) => !fedBySparse.has(tensor.name))
    .map((tensor) => ({ name: tensor.name, dtype: tensor.dtype, shape: tensor.shape as readonly Dim[] }));
  const learningRate = builder.input(LEARNING_RATE_INPUT, dtype, []);
  const step = builder.input(STEP_INPUT, dtype, []);
  const tensors = parameters.map((parameter) => parameter.tensor);
  const rowTensors = sparseSpecs.map((spec) => builder.tensor(spec.rows));
  let gradients = grad(loss, [...tensors, ...rowTensors]);
  const outputs = [builder.output(loss, LOSS_OUTPUT).name];
  if (options.clipGradNorm !== undefined) {
    // Sparse rows count towards the global norm, as PyTorch's clip_grad_norm_ counts sparse grads.
    const clipped = clipByGlobalNorm(gradients, options.clipGradNorm);
    gradients = clipped.gradients;
    outputs.push(builder.output(clipped.norm, GRADIENT_NORM_OUTPUT).name);
  }
  const sparse = sparseSpecs.map((spec, i) => {
    const gradient = builder.output(gradients[tensors.length + i], `${spec.rows}:gradient`).name;
    outputs.push(gradient);
    return { ...spec, gradient };
  });
  const update = builder.scope("optimizer", () =>
    options.optimizer.update(builder, tensors, gradients.slice(0, tensors.length), { learningRate, step }),
  );
  const carriedParameters = parameters.map((parameter, i) => {
    const output = builder.output(update.parameters[i], nextValueName(parameter.tensor.name)).name;
    outputs.push(output);
    return {
      input: parameter.tensor.name,
      output,
      dims: parameter.initial.dims,
      initial: parameter.initial.data,
    };
  });
  const state = update.state.map((slot) => {
    outputs.push(slot.output.name);
    return {
      input: slot.input.name,
      output: slot.output.name,
      dims: staticShape(slot.input),
      initial: slot.initial,
    };
  });
  const tables = builder.parameters.filter((parameter) => sparseTables.has(parameter.tensor.name));
  return {
    model: builder.toModel({ outputs }),
    parameters: carriedParameters,
    state,
    sparse: sparse.map((spec) => ({
      ...spec,
      initial: tables.find((table) => table.tensor.name === spec.table)!.initial.data as
        | Float32Array
        | Float64Array,
    })),
    dataInputs,
    randomInputs: builder.randomInputs,
    dtype,
  };
}

/** Builds the model in eval mode (no dropout or noise) with `loss` and the predictions as outputs. */
export function buildEvalGraph(model: ModelFunction, options: CompileOptions = {}): EvalGraph {
  const builder = new GraphBuilder({
    name: options.name ?? "model",
    seed: options.seed ?? 0,
    training: false,
  });
  const { predictions, loss } = callModel(model, builder);
  builder.output(loss, LOSS_OUTPUT);
  const predictionNames = Object.entries(predictions).map(
    ([name, tensor]) => builder.output(tensor, name).name,
  );
  return { builder, predictionNames };
}
