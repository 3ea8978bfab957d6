import { InvalidArgumentError } from "@lab/core";
import { Matrix } from "../matrix.js";
import { formLeftVectors } from "./bidiagonalize.js";
import { multiplyByPowerOfTwo, normalizingExponent, scaleByPowerOfTwo } from "./scaling.js";

/**
 * A Householder QR factorisation in compact form: `factors` holds R on and above the diagonal and
 * the reflector vectors (without their implicit leading 1) below it; `tau` has one scale per reflector.
 */
export interface CompactQr {
  readonly factors: Matrix;
  readonly tau: Float64Array;
}

export interface QrDecomposition {
  /** m×k with orthonormal columns (k = min(m, n), thin) or m×m orthogonal (full). */
  readonly q: Matrix;
  /** k×n (thin) or m×n (full), upper triangular (zero below the diagonal). */
  readonly r: Matrix;
}

/**
 * A = Q·R by Householder reflections, the stable way to orthogonalise (unlike Gram–Schmidt, Q stays
 * orthonormal to rounding even for ill-conditioned A). `thin` (default) gives Q with min(m, n)
 * columns; `full` gives the square m×m Q. R's diagonal may be negative.
 */
export function qr(a: Matrix, options: { mode?: "thin" | "full" } = {}): QrDecomposition {
  const mode = options.mode ?? "thin";
  if (mode !== "thin" && mode !== "full") {
    throw new InvalidArgumentError(`qr mode must be "thin" or "full", got ${String(mode)}`);
  }
  const compact = householderQr(a);
  const m = a.rows;
  const n = a.cols;
  const qColumns = mode === "full" ? m : Math.min(m, n);
  const q = formQ(compact, qColumns);
  const r = new Matrix(qColumns, n);
  const factors = compact.factors.data;
  for (let i = 0; i < Math.min(qColumns, n); i++) {
    for (let j = i; j < n; j++) r.data[i * n + j] = factors[i * n + j];
  }
  return { q, r };
}

/**
 * Householder QR of a copy of `a`, reflectors kept in compact form (LAPACK's dgeqrf layout).
 *
 * One pass over the trailing matrix per reflector, as in `bidiagonalize`: while each row is updated
 * it also contributes to the next column's norm and to the next reflector's product with the matrix
 * (which is affine in the raw column, so it can be summed before the reflector is known). Rows go
 * four at a time to share loads. The input is first scaled by a power of two (exact) so the plain
 * sums of squares can neither overflow nor underflow; R is scaled back at the end.
 */
export function householderQr(a: Matrix): CompactQr {
  const factors = a.clone();
  const m = a.rows;
  const n = a.cols;
  const data = factors.data;
  const reflectorCount = Math.min(m, n);
  const tau = new Float64Array(reflectorCount);
  const exponent = normalizingExponent(data);
  scaleByPowerOfTwo(data, exponent);
  // Σ_{i>k} x_i·A[i, k+1:] and Σ_{i>k} x_i² for the current column x = A[k:, k].
  const tailProducts = new Float64Array(n);
  const projection = new Float64Array(n);
  let tailSquares = 0;
  for (let i = 1; i < m; i++) {
    const row = i * n;
    const x = data[row];
    tailSquares += x * x;
    for (let j = 1; j < n; j++) tailProducts[j - 1] += x * data[row + j];
  }

  for (let k = 0; k < reflectorCount; k++) {
    const diagonal = k * n + k;
    const width = n - k - 1;
    const alpha = data[diagonal];
    let scale = 0;
    if (tailSquares > 0) {
      const norm = Math.sqrt(alpha * alpha + tailSquares);
      const beta = alpha > 0 ? -norm : norm;
      scale = (beta - alpha) / beta;
      const vectorScale = 1 / (alpha - beta);
      for (let i = k + 1; i < m; i++) data[i * n + k] *= vectorScale;
      data[diagonal] = beta;
      for (let j = 0; j < width; j++) {
        const projected = data[diagonal + 1 + j] + vectorScale * tailProducts[j];
        projection[j] = projected;
        data[diagonal + 1 + j] -= scale * projected;
      }
    } else {
      projection.fill(0, 0, width);
    }
    tau[k] = scale;
    tailSquares = 0;
    tailProducts.fill(0, 0, width);
    if (width === 0 || k + 1 >= m) continue;
    // Row k+1 is the next pivot row: updated, but not part of the next column's tail.
    updateQrRow(data, (k + 1) * n + k + 1, width, scale * data[(k + 1) * n + k], projection);
    let i = k + 2;
    for (; i + 3 < m; i += 4) {
      const row0 = i * n + k + 1;
      const row1 = row0 + n;
      const row2 = row1 + n;
      const row3 = row2 + n;
      const factor0 = scale * data[row0 - 1];
      const factor1 = scale * data[row1 - 1];
      const factor2 = scale * data[row2 - 1];
      const factor3 = scale * data[row3 - 1];
      const first = projection[0];
      const x0 = data[row0] - factor0 * first;
      const x1 = data[row1] - factor1 * first;
      const x2 = data[row2] - factor2 * first;
      const x3 = data[row3] - factor3 * first;
      data[row0] = x0;
      data[row1] = x1;
      data[row2] = x2;
      data[row3] = x3;
      tailSquares += x0 * x0 + x1 * x1 + (x2 * x2 + x3 * x3);
      for (let j = 1; j < width; j++) {
        const p = projection[j];
        const value0 = data[row0 + j] - factor0 * p;
        const value1 = data[row1 + j] - factor1 * p;
        const value2 = data[row2 + j] - factor2 * p;
        const value3 = data[row3 + j] - factor3 * p;
        data[row0 + j] = value0;
        data[row1 + j] = value1;
        data[row2 + j] = value2;
        data[row3 + j] = value3;
        tailProducts[j - 1] += x0 * value0 + x1 * value1 + (x2 * value2 + x3 * value3);
      }
    }
    for (; i < m; i++) {
      const row = i * n + k + 1;
      const x = updateQrRow(data, row, width, scale * data[row - 1], projection);
      tailSquares += x * x;
      for (let j = 1; j < width; j++) tailProducts[j - 1] += x * data[row + j];
    }
  }
  // R (on and above the diagonal) back to the input's scale; the reflectors are scale-free.
  for (let i = 0; i < reflectorCount; i++) {
    for (let j = i; j < n; j++) data[i * n + j] = multiplyByPowerOfTwo(data[i * n + j], -exponent);
  }
  return { factors, tau };
}

/** row −= factor·projection over `width` entries; returns the row's first entry. */
function updateQrRow(
  data: Float64Array,
  row: number,
  width: number,
  factor: number,
  projection: Float64Array,
): number {
  for (let j = 0; j < width; j++) data[row + j] -= factor * projection[j];
  return data[row];
}

/**
 * The first `columns` columns of Q = H₀·H₁⋯ (m×columns, min(m, n) ≤ columns ≤ m), accumulated
 * backwards so each reflector only touches the trailing block it can change.
 */
export function formQ(compact: CompactQr, columns: number): Matrix {
  const { factors, tau } = compact;
  return new Matrix(
    factors.rows,
    columns,
    formLeftVectors(factors.data, factors.rows, factors.cols, tau, columns, tau.length),
  );
}

/** Overwrites `rhs` (m×c) with Qᵀ·rhs without forming Q. */
export function applyQTranspose(compact: CompactQr, rhs: Matrix): void {
  const { factors, tau } = compact;
  const m = factors.rows;
  const n = factors.cols;
  const c = rhs.cols;
  const source = factors.data;
  const out = rhs.data;
  const projection = new Float64Array(c);
  for (let k = 0; k < tau.length; k++) {
    const scale = tau[k];
    if (scale === 0) continue;
    for (let j = 0; j < c; j++) projection[j] = out[k * c + j];
    for (let i = k + 1; i < m; i++) {
      const v = source[i * n + k];
      for (let j = 0; j < c; j++) projection[j] += v * out[i * c + j];
    }
    for (let j = 0; j < c; j++) out[k * c + j] -= scale * projection[j];
    for (let i = k + 1; i < m; i++) {
      const factor = scale * source[i * n + k];
      for (let j = 0; j < c; j++) out[i * c + j] -= factor * projection[j];
    }
  }
}
