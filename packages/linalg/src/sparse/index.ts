export { CsrMatrix, type FromTripletsOptions, type RowNorm } from "./csr-matrix.js";
export type { LinearOperator } from "./linear-operator.js";
