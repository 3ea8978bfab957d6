import { createRng, type Rng } from "@lab/core";
import {
  comparePseudoinverses,
  frobeniusNorm,
  matmul,
  matmulTransposeA,
  matmulTransposeB,
  pseudoinverse,
  pseudoinverseNormalEquations,
  subtract,
  svd,
  symmetricEigen,
  trace,
} from "../dense/index.js";
import { Matrix } from "../matrix.js";

/** One statement of CS155 set 5 part 1, checked numerically. */
export interface IdentityCheck {
  readonly problem: string;
  readonly statement: string;
  /** The measured quantity (a relative residual unless `detail` says otherwise). */
  readonly measured: number;
  /** The check holds when `measured` is at most this (or at least, for `expectLarge`). */
  readonly tolerance: number;
  readonly expectLarge?: boolean;
  readonly holds: boolean;
  readonly detail: string;
}

function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  const matrix = new Matrix(rows, cols);
  rng.fillNormal(matrix.data);
  return matrix;
}

function relativeDifference(a: Matrix, b: Matrix): number {
  const scale = Math.max(frobeniusNorm(a), frobeniusNorm(b), Number.MIN_VALUE);
  return frobeniusNorm(subtract(a, b)) / scale;
}

/** Columns 0..count-1 of `matrix`. */
function leadingColumns(matrix: Matrix, count: number): Matrix {
  const result = new Matrix(matrix.rows, count);
  for (let i = 0; i < matrix.rows; i++) {
    for (let j = 0; j < count; j++) result.data[i * count + j] = matrix.data[i * matrix.cols + j]!;
  }
  return result;
}

/** U·diag(s) for U with at least s.length columns (extra singular values are taken as 0). */
function scaleColumns(u: Matrix, s: ArrayLike<number>, rows: number, cols: number): Matrix {
  const result = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols && j < s.length; j++)
      result.data[i * cols + j] = u.data[i * u.cols + j]! * s[j]!;
  }
  return result;
}

function check(
  problem: string,
  statement: string,
  measured: number,
  tolerance: number,
  detail: string,
  expectLarge = false,
): IdentityCheck {
  const holds = expectLarge ? measured >= tolerance : measured <= tolerance;
  return { problem, statement, measured, tolerance, expectLarge, holds, detail };
}

/**
 * Problems A–J of set 5 part 1 as numerical checks on seeded random matrices (and on `x` for A and
 * B when given, e.g. an image). Each returns the measured residual and whether it is within tolerance.
 */
export function checkSvdPcaIdentities(options: { seed?: number; x?: Matrix } = {}): IdentityCheck[] {
  const rng = createRng(options.seed ?? 1);
  const checks: IdentityCheck[] = [];

  // A: X Xᵀ = U Σ² Uᵀ, so the columns of U are eigenvectors of X Xᵀ with eigenvalues σ².
  const x = options.x ?? randomMatrix(rng, 40, 60);
  const decomposition = svd(x);
  const gram = matmulTransposeB(x, x);
  const gramTimesU = matmul(gram, decomposition.u);
  const squared = decomposition.s.map((value) => value * value);
  const uTimesSigma2 = scaleColumns(decomposition.u, squared, x.rows, decomposition.u.cols);
  checks.push(
    check(
      "A",
      "X·Xᵀ·U = U·Σ²: the columns of U are the principal components (eigenvectors of X·Xᵀ)",
      relativeDifference(gramTimesU, uTimesSigma2),
      1e-12,
      `‖XXᵀU − UΣ²‖_F / ‖UΣ²‖_F on a ${x.rows}×${x.cols} matrix`,
    ),
  );
  const eigen = symmetricEigen(gram);
  let eigenGap = 0;
  for (let i = 0; i < squared.length; i++)
    eigenGap = Math.max(eigenGap, Math.abs(eigen.values[i]! - squared[i]!));
  checks.push(
    check(
      "A",
      "the eigenvalues of X·Xᵀ are the squared singular values of X",
      eigenGap / squared[0]!,
      1e-12,
      "max |λᵢ − σᵢ²| / σ₁²",
    ),
  );

  // B: X Xᵀ is positive semi-definite.
  const smallest = eigen.values[eigen.values.length - 1]!;
  checks.push(
    check(
      "B",
      "the eigenvalues of X·Xᵀ are non-negative (positive semi-definite)",
      Math.max(0, -smallest) / eigen.values[0]!,
      1e-13,
      `smallest eigenvalue ${smallest.toExponential(3)}; measured = max(0, −λmin)/λmax`,
    ),
  );

  // C: trace is invariant under cyclic permutations, for three and for four matrices.
  const [a, b, c, d] = [0, 1, 2, 3].map(() => randomMatrix(rng, 30, 30)) as [Matrix, Matrix, Matrix, Matrix];
  const traces3 = [
    trace(matmul(matmul(a, b), c)),
    trace(matmul(matmul(b, c), a)),
    trace(matmul(matmul(c, a), b)),
  ];
  const spread3 = (Math.max(...traces3) - Math.min(...traces3)) / Math.max(...traces3.map(Math.abs));
  checks.push(
    check(
      "C",
      "Tr(ABC) = Tr(BCA) = Tr(CAB)",
      spread3,
      1e-12,
      `traces ${traces3.map((t) => t.toFixed(6)).join(", ")}`,
    ),
  );
  const abcd = matmul(matmul(a, b), matmul(c, d));
  const traces4 = [
    trace(abcd),
    trace(matmul(matmul(b, c), matmul(d, a))),
    trace(matmul(matmul(c, d), matmul(a, b))),
  ];
  const spread4 = (Math.max(...traces4) - Math.min(...traces4)) / Math.max(...traces4.map(Math.abs));
  checks.push(
    check("C", "Tr(ABCD) = Tr(BCDA) = Tr(CDAB) (any number of matrices)", spread4, 1e-12, "relative spread"),
  );
  const notCyclic = Math.abs(trace(matmul(matmul(a, c), b)) - traces3[0]!) / Math.abs(traces3[0]!);
  checks.push(
    check(
      "C",
      "a non-cyclic order such as Tr(ACB) differs",
      notCyclic,
      1e-6,
      "|Tr(ACB) − Tr(ABC)| / |Tr(ABC)|",
      true,
    ),
  );

  // E–G: a tall X (D > N) of rank N; full versus thin SVD.
  const tall = randomMatrix(rng, 50, 20);
  const full = svd(tall, { full: true });
  const thin = svd(tall);
  const uSigmaFull = scaleColumns(full.u, full.s, tall.rows, tall.cols);
  const uSigmaThin = scaleColumns(thin.u, thin.s, tall.rows, tall.cols);
  checks.push(
    check(
      "E",
      "U·Σ = U′·Σ′ (the thin SVD keeps the first N columns)",
      relativeDifference(uSigmaFull, uSigmaThin),
      1e-12,
      "50×20, rank 20",
    ),
  );
  const uPrime = leadingColumns(full.u, tall.cols);
  checks.push(
    check(
      "G",
      "U′ᵀ·U′ = I (N×N): the columns of U′ are orthonormal",
      relativeDifference(matmulTransposeA(uPrime, uPrime), Matrix.identity(tall.cols)),
      1e-13,
      "‖U′ᵀU′ − I‖_F / ‖I‖_F",
    ),
  );
  const outer = matmulTransposeB(uPrime, uPrime);
  const fromIdentity = frobeniusNorm(subtract(outer, Matrix.identity(tall.rows)));
  checks.push(
    check(
      "F/G",
      "U′·U′ᵀ ≠ I (D×D): it projects onto an N-dimensional subspace, so it is ‖·‖ = √(D−N) away from I",
      fromIdentity,
      Math.sqrt(tall.rows - tall.cols) * (1 - 1e-9),
      `‖U′U′ᵀ − I‖_F = ${fromIdentity.toFixed(6)}, √(D−N) = ${Math.sqrt(tall.rows - tall.cols).toFixed(6)}`,
      true,
    ),
  );

  // H, I: the pseudoinverse three ways agree on a well-conditioned tall X.
  const inverseSigma = thin.s.map((value) => 1 / value);
  const vSigmaInverse = scaleColumns(thin.v, inverseSigma, thin.v.rows, thin.v.cols);
  const explicit = matmulTransposeB(vSigmaInverse, thin.u);
  checks.push(
    check(
      "H",
      "X⁺ = V·Σ⁺·Uᵀ = V·Σ⁻¹·Uᵀ when Σ is invertible",
      relativeDifference(pseudoinverse(tall), explicit),
      1e-12,
      "pinv (with tolerance) vs explicit VΣ⁻¹Uᵀ",
    ),
  );
  checks.push(
    check(
      "I",
      "(XᵀX)⁻¹·Xᵀ = V·Σ⁻¹·Uᵀ for full-rank X",
      relativeDifference(pseudoinverseNormalEquations(tall), explicit),
      1e-10,
      `κ(X) = ${(thin.s[0]! / thin.s[thin.s.length - 1]!).toFixed(2)}`,
    ),
  );

  // J: the normal equations square the condition number.
  const conditioned = matrixWithCondition(rng, 40, 10, 1e6);
  const comparison = comparePseudoinverses(conditioned);
  checks.push(
    check(
      "J",
      "κ(XᵀX) = κ(X)²",
      Math.abs(comparison.kappaXtX / comparison.kappaX ** 2 - 1),
      1e-3,
      `κ(X) = ${comparison.kappaX.toExponential(3)}, κ(XᵀX) = ${comparison.kappaXtX.toExponential(3)}`,
    ),
  );
  checks.push(
    check(
      "J",
      "so the normal-equations pseudoinverse loses about κ(X) times more accuracy than the SVD one",
      comparison.residualNormalEquations / comparison.residualSvd,
      100,
      `residual ‖X⁺X − I‖: SVD ${comparison.residualSvd.toExponential(2)}, normal equations ${comparison.residualNormalEquations.toExponential(2)} (κ(X) = 1e6)`,
      true,
    ),
  );
  return checks;
}

/** A rows×cols matrix U·diag(σ)·Vᵀ with random orthonormal U, V and σ spaced geometrically from 1 to 1/κ. */
export function matrixWithCondition(rng: Rng, rows: number, cols: number, kappa: number): Matrix {
  const left = svd(randomMatrix(rng, rows, cols)).u;
  const right = svd(randomMatrix(rng, cols, cols)).u;
  const sigma = Float64Array.from({ length: cols }, (_, i) => kappa ** (-i / Math.max(1, cols - 1)));
  return matmulTransposeB(scaleColumns(left, sigma, rows, cols), right);
}

export interface PseudoinverseStabilityRow {
  readonly kappaX: number;
  readonly kappaXtX: number;
  readonly residualSvd: number;
  readonly residualNormalEquations: number;
  readonly normalEquationsFailure: string | null;
}

/** Problem J across condition numbers: both pseudoinverse residuals as κ(X) grows. */
export function pseudoinverseStability(
  kappas: readonly number[] = [1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e10, 1e12],
  options: { seed?: number; rows?: number; cols?: number } = {},
): PseudoinverseStabilityRow[] {
  const rng = createRng(options.seed ?? 1);
  return kappas.map((kappa) => {
    const comparison = comparePseudoinverses(
      matrixWithCondition(rng, options.rows ?? 40, options.cols ?? 10, kappa),
    );
    return {
      kappaX: comparison.kappaX,
      kappaXtX: comparison.kappaXtX,
      residualSvd: comparison.residualSvd,
      residualNormalEquations: comparison.residualNormalEquations,
      normalEquationsFailure: comparison.normalEquationsFailure,
    };
  });
}
