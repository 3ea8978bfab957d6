import { DataFormatError, InvalidArgumentError } from "../errors.js";
import type { DelimitedOptions } from "./delimited-options.js";
import { locateInRecord } from "./field-locator.js";
import { parseFloatListText } from "./float-list.js";
import { readDelimitedFile, sourceOfTable, type Table } from "./parse-delimited.js";
import {
  LiteralSyntaxError,
  type PyValue,
  parseListCell,
  parseLiteralText,
  setOwn,
} from "./python-literal.js";
import { windowAtLine } from "./source-text.js";
import type { TextPosition } from "./text-position.js";

/**
 * How readRecords converts a column's cells. Every type but "string" turns an empty cell into
 * null (and so does a whitespace-only cell, except for "optional-string", which keeps it).
 * - "string": the text as it is ("" stays "").
 * - "optional-string": the text, null when empty.
 * - "number": a float, in any form Python's float() reads (`1e-05`, `inf`, `nan`, `1_000.5`).
 * - "integer": a whole number; `3.0` is accepted since pandas writes integer columns holding
 *   missing values as floats. Must be exact in a double (|n| <= 2^53 - 1).
 * - "python": any Python literal (parsePythonLiteral).
 * - "python-list": a Python list or tuple literal, as an array; a bare value such as `wikipedia`
 *   (pandas writes str values of a column mixing lists and strings as plain text) is a one-item
 *   array; another literal (a dict, a quoted string) is an error. See parseListCell.
 * - "float-list": a list of numbers as a Float32Array (parseFloatList), fast enough for
 *   embedding columns.
 */
export type ColumnType =
  | "string"
  | "number"
  | "integer"
  | "python"
  | "python-list"
  | "float-list"
  | "optional-string";

/** Column name to type; columns not listed are "string". */
export type ColumnTypes = Record<string, ColumnType>;

/** What a cell of type T becomes. */
export type ColumnValue<T extends ColumnType> = T extends "string"
  ? string
  : T extends "optional-string"
    ? string | null
    : T extends "number" | "integer"
      ? number | null
      : T extends "python"
        ? PyValue
        : T extends "python-list"
          ? PyValue[] | null
          : Float32Array | null;

/** Any converted cell. A cell missing from a short row (relaxColumnCount) is null. */
export type CellValue = string | number | PyValue | Float32Array | null;

/** One row as an object keyed by column name, typed by the column types given. */
export type TypedRecord<T extends ColumnTypes> = { [K in keyof T]: ColumnValue<T[K]> } & {
  [column: string]: CellValue;
};

export interface ReadRecordsOptions<T extends ColumnTypes = ColumnTypes>
  extends Omit<DelimitedOptions, "header"> {
  /** Records are keyed by the header row, which is therefore required. */
  header?: true;
  types?: T;
}

/**
 * Reads a delimited file with a header row (or takes a parsed Table with columns) and returns one
 * object per row, cells converted by `options.types`. When given a Table, only `types` applies.
 * Cells beyond the header's columns (relaxColumnCount) are ignored.
 *
 * @throws DataFormatError naming file, line and column of the first cell that does not convert.
 * @throws InvalidArgumentError when a typed column does not exist, or a table has no header.
 */
export async function readRecords<T extends ColumnTypes = ColumnTypes>(
  source: string | Table,
  options: ReadRecordsOptions<T> = {},
): Promise<TypedRecord<T>[]> {
  if ((options.header as boolean | undefined) === false) {
    throw new InvalidArgumentError(
      "readRecords keys records by the header row; header: false is not possible",
    );
  }
  const table =
    typeof source === "string" ? await readDelimitedFile(source, { ...options, header: true }) : source;
  return tableToRecords(table, options);
}

/** readRecords for a Table already in memory, synchronously. */
export function tableToRecords<T extends ColumnTypes = ColumnTypes>(
  table: Table,
  options: { types?: T } = {},
): TypedRecord<T>[] {
  const { columns, rows } = table;
  if (columns === null) {
    throw new InvalidArgumentError(
      `${table.source}: records need column names; parse the table with header: true`,
    );
  }
  const types: ColumnTypes = options.types ?? {};
  for (const name of Object.keys(types)) {
    if (!columns.includes(name)) {
      throw new InvalidArgumentError(
        `${table.source}: no column ${JSON.stringify(name)} to convert; the columns are ${columns.map((column) => JSON.stringify(column)).join(", ")}`,
      );
    }
    if (!(types[name] in CONVERTERS)) {
      throw new InvalidArgumentError(
        `unknown column type ${JSON.stringify(types[name])} for ${JSON.stringify(name)}; use one of ${Object.keys(CONVERTERS).join(", ")}`,
      );
    }
  }
  const converters = columns.map((name) => CONVERTERS[Object.hasOwn(types, name) ? types[name] : "string"]);
  const records = new Array<TypedRecord<T>>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const record: { [column: string]: CellValue } = {};
    for (let c = 0; c < columns.length; c++) {
      const cell = row[c];
      let value: CellValue;
      if (cell === undefined) value = null;
      else {
        try {
          value = converters[c](cell);
        } catch (error) {
          throw cellError(error, table, r, c, cell);
        }
      }
      setOwn(record, columns[c], value);
    }
    records[r] = record as TypedRecord<T>;
  }
  return records;
}

type Converter = (cell: string) => CellValue;

/** Whether the cell is empty or only ASCII whitespace; scans instead of trim() to copy no big cells. */
function isBlank(cell: string): boolean {
  for (let i = 0; i < cell.length; i++) {
    const code = cell.charCodeAt(i);
    if (code !== 32 && (code < 9 || code > 13)) return false;
  }
  return true;
}

const CONVERTERS: Record<ColumnType, Converter> = {
  string: (cell) => cell,
  "optional-string": (cell) => (cell === "" ? null : cell),
  number: (cell) => (isBlank(cell) ? null : parseNumberCell(cell)),
  integer: (cell) => (isBlank(cell) ? null : parseIntegerCell(cell)),
  python: (cell) => (isBlank(cell) ? null : parseLiteralText(cell)),
  "python-list": parseListCell,
  "float-list": (cell) => (isBlank(cell) ? null : parseFloatListText(cell)),
};

// Python's float() syntax: digits with single underscores between them, optional fraction and
// exponent; or inf, infinity, nan in any case. Number() alone would also take "0x10" and "".
const DECIMAL = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;

function parseNumberCell(cell: string): number {
  const text = cell.trim();
  if (DECIMAL.test(text)) return Number(text.replaceAll("_", ""));
  if (SPECIAL.test(text)) {
    const negative = text.startsWith("-");
    if (/nan/i.test(text)) return Number.NaN;
    return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  throw new LiteralSyntaxError(`${JSON.stringify(cell)} is not a number`, leadingSpace(cell));
}

function parseIntegerCell(cell: string): number {
  const text = cell.trim();
  if (!DECIMAL.test(text))
    throw new LiteralSyntaxError(`${JSON.stringify(cell)} is not an integer`, leadingSpace(cell));
  const value = Number(text.replaceAll("_", ""));
  if (!Number.isInteger(value))
    throw new LiteralSyntaxError(`${JSON.stringify(cell)} is not an integer`, leadingSpace(cell));
  if (!Number.isSafeInteger(value)) {
    throw new LiteralSyntaxError(
      `${JSON.stringify(cell)} is too large to hold exactly (beyond 2^53)`,
      leadingSpace(cell),
    );
  }
  return value;
}

function leadingSpace(cell: string): number {
  return cell.length - cell.trimStart().length;
}

/**
 * Positions a conversion error in the file: the row's line from table.lines, the column by
 * re-walking the row's raw text when the table still knows it.
 */
function cellError(error: unknown, table: Table, row: number, column: number, cell: string): unknown {
  if (!(error instanceof LiteralSyntaxError)) return error;
  const name = table.columns?.[column] ?? String(column + 1);
  const detail = `column ${JSON.stringify(name)}: ${error.detail}`;
  const line = table.lines?.[row];
  if (line === undefined) {
    return new DataFormatError(`row ${row + 1}, ${detail}`, table.source);
  }
  const position = positionOfCellOffset(table, line, column, cell, error.offset);
  return new DataFormatError(detail, table.source, position?.line ?? line, position?.column);
}

function positionOfCellOffset(
  table: Table,
  line: number,
  column: number,
  cell: string,
  offset: number,
): TextPosition | undefined {
  const origin = sourceOfTable(table);
  if (origin === undefined) return undefined;
  const window = windowAtLine(origin.text, line);
  if (window === undefined) return undefined;
  return locateInRecord(window, origin.syntax, column, {
    kind: "cell-offset",
    offset: Math.min(offset, cell.length),
  });
}
