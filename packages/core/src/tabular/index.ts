export type { DelimitedOptions, TextEncoding } from "./delimited-options.js";
export { parseFloatList } from "./float-list.js";
export { parseDelimited, readDelimitedFile, type Table } from "./parse-delimited.js";
export { formatPythonLiteral } from "./python-format.js";
export {
  type LiteralLocation,
  type PyValue,
  parsePythonLiteral,
  parsePythonStringList,
} from "./python-literal.js";
export {
  type CellValue,
  type ColumnType,
  type ColumnTypes,
  type ColumnValue,
  type ReadRecordsOptions,
  readRecords,
  type TypedRecord,
  tableToRecords,
} from "./records.js";
export { type DelimitedRowStream, streamDelimitedFile } from "./stream-delimited.js";
