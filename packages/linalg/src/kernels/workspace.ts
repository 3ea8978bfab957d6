import { LabError } from "@lab/core";
import { BIDIAGONAL_ROWS_PARAMETERS, bidiagonalRowsBody } from "./bidiagonal-kernel.js";
import { GEMM_PARAMETERS, gemmBody } from "./gemm-kernel.js";
import { type CompiledModule, compileKernels, instantiate, MAX_BYTES } from "./wasm-runtime.js";

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
 * Depth of one gemm call: a 4-row slice of A (4·256 doubles, 8 KiB) and the 4-column strip of B it
 * meets stay in L1 through the depth loop, and the B panel (256 rows) stays in L2 across row tiles.
 */
const GEMM_DEPTH_BLOCK = 256;

/**
 * One WebAssembly memory sized for a whole decomposition, with the kernels bound to it. Arrays the
 * kernels touch are allocated here (`alloc`) so data is copied in once, not per kernel call. The
 * memory never grows: growing would detach every view handed out, so callers size it up front and
 * an allocation beyond the capacity is a bug, reported as such.
 */
export class KernelWorkspace {
  private readonly buffer: ArrayBuffer;
  private readonly gemmKernel: (...args: number[]) => void;
  private readonly rowsKernel: (...args: number[]) => void;
  private readonly capacity: number;
  private top = 0;

  private constructor(module: CompiledModule, bytes: number) {
    const { buffer, exports } = instantiate(module, bytes);
    this.buffer = buffer;
    this.capacity = buffer.byteLength;
    this.gemmKernel = exports.gemm as (...args: number[]) => void;
    this.rowsKernel = exports.bidiagonalRows as (...args: number[]) => void;
  }

  /** A workspace for `doubles` doubles in all, or null without WebAssembly SIMD or beyond 4 GiB. */
  static create(doubles: number): KernelWorkspace | null {
    const module = denseModule();
    const bytes = doubles * 8;
    if (module === null || bytes > MAX_BYTES) return null;
    return new KernelWorkspace(module, bytes);
  }

  /**
   * A zeroed array of `length` doubles in the workspace, 16-byte aligned. `padding` extra doubles
   * after it are reserved (and zeroed) for kernels that read one pair past the end.
   */
  alloc(length: number, padding = 0): Float64Array {
    const start = this.top;
    const end = start + Math.ceil((length + padding) / 2) * 16;
    if (end > this.capacity) {
      throw new LabError(
        `internal error: kernel workspace of ${this.capacity} bytes is too small (needs ${end})`,
      );
    }
    this.top = end;
    const view = new Float64Array(this.buffer, start, length + padding);
    view.fill(0);
    return view.subarray(0, length);
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
    if (m <= 0 || n <= 0) return;
    const aBase = a.byteOffset + aOffset * 8;
    const bBase = b.byteOffset + bOffset * 8;
    const cBase = c.byteOffset + cOffset * 8;
    for (let p0 = 0; p0 < depth; p0 += GEMM_DEPTH_BLOCK) {
      const slice = Math.min(GEMM_DEPTH_BLOCK, depth - p0);
      this.gemmKernel(
        m,
        n,
        slice,
        aBase + p0 * aDepthStride * 8,
        aRowStride * 8,
        aDepthStride * 8,
        bBase + p0 * bStride * 8,
        bStride * 8,
        cBase,
        cStride * 8,
      );
    }
  }

  /**
   * The bidiagonalisation's row sweep (see bidiagonal-kernel.ts) over `rows` segments of `width`
   * doubles starting at work[start], `stride` apart: adds Σ row[0]² to tail[0] and the next
   * column's products to tail[1…width). All arrays live in this workspace.
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
    );
  }
}
