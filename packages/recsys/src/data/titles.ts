import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { DataFormatError, fileOpenError, readDelimitedFile, readMovieLensItems } from "@lab/core";

/** Item titles by raw item id. */
export type ItemTitles = ReadonlyMap<number, string>;

/** Title files MovieLens ships beside its ratings, in the order they are looked for. */
const TITLE_FILES = ["u.item", "movies.dat", "movies.csv"] as const;

/**
 * Reads item titles from MovieLens 100K's u.item (`id|title|...`, Latin-1), MovieLens 1M/10M's
 * movies.dat (`id::title::genres`, Latin-1) or MovieLens 20M/25M's movies.csv (header
 * `movieId,title,genres`, quoted CSV, UTF-8), telling them apart by their first line.
 */
export async function readItemTitles(path: string): Promise<Map<number, string>> {
  let head: string;
  try {
    head = (await readFile(path, "latin1")).slice(0, 4096);
  } catch (error) {
    throw fileOpenError(path, error);
  }
  const firstLine = head.split(/\r\n|\n|\r/, 1)[0] ?? "";
  const titles = new Map<number, string>();
  if (firstLine.includes("|")) {
    for (const item of await readMovieLensItems(path)) titles.set(item.id, item.title);
    return titles;
  }
  const doubleColon = firstLine.includes("::");
  const table = await readDelimitedFile(path, {
    delimiter: doubleColon ? "::" : ",",
    header: !doubleColon,
    quote: doubleColon ? false : '"',
    encoding: doubleColon ? "latin1" : "utf8",
    relaxColumnCount: true,
  });
  let idColumn = 0;
  let titleColumn = 1;
  if (table.columns !== null) {
    idColumn = table.columns.findIndex((name) => /^(movie|item)_?id$/i.test(name));
    titleColumn = table.columns.findIndex((name) => /^title$/i.test(name));
    if (idColumn < 0 || titleColumn < 0) {
      throw new DataFormatError(`the header must name an id column (movieId) and a title column`, path, 1);
    }
  }
  table.rows.forEach((row, index) => {
    const id = Number(row[idColumn]);
    if (!Number.isInteger(id) || id < 0 || row[titleColumn] === undefined) {
      throw new DataFormatError(
        `expected "id, title" fields, got ${JSON.stringify(row.slice(0, 2))}`,
        path,
        table.lines?.[index],
      );
    }
    titles.set(id, row[titleColumn]);
  });
  return titles;
}

/** The title file in the folder of a ratings file (u.item beside u.data, ...), or null. */
export function findTitlesBeside(ratingsPath: string): string | null {
  const folder = dirname(ratingsPath);
  for (const name of TITLE_FILES) {
    const candidate = join(folder, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
