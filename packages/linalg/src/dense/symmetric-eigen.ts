import { Matrix } from "../matrix.js";
import { formRightVectors } from "./bidiagonalize.js";
import { ConvergenceError } from "./errors.js";
import { applyRotationsForward } from "./rotations.js";
import { assertFinite, assertSymmetric } from "./validate.js";

const EPSILON = Number.EPSILON;

export interface SymmetricEigendecomposition {
  /** Eigenvalues, descending. */
  readonly values: Float64Array;
  /**
   * n×n orthogonal matrix whose column j is the unit eigenvector of values[j]; each column's
   * largest-magnitude entry is positive (first on ties), so results are deterministic.
   */
  readonly vectors: Matrix;
}

/**
 * A = V·diag(λ)·Vᵀ for a real symmetric A: Householder tridiagonalisation, then implicit QR sweeps
 * with Wilkinson shifts on the tridiagonal (Golub & Van Loan, Algorithms 8.3.1 and 8.3.3), the
 * rotations accumulated into the Householder basis. O(n³) with a small constant: about 2n³ for the
 * reduction (full storage, both triangles updated) plus about 6n³ for the rotations.
 * Eigenvalues are accurate to about ε·‖A‖ in absolute terms.
 */
export function symmetricEigen(a: Matrix, options: { vectors?: boolean } = {}): SymmetricEigendecomposition {
  assertSymmetric(a, "symmetricEigen");
  assertFinite(a, "symmetricEigen");
  const wantVectors = options.vectors ?? true;
  const n = a.rows;
  const work = a.clone().data;
  const { diagonal, offDiagonal, scales } = tridiagonalize(work, n);
  const q = wantVectors ? formRightVectors(work, n, scales) : null;
  tridiagonalQr(diagonal, offDiagonal, q, n);
  const order = Array.from({ length: n }, (_, index) => index).sort(
    (p, r) => diagonal[r] - diagonal[p] || p - r,
  );
  const values = Float64Array.from(order, (index) => diagonal[index]);
  const vectors = new Matrix(n, wantVectors ? n : 0);
  if (q) {
    const out = vectors.data;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = q[i * n + order[j]];
    for (let j = 0; j < n; j++) {
      let largest = 0;
      for (let i = 0; i < n; i++) if (Math.abs(out[i * n + j]) > Math.abs(largest)) largest = out[i * n + j];
      if (largest < 0) for (let i = 0; i < n; i++) out[i * n + j] = -out[i * n + j];
    }
  }
  return { values, vectors };
}

/**
 * Reduces the symmetric `work` (n×n, row-major, full storage) to tridiagonal form Qᵀ·A·Q in place.
 * Reflector k zeroes row/column k beyond the first off-diagonal; its vector is left in row k from
 * column k+2 on, the layout `formRightVectors` reads.
 *
 * Per step the trailing block gets the rank-2 update A −= v·wᵀ + w·vᵀ, and the next reflector needs
 * A·v' over the updated block. Row k+1 is updated first, the next reflector built from it, and then
 * every later row is updated and immediately dotted with v' while it is in cache: one pass per step.
 */
function tridiagonalize(
  work: Float64Array,
  n: number,
): { diagonal: Float64Array; offDiagonal: Float64Array; scales: Float64Array } {
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(Math.max(n - 1, 0));
  const scales = new Float64Array(n);
  let vector = new Float64Array(n);
  let nextVector = new Float64Array(n);
  const product = new Float64Array(n);
  const update = new Float64Array(n);
  let scale = 0;
  if (n >= 3) {
    scale = rowReflector(work, n, 0, vector);
    multiplyBlock(work, n, 1, vector, product);
  }

  for (let k = 0; k + 2 < n; k++) {
    const first = k + 1;
    const size = n - first;
    scales[k] = scale;
    offDiagonal[k] = work[k * n + first];
    diagonal[k] = work[k * n + k];
    // w = τ·A·v − (τ²/2)(vᵀA·v)·v, so that H·A·H = A − v·wᵀ − w·vᵀ on the block.
    let vDotProduct = 0;
    for (let j = 0; j < size; j++) vDotProduct += vector[j] * product[j];
    const correction = 0.5 * scale * scale * vDotProduct;
    for (let j = 0; j < size; j++) update[j] = scale * product[j] - correction * vector[j];

    // Row `first` goes first because the next reflector is built from it.
    const hasNext = first + 2 < n;
    updateRow(work, n, first, first, size, vector, update, 0);
    const nextScale = hasNext ? rowReflector(work, n, first, nextVector) : 0;
    for (let i = first + 1; i < n; i++) {
      updateRow(work, n, i, first, size, vector, update, i - first);
      if (hasNext) {
        // (A·v')_i over the next block (columns first+1…), v'₀ = 1 sitting at column first+1.
        const rowStart = i * n + first + 1;
        let dot = 0;
        for (let j = 0; j + 1 < size; j++) dot += work[rowStart + j] * nextVector[j];
        product[i - first - 1] = dot;
      }
    }
    const held = vector;
    vector = nextVector;
    nextVector = held;
    scale = nextScale;
  }
  for (let k = Math.max(n - 2, 0); k < n; k++) {
    diagonal[k] = work[k * n + k];
    if (k + 1 < n) offDiagonal[k] = work[k * n + k + 1];
  }
  return { diagonal, offDiagonal, scales };
}

/**
 * Householder reflector zeroing row k beyond column k+1 (the symmetric column is never read again).
 * Writes β in place of A[k, k+1] and v's explicit entries into A[k, k+2…] and into `out` (with the
 * implicit leading 1 at out[0]); returns τ.
 */
function rowReflector(work: Float64Array, n: number, k: number, out: Float64Array): number {
  const start = k * n + k + 1;
  const length = n - k - 1;
  const alpha = work[start];
  let tailSquares = 0;
  let largest = 0;
  for (let j = 1; j < length; j++) largest = Math.max(largest, Math.abs(work[start + j]));
  out[0] = 1;
  if (largest === 0) {
    for (let j = 1; j < length; j++) out[j] = 0;
    return 0;
  }
  // Scaled sum of squares: symmetric inputs are not pre-normalised like the SVD's.
  for (let j = 1; j < length; j++) {
    const value = work[start + j] / largest;
    tailSquares += value * value;
  }
  const norm = largest * Math.hypot(alpha / largest, Math.sqrt(tailSquares));
  const beta = alpha > 0 ? -norm : norm;
  const vectorScale = 1 / (alpha - beta);
  for (let j = 1; j < length; j++) {
    work[start + j] *= vectorScale;
    out[j] = work[start + j];
  }
  work[start] = beta;
  return (beta - alpha) / beta;
}

/** product = A[first:, first:]·v for the initial reflector (later ones are fused into the update pass). */
function multiplyBlock(
  work: Float64Array,
  n: number,
  first: number,
  v: Float64Array,
  product: Float64Array,
): void {
  const size = n - first;
  for (let i = 0; i < size; i++) {
    const row = (first + i) * n + first;
    let dot = 0;
    for (let j = 0; j < size; j++) dot += work[row + j] * v[j];
    product[i] = dot;
  }
}

/** Row i of the block (columns first…): a_ij −= v_i·w_j + w_i·v_j, with i at block index `blockRow`. */
function updateRow(
  work: Float64Array,
  n: number,
  i: number,
  first: number,
  size: number,
  v: Float64Array,
  w: Float64Array,
  blockRow: number,
): void {
  const vi = v[blockRow];
  const wi = w[blockRow];
  const row = i * n + first;
  for (let j = 0; j < size; j++) work[row + j] -= vi * w[j] + wi * v[j];
}

/**
 * Diagonalises the symmetric tridiagonal (d, e) by implicit Wilkinson-shifted QR sweeps, applying
 * each sweep's rotations to q's columns (n×n, row-major) in one row-chain pass.
 */
function tridiagonalQr(d: Float64Array, e: Float64Array, q: Float64Array | null, n: number): void {
  if (n <= 1) return;
  const cosines = new Float64Array(n);
  const sines = new Float64Array(n);
  const sweepLimit = 40 * n + 100;
  let sweeps = 0;
  let hi = n - 1;
  for (;;) {
    for (let i = 0; i < hi; i++) {
      if (Math.abs(e[i]) <= EPSILON * (Math.abs(d[i]) + Math.abs(d[i + 1]))) e[i] = 0;
    }
    while (hi > 0 && e[hi - 1] === 0) hi--;
    if (hi === 0) return;
    let lo = hi - 1;
    while (lo > 0 && e[lo - 1] !== 0) lo--;
    if (++sweeps > sweepLimit) {
      throw new ConvergenceError(
        `symmetric eigendecomposition did not converge after ${sweepLimit} QR sweeps`,
      );
    }

    // Wilkinson shift: the eigenvalue of the trailing 2×2 closer to its last diagonal entry.
    const half = (d[hi - 1] - d[hi]) / 2;
    const coupling = e[hi - 1];
    const root = Math.hypot(half, coupling);
    const shift = d[hi] - (coupling * coupling) / (half >= 0 ? half + root : half - root);

    let x = d[lo] - shift;
    let z = e[lo];
    for (let k = lo; k < hi; k++) {
      const r = Math.hypot(x, z);
      const c = r === 0 ? 1 : x / r;
      const s = r === 0 ? 0 : z / r;
      if (k > lo) e[k - 1] = r;
      // Gᵀ·[[a, b], [b, f]]·G on rows/columns k, k+1.
      const a = d[k];
      const b = e[k];
      const f = d[k + 1];
      const cc = c * c;
      const ss = s * s;
      const cs2b = 2 * c * s * b;
      d[k] = cc * a + cs2b + ss * f;
      d[k + 1] = ss * a - cs2b + cc * f;
      e[k] = c * s * (f - a) + (cc - ss) * b;
      cosines[k - lo] = c;
      sines[k - lo] = s;
      if (k + 1 < hi) {
        // The rotation pushes the bulge to (k, k+2).
        x = e[k];
        z = s * e[k + 1];
        e[k + 1] = c * e[k + 1];
      }
    }
    if (q) applyRotationsForward(q, n, n, lo, hi - lo, cosines, sines);
  }
}
