import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { InvalidArgumentError } from "./errors.js";

/** A sibling temporary path on the same filesystem, so that a rename onto `path` is atomic. */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp-${pathBaseName(path)}`);
}

function pathBaseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? "file";
}

/**
 * Writes `data` to `path` so that readers see either the old file or the whole new one, never a
 * partial write: the bytes go to a temporary sibling, which is then renamed over `path`.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathFor(path);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Pretty-printed JSON with a trailing newline, written atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Reads a whole input file; a missing or unreadable file is an InvalidArgumentError naming it. */
export async function readFileOrExplain(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw fileOpenError(path, error);
  }
}

/** The error to throw when `path` cannot be read: the reason in words for the usual causes. */
export function fileOpenError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: "no such file",
    EISDIR: "it is a directory",
    EACCES: "permission denied",
    EPERM: "permission denied",
  };
  if (code === undefined || !(code in reasons)) return error;
  return new InvalidArgumentError(`cannot read ${JSON.stringify(path)}: ${reasons[code]}`);
}
