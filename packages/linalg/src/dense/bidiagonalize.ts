import type { KernelWorkspace, ProductRunner } from "../kernels/workspace.js";
import { Matrix } from "../matrix.js";
import { accumulateMatmul, matmul, matmulTransposeA } from "./matmul.js";

/*
 * Golub–Kahan bidiagonalisation A = Q_L·B·Q_Rᵀ of a tall (m ≥ n) row-major matrix by alternating
 * Householder reflectors: H_k from the left zeroes column k below the diagonal, G_k from the right
 * zeroes row k beyond the superdiagonal (Golub & Van Loan, Algorithm 5.4.2).
 *
 * Textbook loops pass over the trailing matrix four times per step (two per reflector). Here one
 * step costs one pass: for each row below k, the left update, the dot product with the right
 * reflector, the right update and the accumulation the *next* left reflector needs (Σᵢ xᵢ·rowᵢ) all
 * happen while the row sits in L1. The next reflector's vector is an affine function of the column
 * x it is built from, v = e₁ + (x − x₀e₁)/(x₀ − β), so its product with the matrix can be summed
 * over the raw x before β is known and corrected afterwards.
 *
 * Rows are processed four at a time so each load of the reflectors and of the accumulator serves four
 * rows, and the four dot products are independent addition chains. Measured on 500×500 (a loaded
 * 2-core box, so roughly): one pass per step took the reduction from ~0.5 s to ~0.3 s, pairs of rows
 * to ~0.15 s, groups of four to ~0.12 s.
 */

/** B's diagonal d (n) and superdiagonal e (n − 1), plus the reflector scales; reflectors stay in `work`. */
export interface BidiagonalFactors {
  readonly diagonal: Float64Array;
  readonly superdiagonal: Float64Array;
  readonly leftScales: Float64Array;
  readonly rightScales: Float64Array;
}

/**
 * Bidiagonalises `work` (m×n row-major, m ≥ n) in place: afterwards column k below the diagonal holds
 * H_k's vector (implicit leading 1) and row k right of the superdiagonal holds G_k's vector.
 * Entries are assumed scaled to magnitude ≲ 1 (the SVD driver does so) because column norms are
 * accumulated as plain sums of squares.
 *
 * With `kernels`, the rows below the pivot go through the WebAssembly SIMD sweep; `work` must then
 * live in that workspace with one double of padding after it (`kernels.alloc(m·n, 1)`).
 */
export function bidiagonalize(
  work: Float64Array,
  m: number,
  n: number,
  kernels: KernelWorkspace | null = null,
): BidiagonalFactors {
  const diagonal = new Float64Array(n);
  const superdiagonal = new Float64Array(Math.max(n - 1, 0));
  const leftScales = new Float64Array(n);
  const rightScales = new Float64Array(n);
  // The kernel sums the next column's squared norm into tail[0] and its products into tail[1…]; its
  // pair loop may touch index width of each vector, hence one padding double.
  const tail = kernels ? kernels.alloc(n + 1, 1) : new Float64Array(n + 1);
  // Σ_{i>k} x_i·A[i, k+1:] for the current column x = A[k:, k] (excluding the diagonal row).
  const tailProducts = tail.subarray(1);
  const projection = kernels ? kernels.alloc(n, 1) : new Float64Array(n);
  const reflector = kernels ? kernels.alloc(n, 1) : new Float64Array(n);

  let tailSquares = 0;
  for (let i = 1; i < m; i++) {
    const row = i * n;
    const x = work[row];
    tailSquares += x * x;
    for (let j = 1; j < n; j++) tailProducts[j - 1] += x * work[row + j];
  }

  for (let k = 0; k < n; k++) {
    const diagonalIndex = k * n + k;
    const width = n - k - 1;
    const alpha = work[diagonalIndex];
    let leftScale = 0;
    let vectorScale = 1;
    if (tailSquares > 0) {
      const norm = Math.sqrt(alpha * alpha + tailSquares);
      const beta = alpha > 0 ? -norm : norm;
      leftScale = (beta - alpha) / beta;
      vectorScale = 1 / (alpha - beta);
      // The kernel scales rows k+2… itself as it passes them (a strided column costs a cache miss
      // per row); it runs whenever there is a column left.
      const scaledEnd = kernels && width > 0 ? k + 2 : m;
      for (let i = k + 1; i < scaledEnd; i++) work[i * n + k] *= vectorScale;
      work[diagonalIndex] = beta;
      diagonal[k] = beta;
      // vᵀ·A[k:, k+1:] = A[k, k+1:] + Σ_{i>k} v_i·A[i, k+1:], and the sum was gathered over raw x_i.
      const rowK = diagonalIndex + 1;
      for (let j = 0; j < width; j++) {
        const projected = work[rowK + j] + vectorScale * tailProducts[j];
        projection[j] = projected;
        work[rowK + j] -= leftScale * projected;
      }
    } else {
      diagonal[k] = alpha;
    }
    leftScales[k] = leftScale;
    if (width === 0) break;

    // Right reflector from row k, columns k+1…; with a single column there is nothing to zero.
    let rightScale = 0;
    const rowStart = diagonalIndex + 1;
    if (width >= 2) rightScale = generateRowReflector(work, rowStart, width);
    superdiagonal[k] = work[rowStart];
    rightScales[k] = rightScale;
    reflector[0] = 1;
    for (let j = 1; j < width; j++) reflector[j] = work[rowStart + j];

    tailSquares = 0;
    tail.fill(0, 0, width + 1);
    // Row k+1 becomes the next step's pivot row: updated, but not part of the next column's tail.
    const pivotRow = (k + 1) * n + k + 1;
    updateRow(work, pivotRow, width, leftScale * work[(k + 1) * n + k], projection, rightScale, reflector);
    if (kernels) {
      // The kernel's pair loop reads index `width` of both vectors: it must contribute nothing.
      projection[width] = 0;
      reflector[width] = 0;
      kernels.bidiagonalRows(
        work,
        (k + 2) * n + k + 1,
        m - k - 2,
        width,
        n,
        projection,
        reflector,
        tail,
        leftScale,
        rightScale,
        vectorScale,
      );
      tailSquares = tail[0];
      continue;
    }
    let i = k + 2;
    for (; i + 3 < m; i += 4) {
      const row0 = i * n + k + 1;
      const row1 = row0 + n;
      const row2 = row1 + n;
      const row3 = row2 + n;
      const left0 = leftScale * work[i * n + k];
      const left1 = leftScale * work[(i + 1) * n + k];
      const left2 = leftScale * work[(i + 2) * n + k];
      const left3 = leftScale * work[(i + 3) * n + k];
      let dot0 = 0;
      let dot1 = 0;
      let dot2 = 0;
      let dot3 = 0;
      for (let j = 0; j < width; j++) {
        const p = projection[j];
        const r = reflector[j];
        const value0 = work[row0 + j] - left0 * p;
        const value1 = work[row1 + j] - left1 * p;
        const value2 = work[row2 + j] - left2 * p;
        const value3 = work[row3 + j] - left3 * p;
        work[row0 + j] = value0;
        work[row1 + j] = value1;
        work[row2 + j] = value2;
        work[row3 + j] = value3;
        dot0 += value0 * r;
        dot1 += value1 * r;
        dot2 += value2 * r;
        dot3 += value3 * r;
      }
      const right0 = rightScale * dot0;
      const right1 = rightScale * dot1;
      const right2 = rightScale * dot2;
      const right3 = rightScale * dot3;
      const x0 = work[row0] - right0;
      const x1 = work[row1] - right1;
      const x2 = work[row2] - right2;
      const x3 = work[row3] - right3;
      work[row0] = x0;
      work[row1] = x1;
      work[row2] = x2;
      work[row3] = x3;
      tailSquares += x0 * x0 + x1 * x1 + (x2 * x2 + x3 * x3);
      for (let c = 1; c < width; c++) {
        const r = reflector[c];
        const value0 = work[row0 + c] - right0 * r;
        const value1 = work[row1 + c] - right1 * r;
        const value2 = work[row2 + c] - right2 * r;
        const value3 = work[row3 + c] - right3 * r;
        work[row0 + c] = value0;
        work[row1 + c] = value1;
        work[row2 + c] = value2;
        work[row3 + c] = value3;
        tailProducts[c - 1] += x0 * value0 + x1 * value1 + (x2 * value2 + x3 * value3);
      }
    }
    // The last one to three rows.
    for (; i < m; i++) {
      const row = i * n + k + 1;
      const x = updateRow(work, row, width, leftScale * work[i * n + k], projection, rightScale, reflector);
      tailSquares += x * x;
      for (let c = 1; c < width; c++) tailProducts[c - 1] += x * work[row + c];
    }
  }
  return { diagonal, superdiagonal, leftScales, rightScales };
}

/** Householder reflector for a contiguous row segment (see householder.ts for the convention). */
function generateRowReflector(work: Float64Array, start: number, length: number): number {
  const alpha = work[start];
  let tailSquares = 0;
  for (let j = 1; j < length; j++) tailSquares += work[start + j] * work[start + j];
  if (tailSquares === 0) return 0;
  const norm = Math.sqrt(alpha * alpha + tailSquares);
  const beta = alpha > 0 ? -norm : norm;
  const vectorScale = 1 / (alpha - beta);
  for (let j = 1; j < length; j++) work[start + j] *= vectorScale;
  work[start] = beta;
  return (beta - alpha) / beta;
}

/**
 * Q_L's first `columns` columns (m×columns, count ≤ columns ≤ m) for the first `count` reflectors
 * (default all n), by backward accumulation
 * H_0·(H_1·(⋯·[I; 0])). When H_k is applied, row k and column k are still those of the identity, so
 * vᵀQ over the block needs only rows below k, which the previous step's update pass has just
 * touched: that pass accumulates it, and each step costs one pass instead of two.
 */
export function formLeftVectors(
  work: Float64Array,
  m: number,
  n: number,
  leftScales: Float64Array,
  columns: number,
  count = n,
): Float64Array {
  const q = new Float64Array(m * columns);
  for (let i = 0; i < Math.min(m, columns); i++) q[i * columns + i] = 1;
  // Reflector k's vector: 1 at index k, work[i·n + k] for i > k.
  accumulateReflectors(q, columns, m, count - 1, leftScales, (k) => k, work, n, 1);
  return q;
}

/** Q_R (n×n) = G_0·G_1⋯, accumulated backwards like `formLeftVectors`; G_k acts on indices k+1…. */
export function formRightVectors(work: Float64Array, n: number, rightScales: Float64Array): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  // Reflector k's vector: 1 at index k+1, work[k·n + i] for i > k+1 (row k of the factored matrix).
  accumulateReflectors(q, n, n, n - 3, rightScales, (k) => k + 1, work, 1, n);
  return q;
}

/**
 * Applies reflectors last…0 to the identity-initialised q (rows×columns). Reflector k starts at index
 * first(k) and its entry for index i > first(k) is work[i·entryStride + k·reflectorStride].
 */
function accumulateReflectors(
  q: Float64Array,
  columns: number,
  rows: number,
  last: number,
  scales: Float64Array,
  first: (k: number) => number,
  work: Float64Array,
  entryStride: number,
  reflectorStride: number,
): void {
  if (last < 0) return;
  const projection = new Float64Array(columns);
  const next = new Float64Array(columns);
  // The first reflector applied meets the identity, so vᵀQ over its block is v itself.
  const firstStart = first(last);
  projection[0] = 1;
  for (let i = firstStart + 1; i < Math.min(rows, columns); i++) {
    projection[i - firstStart] = work[i * entryStride + last * reflectorStride];
  }
  for (let k = last; k >= 0; k--) {
    const start = first(k);
    const width = columns - start;
    const scale = scales[k];
    const base = k * reflectorStride;
    const hasNext = k > 0;
    const nextBase = (k - 1) * reflectorStride;
    // While each row is in cache, also gather Σᵢ v'ᵢ·rowᵢ for the next reflector v' (which starts one
    // index earlier, so every row updated here carries an explicit entry of v').
    next.fill(0, 0, width);
    // Row pairs share each load of `projection` and `next` (as in bidiagonalize).
    let i = start;
    for (; i + 1 < rows; i += 2) {
      const factor0 = i === start ? scale : scale * work[i * entryStride + base];
      const factor1 = scale * work[(i + 1) * entryStride + base];
      const next0 = hasNext ? work[i * entryStride + nextBase] : 0;
      const next1 = hasNext ? work[(i + 1) * entryStride + nextBase] : 0;
      const row0 = i * columns + start;
      const row1 = row0 + columns;
      for (let j = 0; j < width; j++) {
        const p = projection[j];
        const value0 = q[row0 + j] - factor0 * p;
        const value1 = q[row1 + j] - factor1 * p;
        q[row0 + j] = value0;
        q[row1 + j] = value1;
        next[j] += next0 * value0 + next1 * value1;
      }
    }
    if (i < rows) {
      const factor = i === start ? scale : scale * work[i * entryStride + base];
      const nextFactor = hasNext ? work[i * entryStride + nextBase] : 0;
      const row = i * columns + start;
      for (let j = 0; j < width; j++) {
        const value = q[row + j] - factor * projection[j];
        q[row + j] = value;
        next[j] += nextFactor * value;
      }
    }
    // The next block starts one column earlier, where q is still the identity: vᵀQ there is 1.
    projection[0] = 1;
    for (let j = 0; j < width; j++) projection[j + 1] = next[j];
  }
}

/** Left then right reflector update of one row segment; returns its first (next-column) entry. */
function updateRow(
  work: Float64Array,
  row: number,
  width: number,
  leftFactor: number,
  projection: Float64Array,
  rightScale: number,
  reflector: Float64Array,
): number {
  let dot = 0;
  for (let j = 0; j < width; j++) {
    const value = work[row + j] - leftFactor * projection[j];
    work[row + j] = value;
    dot += value * reflector[j];
  }
  const rightFactor = rightScale * dot;
  for (let j = 0; j < width; j++) work[row + j] -= rightFactor * reflector[j];
  return work[row];
}

/**
 * target (m×cols) ← Q_L·target, for Q_L = H_0⋯H_{n−1} stored in `work` by `bidiagonalize`. With
 * `kernels`, `work` and `target` must live in that workspace, which needs
 * `reflectorScratch(m, n, cols)` doubles; the products go to `runner` (by default the workspace,
 * which runs them at once; a `KernelCommands` records them to run later), and the arrays they use
 * stay allocated until the caller releases the workspace.
 */
export function applyLeftReflectors(
  work: Float64Array,
  m: number,
  n: number,
  leftScales: Float64Array,
  target: Float64Array,
  cols: number,
  kernels: KernelWorkspace | null = null,
  runner: ProductRunner | null = kernels,
): void {
  applyReflectorsBackward(target, cols, m, n - 1, leftScales, (k) => k, work, n, 1, kernels, runner);
}

/**
 * target (n×cols) ← Q_R·target, for Q_R = G_0⋯G_{n−3} stored in `work` by `bidiagonalize`;
 * `kernels` and `runner` as for `applyLeftReflectors` (scratch: `reflectorScratch(n, n − 2, cols)`).
 */
export function applyRightReflectors(
  work: Float64Array,
  n: number,
  rightScales: Float64Array,
  target: Float64Array,
  cols: number,
  kernels: KernelWorkspace | null = null,
  runner: ProductRunner | null = kernels,
): void {
  applyReflectorsBackward(target, cols, n, n - 3, rightScales, (k) => k + 1, work, 1, n, kernels, runner);
}

/** Reflectors per compact-WY block: enough depth for the matmul kernel, small T and Y. */
const REFLECTOR_BLOCK = 32;

/**
 * Workspace doubles the kernel path of applyLeftReflectors / applyRightReflectors needs for
 * `count` reflectors on a rows×cols target: every block's Y and T, one Gram matrix and the two
 * intermediate products, plus rounding slack.
 */
export function reflectorScratch(rows: number, count: number, cols: number): number {
  const blocks = Math.ceil(Math.max(count, 0) / REFLECTOR_BLOCK);
  const block = REFLECTOR_BLOCK * (rows + REFLECTOR_BLOCK) + 4;
  return blocks * block + REFLECTOR_BLOCK * REFLECTOR_BLOCK + 2 * REFLECTOR_BLOCK * cols + 16;
}

/**
 * Applies reflectors last…0 to a dense target (rows×cols) from the left, in blocks of
 * `REFLECTOR_BLOCK` written in compact WY form H_k0⋯H_k1 = I − Y·T·Yᵀ (Schreiber & Van Loan; T upper
 * triangular, built column by column as T ← [[T, −τ·T·Yᵀy], [0, τ]]). Each block then costs two
 * matrix products, Yᵀ·C and Y·(T·Yᵀ·C), which run at the blocked kernel's speed: measured ~1.3×
 * faster on 500×500 than applying the reflectors one at a time with a one-pass, four-row loop.
 */
function applyReflectorsBackward(
  target: Float64Array,
  cols: number,
  rows: number,
  last: number,
  scales: Float64Array,
  first: (k: number) => number,
  work: Float64Array,
  entryStride: number,
  reflectorStride: number,
  kernels: KernelWorkspace | null,
  runner: ProductRunner | null,
): void {
  // Kernel path: the products may run later (recorded), so every array stays allocated.
  const shared = kernels
    ? {
        gram: kernels.alloc(REFLECTOR_BLOCK * REFLECTOR_BLOCK),
        inner: kernels.scratch(REFLECTOR_BLOCK * cols),
        projected: kernels.scratch(REFLECTOR_BLOCK * cols),
      }
    : null;
  for (let blockEnd = last + 1; blockEnd > 0; blockEnd -= REFLECTOR_BLOCK) {
    const k0 = Math.max(0, blockEnd - REFLECTOR_BLOCK);
    const size = blockEnd - k0;
    const top = first(k0);
    const height = rows - top;
    // Y: column j is reflector k0+j, zero above its start, 1 at its start.
    const y = new Matrix(height, size, kernels?.alloc(height * size));
    for (let j = 0; j < size; j++) {
      const k = k0 + j;
      const start = first(k);
      y.data[(start - top) * size + j] = 1;
      for (let i = start + 1; i < rows; i++)
        y.data[(i - top) * size + j] = work[i * entryStride + k * reflectorStride];
    }
    let gram: Float64Array;
    if (kernels && shared) {
      gram = shared.gram;
      gram.fill(0, 0, size * size);
      kernels.gemm(size, size, height, y.data, 0, 1, size, y.data, 0, size, gram, 0, size);
    } else {
      gram = matmulTransposeA(y, y).data;
    }
    const t = new Matrix(size, size, kernels?.alloc(size * size));
    const column = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      const tau = scales[k0 + j];
      t.data[j * size + j] = tau;
      if (tau === 0) continue;
      // T[0:j, j] = −τ·T[0:j, 0:j]·(Yᵀy_j)[0:j]; T is upper triangular, so row r only sums p ≥ r.
      for (let r = 0; r < j; r++) {
        let sum = 0;
        for (let p = r; p < j; p++) sum += t.data[r * size + p] * gram[p * size + j];
        column[r] = sum;
      }
      for (let r = 0; r < j; r++) t.data[r * size + j] = -tau * column[r];
    }
    if (runner && shared) {
      const { inner, projected } = shared;
      const offset = top * cols;
      const used = size * cols;
      // −T (not T) so the last product accumulates C − Y·T·Yᵀ·C directly.
      for (let index = 0; index < t.data.length; index++) t.data[index] = -t.data[index];
      runner.zero(inner, 0, used);
      runner.gemm(size, cols, height, y.data, 0, 1, size, target, offset, cols, inner, 0, cols);
      runner.zero(projected, 0, used);
      runner.gemm(size, cols, size, t.data, 0, size, 1, inner, 0, cols, projected, 0, cols);
      runner.gemm(height, cols, size, y.data, 0, size, 1, projected, 0, cols, target, offset, cols);
      continue;
    }
    const block = new Matrix(height, cols, target.subarray(top * cols, rows * cols));
    const projected = matmul(t, matmulTransposeA(y, block));
    for (let index = 0; index < projected.data.length; index++)
      projected.data[index] = -projected.data[index];
    accumulateMatmul(y, projected, block);
  }
}
