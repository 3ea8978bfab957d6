import { LabError } from "@lab/core";
import { BIDIAGONAL_ROWS_PARAMETERS, bidiagonalRowsBody } from "./bidiagonal-kernel.js";
import { GEMM_PARAMETERS, gemmBody } from "./gemm-kernel.js";
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
 * One WebAssembly memory sized for a whole decomposition, with the kernels bound to it. Arrays the
 * kernels touch are allocated here (`alloc`) so data is copied in once, not per kernel call. The
 * memory does not grow while in use: growing would detach every view handed out, so callers size
 * it up front and an allocation beyond the capacity is a bug, reported as such.
 */
export class KernelWorkspace {
  private buffer: ArrayBuffer;
  private readonly memory: WasmMemory;
  private readonly gemmKernel: (...args: number[]) => void;
  private readonly rowsKernel: (...args: number[]) => void;
  private top = 0;
  private busy = false;

  private constructor(module: CompiledModule, bytes: number) {
    const { memory, exports } = instantiate(module, bytes);
    this.memory = memory;
    this.buffer = memory.buffer;
    this.gemmKernel = exports.gemm as (...args: number[]) => void;
    this.rowsKernel = exports.bidiagonalRows as (...args: number[]) => void;
  }

  /** A new workspace for `doubles` doubles, or null without WebAssembly SIMD or beyond 4 GiB. */
  static create(doubles: number): KernelWorkspace | null {
    const module = denseModule();
    const bytes = doubles * 8;
    if (module === null || bytes > MAX_BYTES) return null;
    return new KernelWorkspace(module, bytes);
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
      const created = KernelWorkspace.create(doubles);
      if (created !== null && retained === null) retained = created;
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
