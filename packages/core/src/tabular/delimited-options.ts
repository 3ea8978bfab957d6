import type { Options as CsvParseOptions } from "csv-parse";
import { InvalidArgumentError } from "../errors.js";

/** Text encodings the readers decode. Latin-1 is ISO-8859-1 (every byte is the code point of its value). */
export type TextEncoding = "utf8" | "latin1";

/** How delimited text (CSV, TSV, MovieLens `::` files...) is laid out. */
export interface DelimitedOptions {
  /** Field separator, one or more characters: "," (default), "\t", "|", "::". */
  delimiter?: string;
  /** Whether the first row names the columns (default false). */
  header?: boolean;
  /** How bytes decode (default "utf8"). A UTF-8 byte order mark is dropped in "utf8" mode. */
  encoding?: TextEncoding;
  /**
   * Quote character (default '"'); inside quotes a doubled quote is a literal one. `false` for
   * files that do not quote at all (MovieLens, the SMS Spam Collection), where a `"` is data.
   */
  quote?: string | false;
  /** Skip lines with nothing on them (default true). */
  skipEmptyLines?: boolean;
  /**
   * Accept rows whose field count differs from the first row's (default false: such a row is a
   * DataFormatError).
   */
  relaxColumnCount?: boolean;
  /** Lines starting with this text are comments and skipped. Off by default. */
  comment?: string;
  /** Remove spaces and tabs around unquoted fields and around quotes (default false). */
  trim?: boolean;
  /** Name used in error messages; the file readers default it to the path. */
  source?: string;
}

/** DelimitedOptions checked and with defaults applied. */
export interface DelimitedSyntax {
  delimiter: string;
  header: boolean;
  encoding: TextEncoding;
  quote: string | null;
  skipEmptyLines: boolean;
  relaxColumnCount: boolean;
  comment: string | null;
  trim: boolean;
  source: string;
}

// csv-parse stops a record that grows beyond this many characters. Real cells stay far below it
// (a 4096-float embedding is about 80 KB); reaching it almost always means an unclosed quote or a
// wrong delimiter, which would otherwise buffer the rest of the file.
export const MAX_RECORD_CHARACTERS = 32 * 1024 * 1024;

/** Validates `options` at the boundary, so that bad options fail before any file is read. */
export function resolveDelimitedOptions(options: DelimitedOptions, defaultSource: string): DelimitedSyntax {
  const delimiter = options.delimiter ?? ",";
  const quote = options.quote === undefined ? '"' : options.quote === false ? null : options.quote;
  const encoding = options.encoding ?? "utf8";
  const comment = options.comment ?? null;
  if (typeof delimiter !== "string" || delimiter === "" || /[\r\n]/.test(delimiter)) {
    throw new InvalidArgumentError(
      `delimiter must be a non-empty string without line breaks, such as "," or "\\t" or "::"; got ${JSON.stringify(delimiter)}`,
    );
  }
  if (quote !== null && (typeof quote !== "string" || quote.length !== 1 || /[\r\n]/.test(quote))) {
    throw new InvalidArgumentError(
      `quote must be one character, or false for unquoted files; got ${JSON.stringify(quote)}`,
    );
  }
  if (quote !== null && delimiter.includes(quote)) {
    throw new InvalidArgumentError(
      `the quote ${JSON.stringify(quote)} cannot be part of the delimiter ${JSON.stringify(delimiter)}`,
    );
  }
  if (encoding !== "utf8" && encoding !== "latin1") {
    throw new InvalidArgumentError(`encoding must be "utf8" or "latin1"; got ${JSON.stringify(encoding)}`);
  }
  if (comment !== null && (typeof comment !== "string" || comment === "" || /[\r\n]/.test(comment))) {
    throw new InvalidArgumentError(
      `comment must be a non-empty string without line breaks, such as "#"; got ${JSON.stringify(comment)}`,
    );
  }
  if (encoding === "latin1") {
    // The parser compares bytes; a character beyond U+00FF has no Latin-1 byte to compare against.
    for (const [name, text] of [
      ["delimiter", delimiter],
      ["quote", quote],
      ["comment", comment],
    ] as const) {
      if (text !== null && [...text].some((character) => character.charCodeAt(0) > 0xff)) {
        throw new InvalidArgumentError(
          `${name} ${JSON.stringify(text)} has characters that Latin-1 cannot encode`,
        );
      }
    }
  }
  return {
    delimiter,
    header: options.header ?? false,
    encoding,
    quote,
    skipEmptyLines: options.skipEmptyLines ?? true,
    relaxColumnCount: options.relaxColumnCount ?? false,
    comment,
    trim: options.trim ?? false,
    source: options.source ?? defaultSource,
  };
}

/**
 * csv-parse options for `syntax`. `inputEncoding` is how csv-parse must decode the bytes it is
 * given: strings reach it as UTF-8 whatever the file was.
 */
export function toCsvParseOptions(syntax: DelimitedSyntax, inputEncoding: TextEncoding): CsvParseOptions {
  return {
    delimiter: syntax.delimiter,
    quote: syntax.quote ?? false,
    // A doubled quote is the only escape (RFC 4180), whatever the quote character is.
    escape: syntax.quote ?? null,
    // Listing all three endings (longest first) accepts LF, CRLF, CR-only and mixed files alike;
    // csv-parse's auto-detection would fix the first ending it sees for the whole file.
    record_delimiter: ["\r\n", "\n", "\r"],
    comment: syntax.comment ?? undefined,
    // A comment is a whole line; "#" inside a field (URLs, hashtags) stays data.
    comment_no_infix: true,
    trim: syntax.trim,
    skip_empty_lines: syntax.skipEmptyLines,
    relax_column_count: syntax.relaxColumnCount,
    relax_quotes: false,
    // The readers strip the BOM themselves: csv-parse's detection would also switch to UTF-16.
    bom: false,
    encoding: inputEncoding,
    max_record_size: MAX_RECORD_CHARACTERS,
  };
}
