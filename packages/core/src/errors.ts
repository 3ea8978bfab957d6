/**
 * Base class of every error the lab packages raise on purpose. `message` is one line a user can act
 * on; the CLI prints it without a stack trace.
 */
export class LabError extends Error {
  override readonly name: string = "LabError";
}

/** Input data that cannot be read as the expected format. Names the file, line and column. */
export class DataFormatError extends LabError {
  override readonly name = "DataFormatError";
  constructor(
    readonly detail: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(DataFormatError.describe(detail, file, line, column));
  }

  static describe(detail: string, file?: string, line?: number, column?: number): string {
    const where = [
      file ?? "<input>",
      line !== undefined ? `line ${line}` : "",
      column !== undefined ? `column ${column}` : "",
    ]
      .filter(Boolean)
      .join(", ");
    return `${where}: ${detail}`;
  }
}

/** A dataset that is neither in LAB_DATA_DIR, the cache nor installable from npm, and cannot be downloaded. */
export class DatasetUnavailableError extends LabError {
  override readonly name = "DatasetUnavailableError";
}

/** A value outside what a function accepts (bad option, unknown name, wrong shape). */
export class InvalidArgumentError extends LabError {
  override readonly name = "InvalidArgumentError";
}
