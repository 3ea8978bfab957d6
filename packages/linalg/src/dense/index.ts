export { cholesky, choleskySolve } from "./cholesky.js";
export { conditionNumber, spectralNorm } from "./condition.js";
export { add, hadamard, scale, subtract } from "./elementwise.js";
export { ConvergenceError, NotPositiveDefiniteError, SingularMatrixError } from "./errors.js";
export { leastSquares } from "./least-squares.js";
export { determinant, inverse, type LuDecomposition, luDecompose, luSolve, solve } from "./lu.js";
export { matmul, matmulTransposeA, matmulTransposeB, matvec, matvecTranspose } from "./matmul.js";
export { frobeniusNorm, trace } from "./norms.js";
export { fitPca, type PcaModel, type PcaOptions, pcaInverseTransform, pcaTransform } from "./pca.js";
export {
  comparePseudoinverses,
  type PseudoinverseComparison,
  type PseudoinverseOptions,
  pseudoinverse,
  pseudoinverseNormalEquations,
} from "./pseudoinverse.js";
export { type QrDecomposition, qr } from "./qr.js";
export { matrixOperator, type RandomizedSvdOptions, randomizedSvd } from "./randomized-svd.js";
export { type SingularValueDecomposition, type SvdOptions, singularValues, svd } from "./svd.js";
export { type SymmetricEigendecomposition, symmetricEigen } from "./symmetric-eigen.js";
export {
  type CompressionRow,
  type CompressionStorage,
  compressionStorage,
  compressionTable,
  largestSavingRank,
  lowRankApproximation,
  truncate,
  truncatedSvd,
} from "./truncated-svd.js";
