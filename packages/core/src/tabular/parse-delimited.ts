import { parse as parseCsv } from "csv-parse/sync";
import { DataFormatError, InvalidArgumentError } from "../errors.js";
import { readFileOrExplain } from "../fs.js";
import { describeCsvError, failureToError, RecordLineTracker } from "./csv-failure.js";
import { describeInvalidUtf8, InvalidUtf8Error, positionOfByte, prepareBytes } from "./decode.js";
import {
  type DelimitedOptions,
  type DelimitedSyntax,
  resolveDelimitedOptions,
  type TextEncoding,
  toCsvParseOptions,
} from "./delimited-options.js";
import { locateInRecord, type TextWindow } from "./field-locator.js";
import { type SourceText, windowAtLine } from "./source-text.js";

/** Rows of delimited text, every field a string. */
export interface Table {
  /**
   * Column names from the header row, or null when read without a header. An empty first name,
   * pandas' unnamed index column, is named "Unnamed: 0" as pandas names it.
   */
  columns: string[] | null;
  /** The data rows (the header row excluded). */
  rows: string[][];
  /** Name used in error messages: the file path, or the `source` option. */
  source: string;
  /**
   * 1-based line on which each row starts, parallel to `rows`; set by the parsers. Rows can span
   * lines (quoted line breaks) and skipped empty or comment lines shift them, so a row's index
   * does not give its line.
   */
  lines?: number[];
}

/**
 * The text each parsed table came from, so that later errors about a cell (readRecords) can name
 * its column. Held weakly: it lives as long as the table does.
 */
const tableSources = new WeakMap<Table, { text: SourceText; syntax: DelimitedSyntax }>();

/** The source text and syntax of a table made by parseDelimited or readDelimitedFile. */
export function sourceOfTable(table: Table): { text: SourceText; syntax: DelimitedSyntax } | undefined {
  return tableSources.get(table);
}

/**
 * Parses delimited text: CSV, TSV, `|`- or `::`-separated files. LF, CRLF and CR-only line endings
 * all work, mixed too. Bytes are decoded with `options.encoding` (UTF-8 by default, strictly: an
 * invalid byte is an error, not a replacement character).
 *
 * The returned table keeps a reference to `input` so that later errors about its cells can name
 * the column; drop the table to release it.
 *
 * @throws DataFormatError naming source, line and column for malformed input: an unclosed quote,
 * a row with a different field count than the first (unless relaxColumnCount), stray quotes,
 * invalid UTF-8, an empty or duplicate header name.
 * @throws InvalidArgumentError for invalid options.
 */
export function parseDelimited(input: string | Uint8Array, options: DelimitedOptions = {}): Table {
  const syntax = resolveDelimitedOptions(options, "<input>");
  if (typeof input === "string") {
    // A string was decoded already; only a leading byte order mark may remain of the encoding.
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    return parseSource(text, { kind: "text", text }, syntax, "utf8");
  }
  if (!(input instanceof Uint8Array)) {
    throw new InvalidArgumentError("parseDelimited: input must be a string or a Uint8Array");
  }
  let bytes: Buffer;
  try {
    bytes = prepareBytes(input, syntax.encoding);
  } catch (error) {
    if (!(error instanceof InvalidUtf8Error)) throw error;
    const position = positionOfByte(input, error.byteOffset, syntax.encoding);
    throw new DataFormatError(describeInvalidUtf8(error), syntax.source, position.line, position.column);
  }
  return parseSource(bytes, { kind: "bytes", bytes, encoding: syntax.encoding }, syntax, syntax.encoding);
}

/**
 * Reads and parses a delimited file; `source` in errors defaults to `path`. See parseDelimited.
 * For files too big to hold, use streamDelimitedFile.
 *
 * @throws InvalidArgumentError when the file cannot be opened.
 */
export async function readDelimitedFile(path: string, options: DelimitedOptions = {}): Promise<Table> {
  // Options are checked first: a bad option should not wait for (or be hidden by) a file read.
  resolveDelimitedOptions(options, path);
  const bytes = await readFileOrExplain(path);
  return parseDelimited(bytes, { ...options, source: options.source ?? path });
}

function parseSource(
  data: string | Buffer,
  text: SourceText,
  syntax: DelimitedSyntax,
  inputEncoding: TextEncoding,
): Table {
  const tracker = new RecordLineTracker();
  const lines: number[] = [];
  let records: string[][];
  try {
    records = parseCsv(data, {
      ...toCsvParseOptions(syntax, inputEncoding),
      on_record: (record: string[], context) => {
        lines.push(tracker.recordStart(record, context));
        return record;
      },
    }) as string[][];
  } catch (error) {
    const failure = describeCsvError(error, tracker, syntax);
    if (failure === undefined) throw error;
    throw failureToError(failure, syntax, windowAtLine(text, failure.line));
  }
  const table = buildTable(records, lines, syntax, text);
  tableSources.set(table, { text, syntax });
  return table;
}

/** Splits off and checks the header row when there is one. */
function buildTable(records: string[][], lines: number[], syntax: DelimitedSyntax, text: SourceText): Table {
  if (!syntax.header) return { columns: null, rows: records, source: syntax.source, lines };
  if (records.length === 0) {
    throw new DataFormatError("no header row: the input is empty", syntax.source);
  }
  const columns = nameIndexColumn(records[0]);
  const problem = headerProblem(columns);
  if (problem !== undefined) throw headerError(problem, lines[0], syntax, windowAtLine(text, lines[0]));
  records.shift();
  lines.shift();
  return { columns, rows: records, source: syntax.source, lines };
}

/**
 * pandas' to_csv writes the row index as a first column with an empty header cell; pandas reads it
 * back as "Unnamed: 0", and so do we. Any other empty header cell stays an error.
 */
export function nameIndexColumn(columns: string[]): string[] {
  if (columns.length > 1 && columns[0] === "") columns[0] = "Unnamed: 0";
  return columns;
}

/** An empty or duplicate column name in a header row: what is wrong and in which field. */
export function headerProblem(columns: string[]): { detail: string; field: number } | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < columns.length; i++) {
    const name = columns[i];
    if (name === "") return { detail: `header field ${i + 1} is empty: every column needs a name`, field: i };
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      return {
        detail: `duplicate column name ${JSON.stringify(name)} in the header (fields ${earlier + 1} and ${i + 1})`,
        field: i,
      };
    }
    seen.set(name, i);
  }
  return undefined;
}

/** The DataFormatError for a header problem, positioned at the header cell when `window` shows it. */
export function headerError(
  problem: { detail: string; field: number },
  line: number,
  syntax: DelimitedSyntax,
  window: TextWindow | undefined,
): DataFormatError {
  const position =
    window === undefined ? undefined : locateInRecord(window, syntax, problem.field, { kind: "start" });
  return new DataFormatError(problem.detail, syntax.source, position?.line ?? line, position?.column);
}
