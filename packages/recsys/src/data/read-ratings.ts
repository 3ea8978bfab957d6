import { open } from "node:fs/promises";
import { DataFormatError, fileOpenError, InvalidArgumentError, streamDelimitedFile } from "@lab/core";

/**
 * The rating files this package reads:
 * - `tab`: tab-separated `user item rating [timestamp ...]`, as MovieLens 100K's u.data (4 columns)
 *   and set 5's train.txt / test.txt (3 columns);
 * - `double-colon`: `user::item::rating::timestamp`, as MovieLens 1M/10M's ratings.dat;
 * - `csv`: comma-separated, as MovieLens 20M/25M's ratings.csv (`userId,movieId,rating,timestamp`).
 * Any of them may start with a header row naming the columns; LF, CRLF and CR-only line endings
 * all work.
 */
export type RatingsFormat = "tab" | "double-colon" | "csv";

const DELIMITERS: Record<RatingsFormat, string> = { tab: "\t", "double-colon": "::", csv: "," };

/** Ratings as read from a file: raw ids as written there, one entry per rating, in file order. */
export interface RatingsFile {
  readonly path: string;
  readonly format: RatingsFormat;
  /** Whether the first row named the columns (and was not read as a rating). */
  readonly header: boolean;
  readonly userIds: Int32Array;
  readonly itemIds: Int32Array;
  readonly ratings: Float32Array;
}

export interface ReadRatingsOptions {
  /** Skip detection and read the file as this format. */
  readonly format?: RatingsFormat;
}

/** Bytes read from the start of a file to tell its format from its first line. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Reads a ratings file in any of the {@link RatingsFormat}s, detecting which from its first line,
 * streaming the rest (memory stays proportional to the number of ratings, 12 bytes each).
 *
 * @throws DataFormatError naming file and line for a row that is not `user item rating`, an id
 *   that is not a non-negative integer or a rating that is not a finite number.
 * @throws InvalidArgumentError when the file cannot be read or its format cannot be told.
 */
export async function readRatingsFile(path: string, options: ReadRatingsOptions = {}): Promise<RatingsFile> {
  const firstLine = await readFirstLine(path);
  const format = options.format ?? detectRatingsFormat(firstLine, path);
  const delimiter = DELIMITERS[format];
  if (delimiter === undefined) {
    throw new InvalidArgumentError(
      `format must be one of tab, double-colon, csv; got ${JSON.stringify(format)}`,
    );
  }
  const firstFields = firstLine.split(delimiter);
  // Ids are numbers in every data row, so a first row whose first two fields are not is a header;
  // a data row with a bad rating then still fails as a bad rating, not as a bad header.
  const header = !looksNumeric(firstFields[0]) && !looksNumeric(firstFields[1]);
  const columns = header ? columnsFromHeader(firstFields, delimiter, path) : { user: 0, item: 1, rating: 2 };
  const needed = Math.max(columns.user, columns.item, columns.rating) + 1;

  const stream = streamDelimitedFile(path, {
    delimiter,
    header,
    quote: format === "csv" ? '"' : false,
    // Rows may carry extra columns (timestamps, tags); only the width needed is checked.
    relaxColumnCount: true,
  });
  const sink = new RatingColumns();
  for await (const row of stream) {
    if (row.length < needed) {
      throw new DataFormatError(
        `expected at least ${needed} ${describeDelimiter(format)} fields (user, item, rating), got ${row.length}`,
        path,
        stream.line,
      );
    }
    sink.push(
      rawId(row[columns.user], "user id", path, stream.line),
      rawId(row[columns.item], "item id", path, stream.line),
      ratingValue(row[columns.rating], path, stream.line),
    );
  }
  if (sink.length === 0) throw new DataFormatError("the file holds no ratings", path);
  return { path, format, header, ...sink.finish() };
}

/**
 * The format a first line shows: `::` wins over tab, tab over comma (a tab file's fields never hold
 * commas that matter, a CSV header never holds tabs).
 */
export function detectRatingsFormat(firstLine: string, source = "<input>"): RatingsFormat {
  if (firstLine.includes("::")) return "double-colon";
  if (firstLine.includes("\t")) return "tab";
  if (firstLine.includes(",")) return "csv";
  throw new DataFormatError(
    `cannot tell the format from the first line ${JSON.stringify(firstLine.slice(0, 80))}: expected tab-separated "user<TAB>item<TAB>rating[<TAB>timestamp]" (u.data, set 5's train.txt), "user::item::rating::timestamp" (ratings.dat) or CSV with a header such as "userId,movieId,rating,timestamp"`,
    source,
    1,
  );
}

/** The first line that holds anything, without its ending (LF, CRLF or CR). */
async function readFirstLine(path: string): Promise<string> {
  let text: string;
  try {
    const handle = await open(path, "r");
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
      text = buffer.subarray(0, bytesRead).toString("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileOpenError(path, error);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const line = text.split(/\r\n|\n|\r/).find((candidate) => candidate.trim() !== "");
  if (line === undefined) throw new DataFormatError("the file holds no ratings", path);
  return line;
}

function looksNumeric(field: string | undefined): boolean {
  return field !== undefined && field.trim() !== "" && Number.isFinite(Number(field));
}

const USER_NAMES = new Set(["user", "userid", "uid", "users"]);
const ITEM_NAMES = new Set(["item", "itemid", "iid", "items", "movie", "movieid", "mid", "movies"]);
const RATING_NAMES = new Set(["rating", "ratings", "score", "stars", "y"]);

function columnsFromHeader(
  fields: string[],
  delimiter: string,
  path: string,
): { user: number; item: number; rating: number } {
  const normalized = fields.map((field) => field.toLowerCase().replace(/[^a-z]/g, ""));
  const user = normalized.findIndex((name) => USER_NAMES.has(name));
  const item = normalized.findIndex((name) => ITEM_NAMES.has(name));
  const rating = normalized.findIndex((name) => RATING_NAMES.has(name));
  if (user < 0 || item < 0 || rating < 0) {
    throw new DataFormatError(
      `the header ${JSON.stringify(fields.join(delimiter))} must name a user column (userId, user_id, user), an item column (movieId, item_id, item) and a rating column (rating)`,
      path,
      1,
    );
  }
  return { user, item, rating };
}

function describeDelimiter(format: RatingsFormat): string {
  return format === "tab" ? "tab-separated" : format === "csv" ? "comma-separated" : '"::"-separated';
}

function rawId(text: string, what: string, path: string, line: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff || text.trim() === "") {
    throw new DataFormatError(`${what} must be a non-negative integer, got "${text}"`, path, line);
  }
  return value;
}

function ratingValue(text: string, path: string, line: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || text.trim() === "") {
    throw new DataFormatError(`rating must be a finite number, got "${text}"`, path, line);
  }
  return value;
}

/** Typed columns that grow by doubling as ratings stream in. */
class RatingColumns {
  length = 0;
  private userIds = new Int32Array(1024);
  private itemIds = new Int32Array(1024);
  private ratings = new Float32Array(1024);

  push(user: number, item: number, rating: number): void {
    if (this.length === this.userIds.length) this.grow();
    this.userIds[this.length] = user;
    this.itemIds[this.length] = item;
    this.ratings[this.length] = rating;
    this.length++;
  }

  finish(): { userIds: Int32Array; itemIds: Int32Array; ratings: Float32Array } {
    return {
      userIds: this.userIds.slice(0, this.length),
      itemIds: this.itemIds.slice(0, this.length),
      ratings: this.ratings.slice(0, this.length),
    };
  }

  private grow(): void {
    const capacity = this.userIds.length * 2;
    const users = new Int32Array(capacity);
    const items = new Int32Array(capacity);
    const ratings = new Float32Array(capacity);
    users.set(this.userIds);
    items.set(this.itemIds);
    ratings.set(this.ratings);
    this.userIds = users;
    this.itemIds = items;
    this.ratings = ratings;
  }
}
