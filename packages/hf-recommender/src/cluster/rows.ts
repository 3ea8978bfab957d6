import { InvalidArgumentError } from "@lab/core";
import { CsrMatrix, Matrix } from "@lab/linalg";

/** What every clustering function accepts: sparse rows (one-hot, counts, TF-IDF) or a dense matrix. */
export type ClusterRows = CsrMatrix | Matrix;

/**
 * The rows as CSR without stored zeros. Dense input is converted (its zeros dropped), so one set of
 * kernels serves both; on dense data that costs one index per value, which the clustering kernels
 * read anyway. `what` names the function in error messages.
 */
export function toCsrRows(rows: ClusterRows, what: string): CsrMatrix {
  if (rows instanceof CsrMatrix) {
    if (rows.rows === 0) throw new InvalidArgumentError(`${what}: the input has no rows`);
    return rows.eliminateZeros();
  }
  if (rows instanceof Matrix) {
    if (rows.rows === 0) throw new InvalidArgumentError(`${what}: the input has no rows`);
    const { data } = rows;
    for (let t = 0; t < data.length; t++) {
      if (!Number.isFinite(data[t]!)) {
        const row = Math.floor(t / rows.cols);
        throw new InvalidArgumentError(
          `${what}: row ${row}, column ${t - row * rows.cols} is ${data[t]}; every value must be finite`,
        );
      }
    }
    return CsrMatrix.fromDense(rows);
  }
  throw new InvalidArgumentError(`${what}: rows must be a @lab/linalg CsrMatrix or Matrix`);
}

/** Squared L2 norm of every row, summed in column order (the order scikit-learn's row_norms uses). */
export function squaredRowNorms(matrix: CsrMatrix): Float64Array {
  const { indptr, values } = matrix;
  const out = new Float64Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) {
    let sum = 0;
    for (let t = indptr[i]!; t < indptr[i + 1]!; t++) sum += values[t]! * values[t]!;
    out[i] = sum;
  }
  return out;
}

export function checkPositiveInteger(value: unknown, name: string, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${what}: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** Number of distinct labels ≥ 0 and the size of each (labels are 0..clusters−1, −1 for noise). */
export function clusterSizes(labels: Int32Array): { sizes: number[]; noise: number } {
  const sizes: number[] = [];
  let noise = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label < 0) {
      noise++;
      continue;
    }
    while (sizes.length <= label) sizes.push(0);
    sizes[label]!++;
  }
  return { sizes, noise };
}
