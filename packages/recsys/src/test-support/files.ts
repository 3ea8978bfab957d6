import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** A fresh temporary folder for one test file's fixtures. */
export function temporaryFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `lab-recsys-${prefix}-`));
}

/** Writes `contents` (string or bytes) to `folder/name` and returns the path. */
export function writeFixture(folder: string, name: string, contents: string | Uint8Array): string {
  const path = join(folder, name);
  writeFileSync(path, contents);
  return path;
}

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * The MovieLens 100K folder in LAB_DATA_DIR, or undefined. A relative LAB_DATA_DIR is tried from the
 * working directory and from the repository root, so tests find it wherever vitest runs.
 */
export function movieLensFolder(): string | undefined {
  const dir = process.env.LAB_DATA_DIR;
  if (!dir) return undefined;
  for (const base of [process.cwd(), repositoryRoot]) {
    const folder = resolve(base, dir, "movielens-100k");
    if (existsSync(join(folder, "u.data")) && existsSync(join(folder, "u.item"))) return folder;
  }
  return undefined;
}

/** Appended to a real-data test's name: why it is skipped, when it is. */
export const movieLensSkipNote = movieLensFolder()
  ? ""
  : " (skipped: LAB_DATA_DIR is unset or has no movielens-100k/u.data and u.item)";
