import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { listModels } from "@huggingface/hub";
import {
  DataFormatError,
  DatasetUnavailableError,
  datasetCacheRoot,
  InvalidArgumentError,
  LabError,
  type ProgressListener,
  startProgress,
  writeJsonAtomic,
} from "@lab/core";
import { ModelCatalog } from "./catalog.js";
import { baseModelsFromTags, type ModelRecord, namespaceOf } from "./record.js";

export const HUB_URL = "https://huggingface.co";

/** What to list from the Hub; it also keys the disk cache. */
export interface HubQuery {
  /** Most models to list (default 10,000, the seed's size). */
  readonly limit?: number;
  /** Hub sort key, descending (default "downloads", as the seed's file was made). */
  readonly sort?: "downloads" | "likes" | "lastModified" | "createdAt" | "trendingScore";
  /** Only models whose name contains this text. */
  readonly search?: string;
  readonly author?: string;
  /** Only this pipeline tag, e.g. "fill-mask". */
  readonly task?: string;
  readonly hubUrl?: string;
}

export interface HubCatalogOptions extends HubQuery {
  /** Replaces the global fetch (tests serve recorded responses; a proxy can add headers). */
  readonly fetch?: typeof fetch;
  readonly accessToken?: string;
  /** Where cached listings live (default: `<lab dataset cache>/hf-hub`, see @lab/core's `datasetCacheRoot`). */
  readonly cacheDir?: string;
  /** A cached listing younger than this is used without asking the Hub (default 86,400 s, a day). */
  readonly maxAgeSeconds?: number;
  /** Ask the Hub even when the cache is fresh. */
  readonly refresh?: boolean;
  /** Retries of one page answered 429 or 5xx (default 5). */
  readonly maxRetries?: number;
  /** First backoff delay when the Hub gives no Retry-After (default 1,000 ms), doubled per retry. */
  readonly baseDelayMs?: number;
  /** Longest wait before a retry (default 60,000 ms). */
  readonly maxDelayMs?: number;
  /** Waits between retries (tests pass a recorder instead of real sleeping). */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  readonly now?: () => Date;
  readonly onProgress?: ProgressListener;
  /** One-line notices: retries, a stale cache used because the Hub could not be reached. */
  readonly onNotice?: (message: string) => void;
}

export interface HubCatalog {
  readonly catalog: ModelCatalog;
  /** When the listing was fetched from the Hub (ISO 8601). */
  readonly fetchedAt: string;
  /** "hub": fetched now; "cache": a fresh cached copy; "stale-cache": an old copy, the Hub being unreachable. */
  readonly origin: "hub" | "cache" | "stale-cache";
  readonly cachePath: string;
}

const CACHE_FORMAT = "lab-hf-hub-models";
const CACHE_VERSION = 1;
/**
 * Beyond the list endpoint's default fields (pipeline_tag, downloads, likes, lastModified):
 * `config` carries architectures and model_type; `tags` carry `dataset:` and `base_model:` entries,
 * which is where the seed's datasets came from. cardData is left out: it is the bulk of a response.
 */
const ADDITIONAL_FIELDS = ["author", "tags", "library_name", "config"] as const;

interface CacheFile {
  readonly format: string;
  readonly version: number;
  readonly query: Required<Omit<HubQuery, "search" | "author" | "task">> &
    Pick<HubQuery, "search" | "author" | "task">;
  readonly fetchedAt: string;
  readonly records: ModelRecord[];
}

/**
 * Lists models from the live Hub with @huggingface/hub's `listModels` (paginated through the Link
 * header, 500 per page), sorted by downloads by default, as normalized records. Pages answered 429
 * (rate limited) or 5xx are retried after the Hub's Retry-After or RateLimit reset, else with
 * exponential backoff. The listing is cached as JSON with its fetch time and reused while younger
 * than `maxAgeSeconds`; when the Hub cannot be reached an older cached copy is used with a notice.
 */
export async function loadHubCatalog(options: HubCatalogOptions = {}): Promise<HubCatalog> {
  const query = normalizeQuery(options);
  const now = options.now ?? (() => new Date());
  const cachePath = join(
    options.cacheDir ?? join(datasetCacheRoot(), "hf-hub"),
    `models-${createHash("sha256").update(JSON.stringify(query)).digest("hex").slice(0, 16)}.json`,
  );
  const maxAgeSeconds = options.maxAgeSeconds ?? 86_400;
  if (!(maxAgeSeconds >= 0))
    throw new InvalidArgumentError(`maxAgeSeconds must be >= 0, got ${maxAgeSeconds}`);
  const cached = await readCache(cachePath, options.onNotice);
  const describe = (fetchedAt: string, origin: string) =>
    `the Hub's top ${query.limit} models by ${query.sort}${query.search ? ` matching "${query.search}"` : ""}${query.author ? ` by ${query.author}` : ""}${query.task ? ` for ${query.task}` : ""} (fetched ${fetchedAt}, ${origin})`;
  if (cached && !options.refresh) {
    const age = (now().getTime() - Date.parse(cached.fetchedAt)) / 1000;
    if (age >= 0 && age <= maxAgeSeconds) {
      return {
        catalog: new ModelCatalog(cached.records, describe(cached.fetchedAt, `cached at ${cachePath}`)),
        fetchedAt: cached.fetchedAt,
        origin: "cache",
        cachePath,
      };
    }
  }
  let records: ModelRecord[];
  try {
    records = await fetchRecords(query, options);
  } catch (error) {
    if (cached && error instanceof DatasetUnavailableError) {
      options.onNotice?.(`${error.message}; using the cached listing from ${cached.fetchedAt}`);
      return {
        catalog: new ModelCatalog(cached.records, describe(cached.fetchedAt, `stale cache at ${cachePath}`)),
        fetchedAt: cached.fetchedAt,
        origin: "stale-cache",
        cachePath,
      };
    }
    throw error;
  }
  const fetchedAt = now().toISOString();
  const file: CacheFile = { format: CACHE_FORMAT, version: CACHE_VERSION, query, fetchedAt, records };
  await writeJsonAtomic(cachePath, file);
  return {
    catalog: new ModelCatalog(records, describe(fetchedAt, "live")),
    fetchedAt,
    origin: "hub",
    cachePath,
  };
}

function normalizeQuery(options: HubQuery): CacheFile["query"] {
  const limit = options.limit ?? 10_000;
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidArgumentError(`limit must be a positive integer, got ${limit}`);
  return {
    limit,
    sort: options.sort ?? "downloads",
    hubUrl: (options.hubUrl ?? HUB_URL).replace(/\/+$/, ""),
    ...(options.search ? { search: options.search } : {}),
    ...(options.author ? { author: options.author } : {}),
    ...(options.task ? { task: options.task } : {}),
  };
}

async function readCache(path: string, onNotice?: (message: string) => void): Promise<CacheFile | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as CacheFile;
    if (
      parsed.format !== CACHE_FORMAT ||
      parsed.version !== CACHE_VERSION ||
      !Array.isArray(parsed.records)
    ) {
      throw new Error(`not a version ${CACHE_VERSION} ${CACHE_FORMAT} file`);
    }
    if (Number.isNaN(Date.parse(parsed.fetchedAt))) throw new Error("fetchedAt is not a date");
    return parsed;
  } catch (error) {
    onNotice?.(`ignoring the unreadable Hub cache ${path}: ${(error as Error).message}`);
    return null;
  }
}

async function fetchRecords(query: CacheFile["query"], options: HubCatalogOptions): Promise<ModelRecord[]> {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const progress = startProgress(options.onProgress, "list Hub models", {
    total: query.limit,
    unit: "models",
  });
  const records: ModelRecord[] = [];
  const seen = new Set<string>();
  try {
    const models = listModels({
      hubUrl: query.hubUrl,
      limit: query.limit,
      sort: query.sort,
      search: {
        ...(query.search ? { query: query.search } : {}),
        ...(query.author ? { owner: query.author } : {}),
        // biome-ignore lint/suspicious/noExplicitAny: the task is checked by the Hub, which lists nothing for an unknown one.
        ...(query.task ? { task: query.task as any } : {}),
      },
      additionalFields: [...ADDITIONAL_FIELDS],
      fetch: retryingFetch(baseFetch, options),
      ...(options.accessToken ? { accessToken: options.accessToken } : {}),
    });
    for await (const entry of models) {
      const record = recordFromHubEntry(entry as unknown as HubEntry);
      // Pages are cut by offset while downloads change, so a model can appear on two pages.
      if (seen.has(record.id)) continue;
      seen.add(record.id);
      records.push(record);
      progress.update(records.length);
    }
  } catch (error) {
    throw explainHubError(error, query.hubUrl);
  } finally {
    progress.end();
  }
  if (records.length === 0) throw new LabError(`the Hub listed no models for ${JSON.stringify(query)}`);
  return records;
}

/** A `listModels` entry with the additional fields asked for. */
interface HubEntry {
  readonly name: string;
  readonly task?: string | null;
  readonly downloads?: number;
  readonly likes?: number;
  readonly updatedAt?: Date;
  readonly author?: string;
  readonly tags?: unknown;
  readonly library_name?: string;
  readonly config?: { readonly architectures?: unknown; readonly model_type?: unknown } | null;
}

/** A `listModels` entry (id in `name`, pipeline tag in `task`) as a record; exported for tests. */
export function recordFromHubEntry(entry: HubEntry): ModelRecord {
  if (typeof entry.name !== "string" || entry.name === "") {
    throw new DataFormatError(
      `a Hub entry has no model id: ${JSON.stringify(entry).slice(0, 200)}`,
      "Hub response",
    );
  }
  const tags = stringArray(entry.tags);
  const architectures = stringArray(entry.config?.architectures);
  const modelType = entry.config?.model_type;
  const updated =
    entry.updatedAt instanceof Date && !Number.isNaN(entry.updatedAt.getTime()) ? entry.updatedAt : null;
  return {
    id: entry.name,
    author: typeof entry.author === "string" && entry.author !== "" ? entry.author : namespaceOf(entry.name),
    pipelineTag: typeof entry.task === "string" && entry.task !== "" ? entry.task : null,
    libraryName:
      typeof entry.library_name === "string" && entry.library_name !== "" ? entry.library_name : null,
    modelType: typeof modelType === "string" && modelType !== "" ? modelType : null,
    architectures,
    tags,
    datasets: tags.filter((tag) => tag.startsWith("dataset:")).map((tag) => tag.slice("dataset:".length)),
    downloads: typeof entry.downloads === "number" && Number.isFinite(entry.downloads) ? entry.downloads : 0,
    likes: typeof entry.likes === "number" && Number.isFinite(entry.likes) ? entry.likes : null,
    baseModels: baseModelsFromTags(tags),
    lastModified: updated ? updated.toISOString() : null,
    description: null,
  };
}

function stringArray(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((entry): entry is string => typeof entry === "string" && entry !== "");
}

function explainHubError(error: unknown, hubUrl: string): unknown {
  if (error instanceof LabError) return error;
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === "number") {
    const first = String((error as Error).message).split("\n")[0];
    return new LabError(`the Hub answered ${status} for ${hubUrl}/api/models: ${first}`);
  }
  // fetch rejects with a TypeError whose cause names the network problem (ENOTFOUND, ECONNREFUSED...).
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new DatasetUnavailableError(
    `cannot reach ${hubUrl}/api/models (${reason}); use --data FILE, the seed's CSV under LAB_DATA_DIR, or the embedded catalog`,
  );
}

/**
 * A fetch that waits and retries when the Hub rate-limits (429) or fails transiently (5xx), and
 * hands every other answer, or the last failing one, to `listModels`.
 */
export function retryingFetch(base: typeof fetch, options: HubCatalogOptions = {}): typeof fetch {
  const maxRetries = options.maxRetries ?? 5;
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => new Date());
  return async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      const response = await base(input, init);
      const transient = response.status === 429 || (response.status >= 500 && response.status <= 599);
      if (!transient || attempt >= maxRetries) return response;
      const delay = Math.min(maxDelay, retryDelay(response.headers, now()) ?? baseDelay * 2 ** attempt);
      options.onNotice?.(
        `the Hub answered ${response.status}; retry ${attempt + 1} of ${maxRetries} in ${(delay / 1000).toFixed(1)} s`,
      );
      await response.body?.cancel();
      await sleep(delay);
    }
  };
}

/**
 * Milliseconds the server asks to wait: Retry-After (seconds or an HTTP date), else the reset
 * `t=` of an IETF RateLimit header (`"api";r=0;t=42`, what the Hub sends), else null.
 */
export function retryDelay(headers: Headers, now: Date): number | null {
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const seconds = Number(retryAfter.trim());
    if (retryAfter.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now.getTime());
  }
  const rateLimit = headers.get("ratelimit");
  if (rateLimit !== null) {
    const reset = /(?:^|;)\s*t=(\d+(?:\.\d+)?)/.exec(rateLimit);
    if (reset) return Number(reset[1]) * 1000;
  }
  return null;
}
