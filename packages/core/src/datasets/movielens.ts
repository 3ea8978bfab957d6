import { existsSync } from "node:fs";
import { join } from "node:path";
import { DataFormatError } from "../errors.js";
import { readDelimitedFile } from "../tabular/index.js";
import { datasetFolder, type LocateOptions } from "./locate.js";

/** The 19 genres of MovieLens 100K, in the order of u.item's genre flags (as in u.genre). */
export const MOVIELENS_GENRES: readonly string[] = [
  "unknown",
  "Action",
  "Adventure",
  "Animation",
  "Children's",
  "Comedy",
  "Crime",
  "Documentary",
  "Drama",
  "Fantasy",
  "Film-Noir",
  "Horror",
  "Musical",
  "Mystery",
  "Romance",
  "Sci-Fi",
  "Thriller",
  "War",
  "Western",
];

/** Ratings as parallel columns, one entry per rating, in file order. Ids are 1-based as in the file. */
export interface MovieLensRatings {
  readonly user: Int32Array;
  readonly item: Int32Array;
  readonly rating: Float32Array;
  /** Seconds since the Unix epoch. */
  readonly timestamp: Float64Array;
}

export interface MovieLensItem {
  /** 1-based item id, as in u.data. */
  readonly id: number;
  readonly title: string;
  /** ISO date (YYYY-MM-DD), or null where the file has none. */
  readonly releaseDate: string | null;
  readonly genres: string[];
}

export interface MovieLens100k {
  readonly ratings: MovieLensRatings;
  /** Items in file order (item i at index i - 1). */
  readonly items: MovieLensItem[];
}

/**
 * Reads MovieLens 100K: u.data (tab-separated `user item rating timestamp`) and u.item (`|`-separated,
 * Latin-1, unquoted). `source` is the dataset folder, or lookup options (default: LAB_DATA_DIR, then
 * the cache).
 */
export async function loadMovieLens100k(source?: string | LocateOptions): Promise<MovieLens100k> {
  const dir = datasetFolder("movielens-100k", source, "u.data");
  const ratings = await readMovieLensRatings(join(dir, "u.data"));
  const genres = existsSync(join(dir, "u.genre")) ? await readGenres(join(dir, "u.genre")) : MOVIELENS_GENRES;
  const items = await readMovieLensItems(join(dir, "u.item"), genres);
  return { ratings, items };
}

/** Reads a u.data-style ratings file (also u1.base, ua.test, ...). */
export async function readMovieLensRatings(path: string): Promise<MovieLensRatings> {
  const { rows, lines } = await readDelimitedFile(path, { delimiter: "\t", quote: false, header: false });
  const n = rows.length;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const rating = new Float32Array(n);
  const timestamp = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    const line = lines?.[i] ?? i + 1;
    if (row.length === 1 && row[0] === "") continue;
    if (row.length !== 4) {
      throw new DataFormatError(
        `expected 4 tab-separated fields (user, item, rating, timestamp), got ${row.length}`,
        path,
        i + 1,
      );
    }
    user[count] = positiveInteger(row[0], "user id", path, line);
    item[count] = positiveInteger(row[1], "item id", path, line);
    const value = Number(row[2]);
    if (!Number.isFinite(value) || value < 1 || value > 5) {
      throw new DataFormatError(`rating must be a number from 1 to 5, got "${row[2]}"`, path, line);
    }
    rating[count] = value;
    const time = Number(row[3]);
    if (!Number.isInteger(time) || row[3].trim() === "") {
      throw new DataFormatError(`timestamp must be an integer, got "${row[3]}"`, path, line);
    }
    timestamp[count] = time;
    count++;
  }
  if (count === n) return { user, item, rating, timestamp };
  return {
    user: user.slice(0, count),
    item: item.slice(0, count),
    rating: rating.slice(0, count),
    timestamp: timestamp.slice(0, count),
  };
}

/** Reads u.item: id|title|release date|video release date|IMDb URL|19 genre flags (Latin-1). */
export async function readMovieLensItems(
  path: string,
  genres: readonly string[] = MOVIELENS_GENRES,
): Promise<MovieLensItem[]> {
  const { rows, lines } = await readDelimitedFile(path, {
    delimiter: "|",
    quote: false,
    header: false,
    encoding: "latin1",
  });
  const items: MovieLensItem[] = [];
  const width = 5 + genres.length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const line = lines?.[i] ?? i + 1;
    if (row.length === 1 && row[0] === "") continue;
    if (row.length !== width) {
      throw new DataFormatError(`expected ${width} "|"-separated fields, got ${row.length}`, path, line);
    }
    const itemGenres: string[] = [];
    for (let g = 0; g < genres.length; g++) {
      const flag = row[5 + g];
      if (flag === "1") itemGenres.push(genres[g]);
      else if (flag !== "0")
        throw new DataFormatError(`genre flag must be 0 or 1, got "${flag}"`, path, line);
    }
    items.push({
      id: positiveInteger(row[0], "item id", path, line),
      title: row[1],
      releaseDate: isoDate(row[2], path, line),
      genres: itemGenres,
    });
  }
  return items;
}

async function readGenres(path: string): Promise<string[]> {
  const { rows, lines } = await readDelimitedFile(path, {
    delimiter: "|",
    quote: false,
    header: false,
    encoding: "latin1",
  });
  const genres: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const line = lines?.[i] ?? i + 1;
    if (row.length === 1 && row[0] === "") continue;
    if (row.length !== 2 || Number(row[1]) !== genres.length) {
      throw new DataFormatError(`expected "genre|${genres.length}"`, path, line);
    }
    genres.push(row[0]);
  }
  return genres;
}

function positiveInteger(text: string, what: string, path: string, line: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 0x7fffffff || text.trim() === "") {
    throw new DataFormatError(`${what} must be a positive integer, got "${text}"`, path, line);
  }
  return value;
}

const MONTHS: Record<string, string> = {
  Jan: "01",
  Feb: "02",
  Mar: "03",
  Apr: "04",
  May: "05",
  Jun: "06",
  Jul: "07",
  Aug: "08",
  Sep: "09",
  Oct: "10",
  Nov: "11",
  Dec: "12",
};

function isoDate(text: string, path: string, line: number): string | null {
  if (text === "") return null;
  const match = /^(\d{1,2})-([A-Z][a-z]{2})-(\d{4})$/.exec(text);
  const month = match ? MONTHS[match[2]] : undefined;
  if (!match || !month)
    throw new DataFormatError(`release date must look like 01-Jan-1995, got "${text}"`, path, line);
  return `${match[3]}-${month}-${match[1].padStart(2, "0")}`;
}
