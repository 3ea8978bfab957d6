// Turns csv-parse's errors into DataFormatErrors that name the line and column a user can open.
// csv-parse's own `lines` counter counts a "\r\n" inside a quoted field twice and points at the end
// of a record, so lines are tracked here instead, from the records themselves.

import { CsvError } from "csv-parse";
import { DataFormatError } from "../errors.js";
import type { DelimitedSyntax } from "./delimited-options.js";
import { type FieldPoint, locateInRecord, type TextWindow } from "./field-locator.js";
import { countLineBreaks } from "./text-position.js";

/** The counters csv-parse passes to `on_record` and copies onto its errors. */
interface SkippedLineCounts {
  empty_lines?: number;
  comment_lines?: number;
}

/**
 * Gives the 1-based line each record starts on. Feed it every record in order, from csv-parse's
 * on_record hook: a record spans one line plus the line breaks inside its quoted fields, and the
 * empty and comment lines csv-parse skipped are in its counters.
 */
export class RecordLineTracker {
  private linesInRecords = 0;
  /** Field count and line of the first record, which every other record must match. */
  first: ExpectedShape | undefined;

  recordStart(record: string[], counts: SkippedLineCounts): number {
    const start = this.nextRecordStart(counts);
    this.first ??= { fields: record.length, line: start };
    let lines = 1;
    for (let i = 0; i < record.length; i++) {
      const field = record[i];
      // Only quoted fields can hold line breaks; two native scans rule most fields out quickly.
      if (field.indexOf("\n") !== -1 || field.indexOf("\r") !== -1) lines += countLineBreaks(field);
    }
    this.linesInRecords += lines;
    return start;
  }

  /** Where the record after the last one fed in starts, given the skip counters at that point. */
  nextRecordStart(counts: SkippedLineCounts): number {
    return 1 + this.linesInRecords + (counts.empty_lines ?? 0) + (counts.comment_lines ?? 0);
  }
}

/** A parse failure, located by record and field; the column is found later from the source text. */
export interface CsvFailure {
  detail: string;
  /** Line where the failing record starts. */
  line: number;
  /** Field of that record the error is about, and which point of it. */
  field?: number;
  point?: FieldPoint;
}

/** The first record's field count and line: what other records must match. */
export interface ExpectedShape {
  fields: number;
  line: number;
}

/**
 * Describes a csv-parse error; returns undefined for anything else (I/O errors pass through).
 * `tracker` has seen every record before the failing one.
 */
export function describeCsvError(
  error: unknown,
  tracker: RecordLineTracker,
  syntax: DelimitedSyntax,
): CsvFailure | undefined {
  if (!(error instanceof CsvError)) return undefined;
  const context = error as CsvError & SkippedLineCounts & { index?: number; record?: string[] };
  const line = tracker.nextRecordStart(context);
  const field = typeof context.index === "number" ? context.index : undefined;
  const unquotedHint =
    syntax.quote === null ? "" : "; if this file does not use quoting, read it with quote: false";
  switch (error.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": {
      const found = context.record?.length ?? 0;
      const expected = tracker.first;
      const wanted = expected?.fields ?? 0;
      const where = expected ? ` as on line ${expected.line}` : "";
      return {
        detail: `expected ${wanted} fields${where}, found ${found} (check the delimiter, or pass relaxColumnCount: true to accept rows of different lengths)`,
        line,
        // Point at the first extra field, or where the first missing one should be.
        field: Math.min(found, wanted),
        point: { kind: "start" },
      };
    }
    case "CSV_QUOTE_NOT_CLOSED":
      return {
        detail: `a quoted field starts here and is never closed${unquotedHint}`,
        line,
        field,
        point: { kind: "start" },
      };
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return {
        detail: `unexpected text after the closing quote of a quoted field (a quote inside a quoted field must be doubled)${unquotedHint}`,
        line,
        field,
        point: { kind: "after-closing-quote" },
      };
    case "INVALID_OPENING_QUOTE":
      return {
        detail: `quote character inside an unquoted field (quote the whole field and double the quote)${unquotedHint}`,
        line,
        field,
        point: { kind: "stray-quote" },
      };
    case "CSV_MAX_RECORD_SIZE":
      return {
        detail:
          "record longer than the 32 MiB limit: a quote that is never closed, or a wrong delimiter, is the likely cause",
        line,
        field: 0,
        point: { kind: "start" },
      };
    default:
      return { detail: error.message, line };
  }
}

/** The DataFormatError for `failure`, with a column when the window shows where the field is. */
export function failureToError(
  failure: CsvFailure,
  syntax: DelimitedSyntax,
  window: TextWindow | undefined,
): DataFormatError {
  if (failure.field === undefined || failure.point === undefined || window === undefined) {
    return new DataFormatError(failure.detail, syntax.source, failure.line);
  }
  const position = locateInRecord(window, syntax, failure.field, failure.point);
  return new DataFormatError(failure.detail, syntax.source, position?.line ?? failure.line, position?.column);
}
