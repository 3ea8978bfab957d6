import { join } from "node:path";
import { DataFormatError } from "../errors.js";
import { readDelimitedFile } from "../tabular/index.js";
import { datasetFolder, type LocateOptions } from "./locate.js";

/** Class names of AG News; label k (1-4) is AG_NEWS_CLASSES[k - 1]. */
export const AG_NEWS_CLASSES: readonly string[] = ["World", "Sports", "Business", "Sci/Tech"];

/** "train" and "test" are the original splits; "dev" is a subset file some data folders hold instead. */
export type AgNewsSplit = "train" | "test" | "dev";

export interface AgNewsRow {
  /** 1 World, 2 Sports, 3 Business, 4 Sci/Tech. */
  readonly label: 1 | 2 | 3 | 4;
  readonly title: string;
  /** As in the file (newlines stay escaped as a backslash and "n", like torchtext yields them). */
  readonly description: string;
}

/**
 * Reads one split of AG News (`<split>.csv`: quoted CSV without header, `"class","title","description"`).
 * `source` is the dataset folder, or lookup options (default: LAB_DATA_DIR, then the cache; a folder
 * counts only when it holds that split's file).
 */
export async function loadAgNews(
  source: string | LocateOptions | undefined,
  split: AgNewsSplit,
): Promise<AgNewsRow[]> {
  if (split !== "train" && split !== "test" && split !== "dev") {
    throw new DataFormatError(`unknown AG News split "${String(split)}"; expected train, test or dev`);
  }
  const file = `${split}.csv`;
  const path = join(datasetFolder("ag-news", source, file), file);
  return readAgNewsFile(path);
}

/** Reads an AG News CSV file (any name). */
export async function readAgNewsFile(path: string): Promise<AgNewsRow[]> {
  const { rows, lines } = await readDelimitedFile(path, { delimiter: ",", quote: '"', header: false });
  const out: AgNewsRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const line = lines?.[i] ?? i + 1;
    if (row.length === 1 && row[0] === "") continue;
    if (row.length !== 3) {
      throw new DataFormatError(
        `expected 3 fields (class, title, description), got ${row.length}`,
        path,
        i + 1,
      );
    }
    const label = Number(row[0]);
    if (label !== 1 && label !== 2 && label !== 3 && label !== 4) {
      throw new DataFormatError(`class must be 1, 2, 3 or 4, got "${row[0]}"`, path, line);
    }
    out.push({ label, title: row[1], description: row[2] });
  }
  return out;
}
