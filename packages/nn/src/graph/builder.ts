import { createRng, InvalidArgumentError, type Rng, type Seed } from "@lab/core";
import {
  type AttributeValue,
  DEFAULT_OPSET,
  type Dim,
  type DType,
  type GraphIR,
  type ModelIR,
  type NodeIR,
  type TensorArray,
  type TensorData,
  type ValueInfo,
} from "../ir/ir.js";
import { type Initializer, initialize } from "./initializers.js";
import type { InferenceInput, TensorType } from "./ops/common.js";
import { SHAPE_INFERENCE } from "./ops/schemas.js";
import { checkDistribution, type RandomDistribution, type RandomInputSpec } from "./random.js";
import { formatShape, type SymbolicShape } from "./shape.js";
import { type FloatDType, isFloatDType, Tensor } from "./tensor.js";
import { type ConstantValues, toTypedArray } from "./typed-array.js";

export const PRODUCER_NAME = "@lab/nn";
export const PRODUCER_VERSION = "0.1.0";

export interface GraphBuilderOptions {
  /** Graph name stored in the model. */
  readonly name?: string;
  /** Seed of the generator that draws parameter initial values, in the order parameters are created. */
  readonly seed?: Seed;
  /**
   * Training graphs apply dropout and noise (fed random inputs); eval graphs (the default) leave
   * them out, so the same model function builds both and the eval graph is the export.
   */
  readonly training?: boolean;
}

/** A trainable value of the graph with its initial data. */
export interface Parameter {
  readonly tensor: Tensor;
  readonly initial: TensorData;
}

export interface ParameterOptions {
  readonly dtype?: FloatDType;
}

export interface NodeOptions {
  /** Number of outputs (default 1). */
  readonly outputs?: number;
  /** Base of the node name (default the op type); the builder makes it unique within the scope. */
  readonly name?: string;
  /** Output types, for ops without shape inference or to override it. */
  readonly outputTypes?: readonly TensorType[];
}

export interface GraphExportOptions {
  /**
   * "inputs" (default): parameters are graph inputs, fed each step by the trainer. "initializers":
   * parameters are stored in the model (export), with `parameterValues` or their initial values.
   */
  readonly parameters?: "inputs" | "initializers";
  /** Values to store for parameters (by name) when `parameters` is "initializers". */
  readonly parameterValues?: ReadonlyMap<string, TensorArray> | Readonly<Record<string, TensorArray>>;
  /** Declared outputs to keep (default all), e.g. only the predictions for an inference graph. */
  readonly outputs?: readonly string[];
  /** Drop nodes, inputs and initializers the kept outputs do not use (default true). */
  readonly prune?: boolean;
  readonly name?: string;
}

export interface ModelExportOptions extends GraphExportOptions {
  readonly metadata?: Readonly<Record<string, string>>;
  readonly docString?: string;
}

interface NodeRecord {
  readonly ir: NodeIR;
  /** Gradients do not flow from this node's outputs to its inputs (see stopGradient). */
  readonly stopGradient: boolean;
}

/**
 * Builds an ONNX graph op by op. Values are {@link Tensor} handles with inferred dtypes and shapes;
 * nodes stay in creation order, which is topological because an op can only use existing tensors.
 * Names are unique: explicit names of inputs, parameters and outputs must not repeat; generated
 * names of nodes and intermediate values get a numeric suffix and the current scope as a prefix.
 */
export class GraphBuilder {
  readonly name: string;
  readonly training: boolean;
  /** Draws parameter initial values; exposed so layers can draw anything else they need in order. */
  readonly rng: Rng;

  private readonly records: NodeRecord[] = [];
  private readonly tensorsByName = new Map<string, Tensor>();
  private readonly producerIndex = new Map<string, number>();
  private readonly usedNames = new Set<string>();
  private readonly nameCounters = new Map<string, number>();
  private readonly dataInputs: Tensor[] = [];
  private readonly randomSpecs: RandomInputSpec[] = [];
  private readonly parameterList: Parameter[] = [];
  private readonly constantData = new Map<string, TensorData>();
  private readonly scalarCache = new Map<string, Tensor>();
  private readonly declaredOutputs: Tensor[] = [];
  private readonly scopeStack: string[] = [];

  constructor(options: GraphBuilderOptions = {}) {
    this.name = options.name ?? "graph";
    this.training = options.training ?? false;
    this.rng = createRng(options.seed ?? 0);
  }

  /**
   * A builder holding an existing graph, so that autodiff can extend it: graph inputs stay inputs,
   * initializers become constants, node and value names are kept. Types of intermediate values come
   * from the graph's valueInfo where given, else from the builder's shape inference.
   */
  static fromGraph(graph: GraphIR, options: Omit<GraphBuilderOptions, "name"> = {}): GraphBuilder {
    const builder = new GraphBuilder({ ...options, name: graph.name });
    const annotated = new Map((graph.valueInfo ?? []).map((info) => [info.name, info]));
    for (const output of graph.outputs) annotated.set(output.name, output);
    for (const input of graph.inputs) {
      // Before IR version 4, initializers were also listed as inputs; they are constants here.
      if (graph.initializers.some((initializer) => initializer.name === input.name)) continue;
      builder.checkExplicitName(input.name, "input");
      builder.dataInputs.push(
        builder.registerTensor(input.name, input.dtype, fromValueInfoShape(input.shape)),
      );
    }
    for (const initializer of graph.initializers) {
      builder.reserveName(initializer.name);
      builder.registerConstant(initializer);
    }
    for (const node of graph.nodes) {
      const inputs = node.inputs.map((name) => (name === "" ? null : builder.tensor(name)));
      let types: TensorType[];
      const given = node.outputs.map((name) => annotated.get(name));
      if (given.every((info) => info !== undefined)) {
        types = given.map((info) => ({ dtype: info!.dtype, shape: fromValueInfoShape(info!.shape) }));
      } else {
        types = builder.inferTypes(node.op, inputs, node.attributes, node.outputs.length, node.name);
      }
      builder.appendNode(node, types, false);
    }
    for (const output of graph.outputs) builder.declaredOutputs.push(builder.tensor(output.name));
    return builder;
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  /**
   * A value fed at run time. Symbolic dims (strings) stand for sizes known only then, e.g. "batch";
   * the same name in two places promises the same size. "" is a size with no name and no promise.
   */
  input(name: string, dtype: DType, shape: readonly Dim[]): Tensor {
    this.checkExplicitName(name, "input");
    const tensor = this.registerTensor(name, dtype, fromValueInfoShape(shape));
    this.dataInputs.push(tensor);
    return tensor;
  }

  /**
   * A trainable value, named within the current scope, with initial values drawn now from the
   * builder's seeded generator. Whether it becomes a graph input or an initializer is decided when
   * the graph is exported (see {@link GraphExportOptions.parameters}).
   */
  parameter(
    name: string,
    shape: readonly number[],
    initializer: Initializer,
    options: ParameterOptions = {},
  ): Tensor {
    const dtype = options.dtype ?? "float32";
    if (!isFloatDType(dtype)) throw new InvalidArgumentError(`parameter dtype must be float, got ${dtype}`);
    for (const dim of shape) {
      if (!Number.isInteger(dim) || dim < 0) {
        throw new InvalidArgumentError(`parameter "${name}" needs a static shape, got [${shape.join(", ")}]`);
      }
    }
    const fullName = this.scoped(name);
    this.checkExplicitName(fullName, "parameter");
    const data = initialize(initializer, shape, dtype, this.rng);
    const tensor = this.registerTensor(fullName, dtype, shape);
    this.parameterList.push({ tensor, initial: { name: fullName, dtype, dims: [...shape], data } });
    return tensor;
  }

  /** A constant stored in the model. Values are converted to the dtype's typed array. */
  constant(values: ConstantValues, dtype: DType, shape: readonly number[], name = "const"): Tensor {
    const size = shape.reduce((product, dim) => product * dim, 1);
    if (values.length !== size) {
      throw new InvalidArgumentError(
        `a constant of shape [${shape.join(", ")}] needs ${size} values, got ${values.length}`,
      );
    }
    const fullName = this.uniqueName(this.scoped(name));
    const data = toTypedArray(values, dtype);
    return this.registerConstant({ name: fullName, dtype, dims: [...shape], data });
  }

  /** A scalar constant, shared by every use of the same value and dtype. */
  scalar(value: number | bigint, dtype: DType): Tensor {
    const key = `${dtype}:${String(value)}`;
    let tensor = this.scalarCache.get(key);
    if (!tensor) {
      const data = toTypedArray([value] as ArrayLike<number>, dtype);
      tensor = this.registerConstant({ name: this.uniqueName(`scalar_${dtype}`), dtype, dims: [], data });
      this.scalarCache.set(key, tensor);
    }
    return tensor;
  }

  /** A 1-D int64 constant, the form ONNX takes shapes, axes and indices in. */
  int64s(values: readonly number[], name = "ints"): Tensor {
    return this.constant(values, "int64", [values.length], name);
  }

  /**
   * An input filled by the trainer each step from its seeded generator (dropout masks, noise; see
   * random.ts for why ONNX's own random ops are not used). Every dimension must be a fixed size or a
   * symbolic name the trainer can resolve from the other feeds (bindDims, fillRandomInput).
   */
  randomInput(
    name: string,
    dtype: FloatDType,
    shape: SymbolicShape,
    distribution: RandomDistribution,
  ): Tensor {
    checkDistribution(distribution);
    if (shape.some((dim) => dim === null || dim === "")) {
      throw new InvalidArgumentError(
        `random input "${name}" needs every dimension fixed or named, got ${formatShape(shape)}; ` +
          "give the tensor it applies to a known shape (e.g. a Reshape to a constant shape)",
      );
    }
    const fullName = this.uniqueName(this.scoped(name));
    const dims = shape as readonly Dim[];
    const tensor = this.registerTensor(fullName, dtype, dims);
    this.randomSpecs.push({ name: fullName, dtype, shape: dims, distribution });
    return tensor;
  }

  /** Declares a graph output under `name` (an Identity node renames the tensor when needed). */
  output(tensor: Tensor, name: string = tensor.name): Tensor {
    this.checkOwned(tensor);
    if (this.declaredOutputs.some((output) => output.name === name)) {
      throw new InvalidArgumentError(`output "${name}" is declared twice`);
    }
    let result = tensor;
    const isGraphInput = this.producerIndex.get(tensor.name) === undefined;
    if (name !== tensor.name || isGraphInput) {
      if (name === tensor.name) {
        throw new InvalidArgumentError(
          `output "${name}" would be a graph input or constant itself; give the output another name`,
        );
      }
      this.checkExplicitName(name, "output");
      const node: NodeIR = {
        op: "Identity",
        name: this.uniqueName(`${name}_identity`),
        inputs: [tensor.name],
        outputs: [name],
        attributes: {},
      };
      [result] = this.appendNode(node, [{ dtype: tensor.dtype, shape: tensor.shape }], false);
    }
    this.declaredOutputs.push(result);
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Nodes

  /** Appends one node of the default ONNX domain and returns its outputs with inferred types. */
  node(
    op: string,
    inputs: readonly (Tensor | null)[],
    attributes: Record<string, AttributeValue> = {},
    options: NodeOptions = {},
  ): Tensor[] {
    for (const input of inputs) if (input) this.checkOwned(input);
    const outputCount = options.outputs ?? options.outputTypes?.length ?? 1;
    const nodeName = this.uniqueName(this.scoped(options.name ?? op));
    const types = options.outputTypes ?? this.inferTypes(op, inputs, attributes, outputCount, nodeName);
    if (types.length !== outputCount) {
      throw new InvalidArgumentError(
        `${op} "${nodeName}" produces ${types.length} outputs, expected ${outputCount}`,
      );
    }
    const outputs = types.map((_, i) => (i === 0 ? nodeName : this.uniqueName(`${nodeName}_${i}`)));
    const node: NodeIR = {
      op,
      name: nodeName,
      inputs: inputs.map((input) => input?.name ?? ""),
      outputs,
      attributes,
    };
    return this.appendNode(node, types, false);
  }

  /** Identity whose output blocks gradients: autodiff treats it as a constant. */
  stopGradient(tensor: Tensor): Tensor {
    this.checkOwned(tensor);
    const name = this.uniqueName(this.scoped("StopGradient"));
    const node: NodeIR = { op: "Identity", name, inputs: [tensor.name], outputs: [name], attributes: {} };
    return this.appendNode(node, [{ dtype: tensor.dtype, shape: tensor.shape }], true)[0];
  }

  /** Runs `build` with `name/` prefixed to the names it creates; scopes nest (`a/b` is two levels). */
  scope<T>(name: string, build: () => T): T {
    if (name === "") throw new InvalidArgumentError("a scope name must not be empty");
    this.scopeStack.push(name);
    try {
      return build();
    } finally {
      this.scopeStack.pop();
    }
  }

  /** `base` if unused, else `base_1`, `base_2`, ...; the returned name is reserved. */
  uniqueName(base: string): string {
    let name = base;
    let counter = this.nameCounters.get(base) ?? 0;
    while (this.usedNames.has(name)) name = `${base}_${++counter}`;
    this.nameCounters.set(base, counter);
    this.usedNames.add(name);
    return name;
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** The tensor of a value name; throws when the graph has no such value. */
  tensor(name: string): Tensor {
    const tensor = this.tensorsByName.get(name);
    if (!tensor) throw new InvalidArgumentError(`graph "${this.name}" has no value named "${name}"`);
    return tensor;
  }

  get nodes(): readonly NodeIR[] {
    return this.records.map((record) => record.ir);
  }

  /** Number of nodes so far; nodes are appended, so a count marks a point in the graph. */
  get nodeCount(): number {
    return this.records.length;
  }

  nodeAt(index: number): { readonly ir: NodeIR; readonly stopGradient: boolean } {
    return this.records[index];
  }

  /** Index of the node producing `tensor`, or undefined for inputs, parameters and constants. */
  producerOf(tensor: Tensor): number | undefined {
    return this.producerIndex.get(tensor.name);
  }

  /** The data of a constant (or of an imported initializer), undefined for other tensors. */
  constantValue(tensor: Tensor): TensorData | undefined {
    return this.constantData.get(tensor.name);
  }

  get inputs(): readonly Tensor[] {
    return this.dataInputs;
  }

  get parameters(): readonly Parameter[] {
    return this.parameterList;
  }

  /** Inputs the trainer fills with fresh random draws each step (see {@link randomInput}). */
  get randomInputs(): readonly RandomInputSpec[] {
    return this.randomSpecs;
  }

  get outputs(): readonly Tensor[] {
    return this.declaredOutputs;
  }

  // ---------------------------------------------------------------------------------------------
  // Export

  toGraph(options: GraphExportOptions = {}): GraphIR {
    const parameterMode = options.parameters ?? "inputs";
    const outputs = this.selectOutputs(options.outputs);
    if (outputs.length === 0) throw new InvalidArgumentError(`graph "${this.name}" has no outputs to export`);
    const prune = options.prune ?? true;
    const needed = prune ? this.neededValues(outputs) : null;
    const keep = (name: string) => needed === null || needed.has(name);

    const nodes = this.records.filter((record) => keep(record.ir.outputs[0])).map((record) => record.ir);
    const inputs: ValueInfo[] = [];
    for (const tensor of this.dataInputs) if (keep(tensor.name)) inputs.push(inputInfo(tensor));
    for (const spec of this.randomSpecs) {
      if (keep(spec.name)) inputs.push({ name: spec.name, dtype: spec.dtype, shape: spec.shape });
    }
    const initializers: TensorData[] = [];
    for (const [name, data] of this.constantData) if (keep(name)) initializers.push(data);

    const values = options.parameterValues;
    const lookup = (name: string) =>
      values instanceof Map ? values.get(name) : (values as Record<string, TensorArray> | undefined)?.[name];
    for (const { tensor, initial } of this.parameterList) {
      if (!keep(tensor.name)) continue;
      if (parameterMode === "inputs") {
        inputs.push(inputInfo(tensor));
        continue;
      }
      const data = lookup(tensor.name) ?? initial.data;
      if (data.length !== initial.data.length || data.constructor !== initial.data.constructor) {
        throw new InvalidArgumentError(
          `value of parameter "${tensor.name}" must be a ${initial.data.constructor.name} of ${initial.data.length} elements`,
        );
      }
      initializers.push({ ...initial, data });
    }

    return {
      name: options.name ?? this.name,
      nodes,
      inputs,
      outputs: outputs.map(outputInfo),
      initializers,
    };
  }

  toModel(options: ModelExportOptions = {}): ModelIR {
    return {
      graph: this.toGraph(options),
      opsetVersion: DEFAULT_OPSET,
      producerName: PRODUCER_NAME,
      producerVersion: PRODUCER_VERSION,
      metadata: options.metadata ?? {},
      ...(options.docString === undefined ? {} : { docString: options.docString }),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  private selectOutputs(names: readonly string[] | undefined): Tensor[] {
    if (names === undefined) return [...this.declaredOutputs];
    return names.map((name) => {
      const output = this.declaredOutputs.find((declared) => declared.name === name);
      if (!output) {
        const declared = this.declaredOutputs.map((tensor) => tensor.name).join(", ") || "none";
        throw new InvalidArgumentError(`"${name}" is not a declared output (declared: ${declared})`);
      }
      return output;
    });
  }

  /** Every value name the outputs depend on, walking producers backwards. */
  private neededValues(outputs: readonly Tensor[]): Set<string> {
    const needed = new Set<string>();
    const pending = outputs.map((tensor) => tensor.name);
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (needed.has(name)) continue;
      needed.add(name);
      const index = this.producerIndex.get(name);
      if (index === undefined) continue;
      const node = this.records[index].ir;
      // A kept node keeps all its outputs (they are produced anyway) and all its inputs.
      for (const output of node.outputs) needed.add(output);
      for (const input of node.inputs) if (input !== "" && !needed.has(input)) pending.push(input);
    }
    return needed;
  }

  private inferTypes(
    op: string,
    inputs: readonly (Tensor | null)[],
    attributes: Readonly<Record<string, AttributeValue>>,
    outputCount: number,
    nodeName: string,
  ): TensorType[] {
    const inference = SHAPE_INFERENCE[op];
    if (!inference) {
      throw new InvalidArgumentError(
        `no shape inference for op ${op} (node "${nodeName}"); pass outputTypes to GraphBuilder.node`,
      );
    }
    const described: (InferenceInput | null)[] = inputs.map((input) => {
      if (!input) return null;
      const value = this.constantData.get(input.name);
      return value
        ? { dtype: input.dtype, shape: input.shape, value }
        : { dtype: input.dtype, shape: input.shape };
    });
    try {
      return inference(described, attributes, outputCount);
    } catch (error) {
      if (error instanceof InvalidArgumentError) {
        const inputList = inputs.map((input) => input?.toString() ?? "<none>").join(", ");
        throw new InvalidArgumentError(`${nodeName} (${op} of ${inputList}): ${error.message}`);
      }
      throw error;
    }
  }

  private appendNode(node: NodeIR, types: readonly TensorType[], stopGradient: boolean): Tensor[] {
    this.usedNames.add(node.name);
    const outputs = node.outputs.map((name, i) => {
      if (this.tensorsByName.has(name)) throw new InvalidArgumentError(`value "${name}" is defined twice`);
      this.usedNames.add(name);
      const tensor = new Tensor(this, name, types[i].dtype, types[i].shape);
      this.tensorsByName.set(name, tensor);
      this.producerIndex.set(name, this.records.length);
      return tensor;
    });
    this.records.push({ ir: node, stopGradient });
    return outputs;
  }

  private registerTensor(name: string, dtype: DType, shape: SymbolicShape | null): Tensor {
    const tensor = new Tensor(this, name, dtype, shape);
    this.usedNames.add(name);
    this.tensorsByName.set(name, tensor);
    return tensor;
  }

  private registerConstant(data: TensorData): Tensor {
    this.constantData.set(data.name, data);
    return this.registerTensor(data.name, data.dtype, data.dims);
  }

  private reserveName(name: string): void {
    if (this.usedNames.has(name)) throw new InvalidArgumentError(`name "${name}" is already used`);
    this.usedNames.add(name);
  }

  private checkExplicitName(name: string, what: string): void {
    if (name === "") throw new InvalidArgumentError(`${what} name must not be empty`);
    if (this.usedNames.has(name)) {
      throw new InvalidArgumentError(`${what} name "${name}" is already used in graph "${this.name}"`);
    }
  }

  private checkOwned(tensor: Tensor): void {
    if (tensor.builder !== this) {
      throw new InvalidArgumentError(`tensor "${tensor.name}" belongs to another graph than "${this.name}"`);
    }
  }

  private scoped(name: string): string {
    return this.scopeStack.length === 0 ? name : `${this.scopeStack.join("/")}/${name}`;
  }
}

/**
 * In ValueInfo a dimension of unknown size is the empty name "" (ONNX: neither dim_value nor
 * dim_param); in the builder it is null, so that two unknown dimensions never compare equal.
 */
function toValueInfoShape(shape: SymbolicShape | null): readonly Dim[] | null {
  return shape === null ? null : shape.map((dim) => dim ?? "");
}

function fromValueInfoShape(shape: readonly Dim[] | null): SymbolicShape | null {
  return shape === null ? null : shape.map((dim) => (dim === "" ? null : dim));
}

function inputInfo(tensor: Tensor): ValueInfo {
  return { name: tensor.name, dtype: tensor.dtype, shape: toValueInfoShape(tensor.shape) };
}

function outputInfo(tensor: Tensor): ValueInfo {
  return { name: tensor.name, dtype: tensor.dtype, shape: toValueInfoShape(tensor.shape) };
}
