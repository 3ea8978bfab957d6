import { createReadStream } from "node:fs";
import { pipeline } from "node:stream";
import { type Options as CsvParseOptions, parse as createCsvParser, type InfoRecord } from "csv-parse";
import { DataFormatError, InvalidArgumentError } from "../errors.js";
import { fileOpenError } from "../fs.js";
import { describeCsvError, failureToError, RecordLineTracker } from "./csv-failure.js";
import { describeInvalidUtf8, InvalidUtf8Error, Utf8Check } from "./decode.js";
import {
  type DelimitedOptions,
  type DelimitedSyntax,
  resolveDelimitedOptions,
  toCsvParseOptions,
} from "./delimited-options.js";
import { headerError, headerProblem, nameIndexColumn } from "./parse-delimited.js";
import { fileWindowAtLine, positionOfByteInFile } from "./source-text.js";

/**
 * Rows of a delimited file, read as they are iterated: memory stays flat however big the file is.
 * With `header: true` the header row is checked and not yielded; `columns` holds it once the first
 * row has been read. Iterate it once; call streamDelimitedFile again to read the file again.
 */
export interface DelimitedRowStream extends AsyncIterable<string[]> {
  /** Column names from the header row (after the first iteration step), or null. */
  readonly columns: string[] | null;
  /** 1-based line on which the row yielded last starts (0 before the first). */
  readonly line: number;
  /** Name used in error messages (the path unless options.source says otherwise). */
  readonly source: string;
}

/**
 * Streams the rows of a delimited file through csv-parse's stream parser. Same options, line
 * endings and errors as readDelimitedFile; errors surface from the `for await` loop. Leaving the
 * loop early closes the file.
 *
 * @throws InvalidArgumentError at once for invalid options; when iterating, for a file that cannot
 * be opened.
 */
export function streamDelimitedFile(path: string, options: DelimitedOptions = {}): DelimitedRowStream {
  return new FileRowStream(path, resolveDelimitedOptions(options, path));
}

interface TrackedRecord {
  fields: string[];
  line: number;
}

class FileRowStream implements DelimitedRowStream {
  columns: string[] | null = null;
  line = 0;
  private started = false;

  constructor(
    private readonly path: string,
    private readonly syntax: DelimitedSyntax,
  ) {}

  get source(): string {
    return this.syntax.source;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string[]> {
    if (this.started) {
      throw new InvalidArgumentError(
        `the rows of ${JSON.stringify(this.path)} were already iterated; call streamDelimitedFile again to read them again`,
      );
    }
    this.started = true;
    const { syntax, path } = this;
    const tracker = new RecordLineTracker();
    const trackRecord = (record: string[], context: InfoRecord): TrackedRecord => ({
      fields: record,
      line: tracker.recordStart(record, context),
    });
    const parser = createCsvParser({
      ...toCsvParseOptions(syntax, syntax.encoding),
      // csv-parse emits whatever on_record returns; its types only allow records of the input shape.
      on_record: trackRecord as unknown as CsvParseOptions["on_record"],
    });
    // Latin-1 bytes go to csv-parse as they are (every byte is a character); UTF-8 is checked first.
    const file = createReadStream(path);
    let firstError: unknown;
    const keepFirstError = (error: unknown) => {
      firstError ??= error;
    };
    if (syntax.encoding === "utf8") pipeline(file, new Utf8Check(), parser, keepFirstError);
    else pipeline(file, parser, keepFirstError);
    try {
      for await (const record of parser as AsyncIterable<TrackedRecord>) {
        if (syntax.header && this.columns === null) {
          const columns = nameIndexColumn(record.fields);
          const problem = headerProblem(columns);
          if (problem !== undefined) {
            const window = await fileWindowAtLine(path, syntax.encoding, record.line);
            throw headerError(problem, record.line, syntax, window);
          }
          this.columns = columns;
          continue;
        }
        this.line = record.line;
        yield record.fields;
      }
    } catch (error) {
      if (error instanceof DataFormatError) throw error;
      // pipeline destroys the parser with the failing stage's error; should the parser report
      // something else (a premature close), the error pipeline saw first is the real cause.
      throw await this.explain(firstError ?? error, tracker);
    }
    if (syntax.header && this.columns === null) {
      throw new DataFormatError("no header row: the input is empty", syntax.source);
    }
  }

  private async explain(error: unknown, tracker: RecordLineTracker): Promise<unknown> {
    const { syntax, path } = this;
    if (error instanceof InvalidUtf8Error) {
      const position = await positionOfByteInFile(path, syntax.encoding, error.byteOffset);
      return new DataFormatError(describeInvalidUtf8(error), syntax.source, position.line, position.column);
    }
    const failure = describeCsvError(error, tracker, syntax);
    if (failure !== undefined) {
      return failureToError(failure, syntax, await fileWindowAtLine(path, syntax.encoding, failure.line));
    }
    return fileOpenError(path, error);
  }
}
