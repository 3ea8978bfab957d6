export { formatMatrixCsv, parseMatrixCsv, readMatrixCsv, writeMatrixCsv } from "./matrix-csv.js";
