import { InvalidArgumentError } from "@lab/core";
import { KernelCommands, KernelWorkspace } from "../kernels/workspace.js";
import { Matrix } from "../matrix.js";
import { bidiagonalDivideAndConquerInto, divideAndConquerScratch } from "./bidiagonal-dc.js";
import { bidiagonalQr } from "./bidiagonal-qr.js";
import {
  applyLeftReflectors,
  applyRightReflectors,
  bidiagonalize,
  formLeftVectors,
  formRightVectors,
  reflectorScratch,
} from "./bidiagonalize.js";
import { matmul } from "./matmul.js";
import { formQ, householderQr } from "./qr.js";
import { normalizingExponent, scaleByPowerOfTwo } from "./scaling.js";
import { assertFinite } from "./validate.js";

/**
 * A = U·diag(s)·Vᵀ.
 *
 * Sign convention (singular vectors are only defined up to sign): each column of V has its
 * largest-magnitude entry positive (the first such entry on ties), and the matching column of U
 * is flipped with it — scikit-learn's `svd_flip` decided on Vᵀ's rows. Columns of a full U or V
 * beyond min(m, n) follow the same rule on their own entries. So results are deterministic and
 * PCA components need no further flipping.
 */
export interface SingularValueDecomposition {
  /** m×k (thin, k = min(m, n)) or m×m (full), orthonormal columns: the left singular vectors. */
  readonly u: Matrix;
  /** The k singular values, descending and non-negative. */
  readonly s: Float64Array;
  /** n×k (thin) or n×n (full): the right singular vectors as columns (V itself, not Vᵀ). */
  readonly v: Matrix;
}

export interface SvdOptions {
  /** Square U (m×m) and V (n×n) completed to orthonormal bases; default false (thin). */
  readonly full?: boolean;
}

/**
 * For thin SVDs of matrices at least this much taller than wide, and too narrow for divide and
 * conquer, an initial QR shrinks the problem to the n×n triangle, so the O(n) QR sweeps rotate n-long
 * rather than m-long vectors (LAPACK's dgesdd switches at about 11/6). With divide and conquer the
 * direct route measured faster at every aspect ratio tried (up to 20:1), so it is not used there.
 */
const QR_FIRST_ASPECT_RATIO = 1.5;

/**
 * From this size on the bidiagonal's vectors come from divide and conquer (then mapped back through
 * the Householder reflectors); below it, QR iteration on the explicitly formed reflector products is
 * faster (measured crossover between 40 and 64 columns).
 */
const DIVIDE_AND_CONQUER_MIN_SIZE = 48;

/**
 * Singular value decomposition, the way LAPACK's gesdd does it: Householder (Golub–Kahan)
 * bidiagonalisation, then divide and conquer on the bidiagonal (implicit-shift QR below 48 columns),
 * then the Householder reflectors applied to the bidiagonal's singular vectors in blocked (compact
 * WY) form. Robust on rank-deficient, zero, tall, wide and vector-shaped input; entries must be
 * finite. Wide matrices are decomposed through their transpose. Backward stable: U·Σ·Vᵀ matches A to
 * a small multiple of ε·‖A‖, and singular values are accurate to about ε·σmax in absolute terms.
 *
 * From 48 columns on, the reduction, the merges' products and the back-transformation run as
 * WebAssembly SIMD kernels (src/kernels/) on one retained workspace, and the independent halves of
 * the products (V's back-transformation, W's side of large merges) are lent to a helper thread
 * (off with LAB_LINALG_THREADS=1); results are bit-identical either way. Speed on this project's
 * 2-core EPYC: about 18 ms at 200×200 and 0.10–0.17 s at 500×500 (numpy with OpenBLAS 1.7–2.2×
 * faster, ml-matrix 20× slower); `pnpm bench linalg` measures it.
 */
export function svd(a: Matrix, options: SvdOptions = {}): SingularValueDecomposition {
  assertFinite(a, "svd");
  const full = options.full ?? false;
  if (typeof full !== "boolean")
    throw new InvalidArgumentError(`svd option full must be a boolean, got ${full}`);
  const m = a.rows;
  const n = a.cols;
  const rank = Math.min(m, n);
  if (rank === 0) {
    return {
      u: full ? Matrix.identity(m) : new Matrix(m, 0),
      s: new Float64Array(0),
      v: full ? Matrix.identity(n) : new Matrix(n, 0),
    };
  }
  const wide = m < n;
  const rows = Math.max(m, n);
  // Divide and conquer, the reduction and the back-transformation run as WebAssembly kernels on one
  // workspace; the matrix is copied (or transposed) straight into it.
  const kernels =
    rank >= DIVIDE_AND_CONQUER_MIN_SIZE
      ? KernelWorkspace.acquire(workspaceDoubles(rows, rank, full ? rows : rank))
      : null;
  try {
    // One double after the matrix, which the reduction's pair loop may read and rewrite.
    const storage = kernels?.scratch(rows * rank + 1);
    if (storage) storage[rows * rank] = 0;
    const tall = new Matrix(rows, rank, storage?.subarray(0, rows * rank));
    if (wide) transposeInto(a, tall.data);
    else tall.data.set(a.data);
    const exponent = normalizingExponent(tall.data);
    scaleByPowerOfTwo(tall.data, exponent);

    const { d, left, right } = tallSvd(tall, full, kernels);
    scaleByPowerOfTwo(d, -exponent);
    // finalize copies U and V out of the workspace before it is finished.
    return wide ? finalize(d, right, left) : finalize(d, left, right);
  } finally {
    kernels?.finish();
  }
}

function transposeInto(a: Matrix, target: Float64Array): void {
  const { rows, cols, data } = a;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) target[j * rows + i] = data[i * cols + j];
  }
}

/** The min(m, n) singular values, descending, without computing any singular vectors (O(mn²) but cheap). */
export function singularValues(a: Matrix): Float64Array {
  assertFinite(a, "singularValues");
  const wide = a.rows < a.cols;
  const m = Math.max(a.rows, a.cols);
  const n = Math.min(a.rows, a.cols);
  if (n === 0) return new Float64Array(0);
  // No QR first: the one-pass bidiagonalisation measured faster than QR + reduction at every aspect
  // ratio. From the divide-and-conquer size on, the reduction runs as the WebAssembly kernel.
  const kernels =
    n >= DIVIDE_AND_CONQUER_MIN_SIZE ? KernelWorkspace.acquire(m * n + 1 + 3 * (n + 2) + 64) : null;
  try {
    const storage = kernels?.scratch(m * n + 1);
    if (storage) storage[m * n] = 0; // read and rewritten by the reduction's pair loop
    const tall = new Matrix(m, n, storage?.subarray(0, m * n));
    if (wide) transposeInto(a, tall.data);
    else tall.data.set(a.data);
    const exponent = normalizingExponent(tall.data);
    scaleByPowerOfTwo(tall.data, exponent);
    const { diagonal, superdiagonal } = bidiagonalize(tall.data, m, n, kernels);
    bidiagonalQr(diagonal, superdiagonal, null, null);
    for (let index = 0; index < n; index++) diagonal[index] = Math.abs(diagonal[index]);
    scaleByPowerOfTwo(diagonal, -exponent);
    return diagonal.sort().reverse();
  } finally {
    kernels?.finish();
  }
}

interface RawSvd {
  /** Singular values: unsorted, possibly negative. */
  readonly d: Float64Array;
  readonly left: Matrix;
  readonly right: Matrix;
}

/**
 * SVD of a tall (m ≥ n ≥ 1) matrix, overwriting it. With `kernels`, `tall` lives in that workspace
 * followed by one padding double, and U and V are returned as views into it.
 */
function tallSvd(tall: Matrix, full: boolean, kernels: KernelWorkspace | null): RawSvd {
  const m = tall.rows;
  const n = tall.cols;
  if (!full && n < DIVIDE_AND_CONQUER_MIN_SIZE && m >= QR_FIRST_ASPECT_RATIO * n && m > n) {
    const compact = householderQr(tall);
    const triangle = upperTriangle(compact.factors, n);
    const inner = bidiagonalSvd(triangle, n, n, n);
    const left = matmul(formQ(compact, n), new Matrix(n, n, inner.left));
    return { d: inner.d, left, right: new Matrix(n, n, inner.right) };
  }
  const leftColumns = full ? m : n;
  const { d, left, right } = bidiagonalSvd(tall.data, m, n, leftColumns, kernels);
  return { d, left: new Matrix(m, leftColumns, left), right: new Matrix(n, n, right) };
}

/**
 * Doubles the kernel workspace of `bidiagonalSvd` needs at its peak: the matrix, the
 * bidiagonalisation's vectors, U and V throughout, then either divide and conquer's scratch or both
 * back-transformations' blocked reflectors (they run side by side); 64 doubles cover the rounding
 * of each allocation to 16 bytes.
 */
function workspaceDoubles(m: number, n: number, leftColumns: number): number {
  const persistent = m * n + 1 + 3 * (n + 2) + m * leftColumns + n * n;
  const reflectors = reflectorScratch(m, n, leftColumns) + reflectorScratch(n, n - 2, n) + 16;
  return persistent + Math.max(divideAndConquerScratch(n), reflectors) + 64;
}

/**
 * Bidiagonalises `work` (m×n, m ≥ n) and diagonalises the bidiagonal, returning the singular values
 * (unsorted, possibly negative) with U (m×leftColumns) and V (n×n).
 */
function bidiagonalSvd(
  work: Float64Array,
  m: number,
  n: number,
  leftColumns: number,
  kernels: KernelWorkspace | null = null,
): { d: Float64Array; left: Float64Array; right: Float64Array } {
  const { diagonal, superdiagonal, leftScales, rightScales } = bidiagonalize(work, m, n, kernels);
  if (n >= DIVIDE_AND_CONQUER_MIN_SIZE) {
    // U = Q_L·[U_B 0; 0 I] and V = Q_R·W_B, with U_B and W_B written in place by divide and conquer.
    const left = kernels ? kernels.alloc(m * leftColumns) : new Float64Array(m * leftColumns);
    const right = kernels ? kernels.alloc(n * n) : new Float64Array(n * n);
    const values = new Float64Array(n);
    bidiagonalDivideAndConquerInto(
      diagonal,
      superdiagonal,
      0,
      { values, left, leftOffset: 0, leftStride: leftColumns },
      { right, rightOffset: 0, rightStride: n },
      kernels,
    );
    for (let i = n; i < leftColumns; i++) left[i * leftColumns + i] = 1;
    if (kernels) {
      // U's and V's back-transformations are independent: V's products are recorded and lent to
      // the helper thread (when there is one) while this thread does U's.
      const mark = kernels.mark();
      const commands = new KernelCommands();
      applyRightReflectors(work, n, rightScales, right, n, kernels, commands);
      const background = kernels.runInBackground(commands);
      applyLeftReflectors(work, m, n, leftScales, left, leftColumns, kernels);
      background.finish();
      kernels.release(mark);
    } else {
      applyLeftReflectors(work, m, n, leftScales, left, leftColumns);
      applyRightReflectors(work, n, rightScales, right, n);
    }
    return { d: values, left, right };
  }
  const left = formLeftVectors(work, m, n, leftScales, leftColumns);
  const right = formRightVectors(work, n, rightScales);
  bidiagonalQr(
    diagonal,
    superdiagonal,
    { data: left, rows: m, stride: leftColumns },
    { data: right, rows: n, stride: n },
  );
  return { d: diagonal, left, right };
}

/** Copies the n×n upper triangle of an (m×n) compact QR into its own array, zeros below. */
function upperTriangle(factors: Matrix, n: number): Float64Array {
  const triangle = new Float64Array(n * n);
  const source = factors.data;
  const stride = factors.cols;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) triangle[i * n + j] = source[i * stride + j];
  }
  return triangle;
}

/**
 * Makes the values non-negative (flipping U's column), orders them descending (permuting the
 * first k columns of U and V) and applies the sign convention documented on the result type.
 */
function finalize(d: Float64Array, u: Matrix, v: Matrix): SingularValueDecomposition {
  const k = d.length;
  // Every pass below walks rows: column-wise scans of a row-major matrix cost a cache miss per entry.
  const valueSigns = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    valueSigns[j] = d[j] < 0 ? -1 : 1;
    if (d[j] < 0) d[j] = -d[j];
  }
  const order = Array.from({ length: k }, (_, index) => index).sort((p, q) => d[q] - d[p] || p - q);
  const s = Float64Array.from(order, (index) => d[index]);
  const sortedV = permuteLeadingColumns(v, order, null);
  const vSigns = columnSigns(sortedV, 0);
  scaleColumns(sortedV, vSigns);
  // U's column j follows V's flip and the flip that made its singular value positive.
  const uFactors = new Float64Array(u.cols).fill(1);
  for (let j = 0; j < k; j++) uFactors[j] = valueSigns[order[j]!]! * vSigns[j]!;
  const sortedU = permuteLeadingColumns(u, order, uFactors);
  if (sortedU.cols > k) scaleColumns(sortedU, columnSigns(sortedU, k));
  return { u: sortedU, s, v: sortedV };
}

/**
 * A copy whose column j < order.length is column order[j] of `matrix` (times factors[j] when given);
 * later columns stay in place.
 */
function permuteLeadingColumns(
  matrix: Matrix,
  order: readonly number[],
  factors: Float64Array | null,
): Matrix {
  const { rows, cols, data } = matrix;
  const result = new Matrix(rows, cols);
  const out = result.data;
  const k = order.length;
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    if (factors) for (let j = 0; j < k; j++) out[row + j] = factors[j] * data[row + order[j]!];
    else for (let j = 0; j < k; j++) out[row + j] = data[row + order[j]!];
    for (let j = k; j < cols; j++) out[row + j] = data[row + j];
  }
  return result;
}

/**
 * −1 for each column from `from` on whose entry of largest magnitude (the first one on ties) is
 * negative, else 1 (columns before `from` get 1).
 */
function columnSigns(matrix: Matrix, from: number): Float64Array {
  const { rows, cols, data } = matrix;
  const best = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = from; j < cols; j++) {
      const value = data[row + j];
      if (Math.abs(value) > Math.abs(best[j])) best[j] = value;
    }
  }
  const signs = new Float64Array(cols);
  for (let j = 0; j < cols; j++) signs[j] = best[j] < 0 ? -1 : 1;
  return signs;
}

function scaleColumns(matrix: Matrix, factors: Float64Array): void {
  const { rows, cols, data } = matrix;
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) data[row + j] *= factors[j];
  }
}
