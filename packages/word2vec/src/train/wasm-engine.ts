import {
  type CompiledWasmModule,
  InvalidArgumentError,
  type WasmMemory,
  webAssemblyApi as webAssembly,
} from "@lab/core";
import {
  CONFIG_FIELDS,
  type ConfigField,
  type KernelShape,
  kernelModuleBytes,
  SCRATCH_HEADER_BYTES,
} from "./kernel.js";
import type { EngineSetup, ThreadState } from "./setup.js";

export type { WasmMemory };
export type WasmModule = CompiledWasmModule;

export type TrainFunction = (
  config: number,
  scratch: number,
  first: number,
  end: number,
  alpha: number,
) => number;

const compiled = new Map<string, WasmModule | null>();

/** The compiled kernel for one shape, or null where WebAssembly SIMD or shared memory is missing. */
export function kernelModule(shape: KernelShape): WasmModule | null {
  const key = `${shape.stride}/${shape.model}/${shape.method}`;
  if (!compiled.has(key)) {
    const bytes = kernelModuleBytes(shape);
    let module: WasmModule | null = null;
    try {
      if (webAssembly?.validate(bytes) && typeof SharedArrayBuffer === "function") {
        module = new webAssembly.Module(bytes);
      }
    } catch {
      module = null;
    }
    compiled.set(key, module);
  }
  return compiled.get(key)!;
}

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536;

/** Where everything lives in the kernel's memory (byte offsets, each a multiple of 16). */
export interface MemoryLayout {
  readonly memory: WasmMemory;
  readonly config: number;
  readonly scratch: readonly number[];
  readonly syn0: Float32Array;
  readonly syn1: Float32Array;
}

/**
 * Copies the setup into one shared WebAssembly memory with a scratch area per thread, and returns
 * views of the weights (rows of `stride` floats; the caller initialises syn0).
 */
export function layoutMemory(setup: EngineSetup, outputRows: number, threads: number): MemoryLayout {
  const api = webAssembly;
  if (!api) throw new InvalidArgumentError("word2vec: this runtime has no WebAssembly");
  const rowBytes = setup.stride * 4;
  const segments: [string, number][] = [
    ["config", CONFIG_FIELDS.length * 4],
    ["sigmoid", setup.tables.sigmoid.byteLength],
    ["logSigmoid", setup.tables.logSigmoid.byteLength],
    ["logOneMinusSigmoid", setup.tables.logOneMinusSigmoid.byteLength],
    ["corpus", setup.corpus.byteLength],
    ["sentenceEnds", setup.sentenceEnds.byteLength],
    ["keep", setup.keep.byteLength],
    ["aliasKeep", setup.sampler.keep.byteLength],
    ["alias", setup.sampler.alias.byteLength],
    ["pathOffsets", setup.pathOffsets.byteLength],
    ["paths", setup.paths.byteLength],
    ["syn0", setup.vocabSize * rowBytes],
    ["syn1", outputRows * rowBytes],
  ];
  const scratchBytes = SCRATCH_HEADER_BYTES + 2 * rowBytes + setup.maxSentenceLength * 4;
  for (let t = 0; t < threads; t++) segments.push([`scratch${t}`, scratchBytes]);
  // Start at 16 so that no array sits at address 0.
  const offsets = new Map<string, number>();
  let total = 16;
  for (const [segment, bytes] of segments) {
    offsets.set(segment, total);
    total += Math.ceil(bytes / 16) * 16;
  }
  const pages = Math.ceil(total / PAGE_BYTES);
  if (pages > MAX_PAGES) {
    throw new InvalidArgumentError(
      `word2vec: the training data needs ${total} bytes, more than the 4 GiB a WebAssembly memory holds; use a smaller vocabulary, dimension or corpus`,
    );
  }
  let memory: WasmMemory;
  try {
    memory = new api.Memory({ initial: pages, maximum: pages, shared: true });
  } catch (error) {
    throw new InvalidArgumentError(
      `word2vec: could not allocate ${Math.ceil(total / 2 ** 20)} MiB of WebAssembly memory for training (${(error as Error).message}); use a smaller vocabulary, dimension or corpus`,
    );
  }
  const buffer = memory.buffer;
  const at = (segment: string) => offsets.get(segment)!;
  new Float32Array(buffer, at("sigmoid"), setup.tables.sigmoid.length).set(setup.tables.sigmoid);
  new Float32Array(buffer, at("logSigmoid"), setup.tables.logSigmoid.length).set(setup.tables.logSigmoid);
  new Float32Array(buffer, at("logOneMinusSigmoid"), setup.tables.logOneMinusSigmoid.length).set(
    setup.tables.logOneMinusSigmoid,
  );
  new Int32Array(buffer, at("corpus"), setup.corpus.length).set(setup.corpus);
  new Int32Array(buffer, at("sentenceEnds"), setup.sentenceEnds.length).set(setup.sentenceEnds);
  new Uint32Array(buffer, at("keep"), setup.keep.length).set(setup.keep);
  new Uint32Array(buffer, at("aliasKeep"), setup.sampler.keep.length).set(setup.sampler.keep);
  new Int32Array(buffer, at("alias"), setup.sampler.alias.length).set(setup.sampler.alias);
  new Int32Array(buffer, at("pathOffsets"), setup.pathOffsets.length).set(setup.pathOffsets);
  new Int32Array(buffer, at("paths"), setup.paths.length).set(setup.paths);
  const values: Record<ConfigField, number> = {
    vocabSize: setup.vocabSize,
    negative: setup.negative,
    window: setup.window,
    corpus: at("corpus"),
    sentenceEnds: at("sentenceEnds"),
    keep: at("keep"),
    aliasKeep: at("aliasKeep"),
    alias: at("alias"),
    pathOffsets: at("pathOffsets"),
    paths: at("paths"),
    sigmoid: at("sigmoid"),
    logSigmoid: at("logSigmoid"),
    logOneMinusSigmoid: at("logOneMinusSigmoid"),
    syn0: at("syn0"),
    syn1: at("syn1"),
  };
  new Int32Array(buffer, at("config"), CONFIG_FIELDS.length).set(CONFIG_FIELDS.map((field) => values[field]));
  return {
    memory,
    config: at("config"),
    scratch: Array.from({ length: threads }, (_, t) => at(`scratch${t}`)),
    syn0: new Float32Array(buffer, at("syn0"), setup.vocabSize * setup.stride),
    syn1: new Float32Array(buffer, at("syn1"), outputRows * setup.stride),
  };
}

/** Instantiates the kernel on a memory; every worker does this with the same module and memory. */
export function instantiateKernel(module: WasmModule, memory: WasmMemory): TrainFunction {
  const instance = new webAssembly!.Instance(module, { env: { memory } });
  return instance.exports.train as TrainFunction;
}

/** Thread state in a scratch area: generator at +0, loss at +8, loss terms at +16. */
export function writeThreadState(memory: WasmMemory, scratch: number, state: ThreadState): void {
  new Uint32Array(memory.buffer, scratch, 1)[0] = state.rng;
  const numbers = new Float64Array(memory.buffer, scratch + 8, 2);
  numbers[0] = state.loss;
  numbers[1] = state.lossTerms;
}

export function readThreadState(memory: WasmMemory, scratch: number): ThreadState {
  const numbers = new Float64Array(memory.buffer, scratch + 8, 2);
  return { rng: new Uint32Array(memory.buffer, scratch, 1)[0]!, loss: numbers[0]!, lossTerms: numbers[1]! };
}

/**
 * The kernel run on the calling thread, with the same interface as ReferenceEngine: what the tests
 * compare, and what trainWord2Vec's workers run (through workerSource) on a shared memory.
 */
export class WasmEngine {
  readonly syn0: Float32Array;
  readonly syn1: Float32Array;
  readonly layout: MemoryLayout;
  private readonly train: TrainFunction;

  constructor(setup: EngineSetup, outputRows: number) {
    const module = kernelModule({ stride: setup.stride, model: setup.model, method: setup.method });
    if (module === null) {
      throw new InvalidArgumentError("word2vec: this runtime lacks WebAssembly SIMD or shared memory");
    }
    this.layout = layoutMemory(setup, outputRows, 1);
    this.syn0 = this.layout.syn0;
    this.syn1 = this.layout.syn1;
    this.train = instantiateKernel(module, this.layout.memory);
  }

  trainChunk(state: ThreadState, first: number, end: number, alpha: number): number {
    const scratch = this.layout.scratch[0]!;
    writeThreadState(this.layout.memory, scratch, state);
    const kept = this.train(this.layout.config, scratch, first, end, alpha);
    Object.assign(state, readThreadState(this.layout.memory, scratch));
    return kept;
  }
}
