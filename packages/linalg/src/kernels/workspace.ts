import { LabError } from "@lab/core";
import { BIDIAGONAL_ROWS_PARAMETERS, bidiagonalRowsBody } from "./bidiagonal-kernel.js";
import { GEMM_PARAMETERS, gemmBody } from "./gemm-kernel.js";
import { COMMAND_WORDS, GEMM_COMMAND, HelperThread, ZERO_COMMAND } from "./helper-thread.js";
import {
  type CompiledModule,
  compileKernels,
  instantiate,
  MAX_BYTES,
  PAGE_BYTES,
  type WasmMemory,
} from "./wasm-runtime.js";

let compiled: CompiledModule | null | undefined;

function denseModule(): CompiledModule | null {
  if (compiled === undefined) {
    compiled = compileKernels([
      { name: "gemm", parameters: GEMM_PARAMETERS, body: gemmBody() },
      { name: "bidiagonalRows", parameters: BIDIAGONAL_ROWS_PARAMETERS, body: bidiagonalRowsBody() },
    ]);
  }
  return compiled;
}

/** Whether this runtime can run the WebAssembly SIMD kernels (Node ≥ 16.4 can). */
export function denseKernelsAvailable(): boolean {
  return denseModule() !== null;
}

/**
 * Workspaces up to this size are kept after use and handed to the next `acquire`: a fresh memory
 * costs a page fault per 4 KiB on first touch (about 0.5 ms per MiB here, 5 ms of a 500×500 SVD),
 * while a larger one would pin that much memory for the life of the process.
 */
const RETAINED_BYTES = 64 * 1024 * 1024;

let retained: KernelWorkspace | null = null;

/**
 * Whether the retained workspace may lend recorded kernel calls to a helper thread (see
 * helper-thread.ts). Off when the environment sets LAB_LINALG_THREADS=1, for machines whose second
 * core is better left to others.
 */
let helperEnabled = process.env.LAB_LINALG_THREADS !== "1";

/** What runs matrix products: a workspace now, or a `KernelCommands` recording for later. */
export interface ProductRunner {
  /** As `KernelWorkspace.gemm`. */
  gemm(
    m: number,
    n: number,
    depth: number,
    a: Float64Array,
    aOffset: number,
    aRowStride: number,
    aDepthStride: number,
    b: Float64Array,
    bOffset: number,
    bStride: number,
    c: Float64Array,
    cOffset: number,
    cStride: number,
  ): void;
  /** array[from…to) ← 0. */
  zero(array: Float64Array, from: number, to: number): void;
}

/** Kernel calls recorded in order, to run later with `KernelWorkspace.runInBackground`. */
export class KernelCommands implements ProductRunner {
  /** COMMAND_WORDS integers per call (see helper-thread.ts). */
  readonly words: number[] = [];

  gemm(
    m: number,
    n: number,
    depth: number,
    a: Float64Array,
    aOffset: number,
    aRowStride: number,
    aDepthStride: number,
    b: Float64Array,
    bOffset: number,
    bStride: number,
    c: Float64Array,
    cOffset: number,
    cStride: number,
  ): void {
    if (m <= 0 || n <= 0 || depth <= 0) return;
    this.words.push(
      GEMM_COMMAND,
      m,
      n,
      depth,
      a.byteOffset + aOffset * 8,
      aRowStride * 8,
      aDepthStride * 8,
      b.byteOffset + bOffset * 8,
      bStride * 8,
      c.byteOffset + cOffset * 8,
      cStride * 8,
    );
  }

  zero(array: Float64Array, from: number, to: number): void {
    if (to <= from) return;
    this.words.push(ZERO_COMMAND, array.byteOffset + from * 8, (to - from) * 8, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}

/** Recorded calls handed to `runInBackground`; `finish` returns once they have all run. */
export interface BackgroundRun {
  finish(): void;
}

/**
 * One WebAssembly memory sized for a whole decomposition, with the kernels bound to it. Arrays the
 * kernels touch are allocated here (`alloc`) so data is copied in once, not per kernel call. The
 * memory does not grow while in use (arrays handed out would not see the new pages), so callers
 * size it up front and an allocation beyond the capacity is a bug, reported as such. The memory is
 * shared, so the retained workspace can lend recorded kernel calls to a helper thread
 * (`runInBackground`).
 */
export class KernelWorkspace implements ProductRunner {
  private buffer: ArrayBufferLike;
  private readonly memory: WasmMemory;
  private helper: HelperThread | null = null;
  private readonly gemmKernel: (...args: number[]) => void;
  private readonly rowsKernel: (...args: number[]) => void;
  private top = 0;
  private busy = false;

  private constructor({ memory, exports }: { memory: WasmMemory; exports: Record<string, unknown> }) {
    this.memory = memory;
    this.buffer = memory.buffer;
    this.gemmKernel = exports.gemm as (...args: number[]) => void;
    this.rowsKernel = exports.bidiagonalRows as (...args: number[]) => void;
  }

  /**
   * A new workspace for `doubles` doubles (its memory able to grow to `maximumDoubles`), or null
   * without WebAssembly SIMD, beyond 4 GiB or when the runtime refuses the memory.
   */
  static create(doubles: number, maximumDoubles = doubles): KernelWorkspace | null {
    const module = denseModule();
    const bytes = doubles * 8;
    if (module === null || bytes > MAX_BYTES) return null;
    const instance = instantiate(module, bytes, Math.min(maximumDoubles * 8, MAX_BYTES));
    return instance ? new KernelWorkspace(instance) : null;
  }

  /**
   * A workspace for `doubles` doubles, reusing the retained one when it is free (grown if needed,
   * which is safe because nothing views it between uses); call `finish` when done with every
   * array allocated from it. Null without WebAssembly SIMD or beyond 4 GiB.
   */
  static acquire(doubles: number): KernelWorkspace | null {
    const bytes = doubles * 8;
    if (bytes > RETAINED_BYTES) return KernelWorkspace.create(doubles);
    if (retained === null || retained.busy) {
      // The retained workspace may grow up to RETAINED_BYTES; one made while it is busy need not.
      const created = KernelWorkspace.create(doubles, retained === null ? RETAINED_BYTES / 8 : doubles);
      if (created !== null && retained === null) {
        retained = created;
        // Started now, it is ready (tens of milliseconds later) for the next decompositions.
        if (helperEnabled) created.helper = HelperThread.start(denseModule()!, created.memory);
      }
      if (created !== null) created.busy = true;
      return created;
    }
    const workspace = retained;
    if (workspace.buffer.byteLength < bytes) {
      workspace.memory.grow(Math.ceil((bytes - workspace.buffer.byteLength) / PAGE_BYTES));
      workspace.buffer = workspace.memory.buffer;
    }
    workspace.busy = true;
    workspace.top = 0;
    return workspace;
  }

  /**
   * Turns lending work to the helper thread on or off (tests compare both; the environment variable
   * LAB_LINALG_THREADS=1 turns it off for the whole process).
   */
  static setHelperEnabled(enabled: boolean): void {
    helperEnabled = enabled;
  }

  /** The retained workspace's helper thread, once started (tests). */
  static retainedHelper(): HelperThread | null {
    return retained?.helper ?? null;
  }

  /** Ends a use begun by `acquire`: every array allocated since is invalid from here on. */
  finish(): void {
    this.busy = false;
    this.top = 0;
  }

  /**
   * A zeroed array of `length` doubles in the workspace, 16-byte aligned. `padding` extra doubles
   * after it are reserved (and zeroed) for kernels that read one pair past the end.
   */
  alloc(length: number, padding = 0): Float64Array {
    const view = this.scratch(length + padding);
    view.fill(0);
    return view.subarray(0, length);
  }

  /** Like `alloc`, without zeroing (a reused workspace holds old values): for arrays about to be overwritten. */
  scratch(length: number): Float64Array {
    const start = this.top;
    const end = start + Math.ceil(length / 2) * 16;
    if (end > this.buffer.byteLength) {
      throw new LabError(
        `internal error: kernel workspace of ${this.buffer.byteLength} bytes is too small (needs ${end})`,
      );
    }
    this.top = end;
    return new Float64Array(this.buffer, start, length);
  }

  zero(array: Float64Array, from: number, to: number): void {
    array.fill(0, from, to);
  }

  /**
   * Starts the recorded calls: on the helper thread when this workspace has a ready one, else they
   * wait for `finish`, which runs them here unless the helper has begun them. Every array they
   * touch must stay allocated until `finish` returns.
   */
  runInBackground(commands: KernelCommands): BackgroundRun {
    const count = commands.words.length / COMMAND_WORDS;
    const storage = this.scratch(Math.ceil(commands.words.length / 2));
    const words = new Int32Array(this.buffer, storage.byteOffset, commands.words.length);
    words.set(commands.words);
    const helper = this.helper;
    const lent = helper !== null && helperEnabled && helper.ready;
    if (lent) helper.post(words.byteOffset, count);
    return {
      finish: () => {
        if (lent && helper.finish()) return;
        for (let at = 0; at < words.length; at += COMMAND_WORDS) {
          const w = words.subarray(at, at + COMMAND_WORDS);
          if (w[0] === GEMM_COMMAND)
            this.gemmKernel(w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10]);
          else new Uint8Array(this.buffer, w[1], w[2]).fill(0);
        }
      },
    };
  }

  /** The allocation level, to `release` back to once temporaries are no longer needed. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  /** Whether `array` lives in this workspace (so kernels can take it without a copy). */
  owns(array: Float64Array): boolean {
    return array.buffer === this.buffer;
  }

  /**
   * c[cOffset + i·cStride + j] += Σ_p a[aOffset + i·aRowStride + p·aDepthStride] ·
   * b[bOffset + p·bStride + j] for i < m, j < n, p < depth; all three arrays in this workspace.
   */
  gemm(
    m: number,
    n: number,
    depth: number,
    a: Float64Array,
    aOffset: number,
    aRowStride: number,
    aDepthStride: number,
    b: Float64Array,
    bOffset: number,
    bStride: number,
    c: Float64Array,
    cOffset: number,
    cStride: number,
  ): void {
    if (m <= 0 || n <= 0 || depth <= 0) return;
    this.gemmKernel(
      m,
      n,
      depth,
      a.byteOffset + aOffset * 8,
      aRowStride * 8,
      aDepthStride * 8,
      b.byteOffset + bOffset * 8,
      bStride * 8,
      c.byteOffset + cOffset * 8,
      cStride * 8,
    );
  }

  /**
   * The bidiagonalisation's row sweep (see bidiagonal-kernel.ts) over `rows` segments of `width`
   * doubles starting at work[start], `stride` apart: scales the entry before each segment by
   * `columnScale`, adds Σ row[0]² to tail[0] and the next column's products to tail[1…width). All
   * arrays live in this workspace.
   */
  bidiagonalRows(
    work: Float64Array,
    start: number,
    rows: number,
    width: number,
    stride: number,
    projection: Float64Array,
    reflector: Float64Array,
    tail: Float64Array,
    leftScale: number,
    rightScale: number,
    columnScale: number,
  ): void {
    this.rowsKernel(
      work.byteOffset + start * 8,
      rows,
      width,
      stride * 8,
      projection.byteOffset,
      reflector.byteOffset,
      tail.byteOffset,
      leftScale,
      rightScale,
      columnScale,
    );
  }
}
