import { endianness } from "node:os";
import { join } from "node:path";
import {
  DataFormatError,
  InvalidArgumentError,
  readFileOrExplain,
  writeFileAtomic,
  writeJsonAtomic,
} from "@lab/core";
import { IdMap } from "../data/id-map.js";
import { FACTOR_METHODS, type FactorMethod, FactorModel } from "./factor-model.js";
import { Recommender, type TrainingInfo } from "./recommender.js";

/** Names of the files a saved model consists of. */
export const MODEL_FILES = { manifest: "model.json", arrays: "model.bin", titles: "titles.json" } as const;

const FORMAT = "lab-recsys-model";
const VERSION = 1;

type ArrayType = "float32" | "int32";

interface ArrayEntry {
  readonly name: string;
  readonly type: ArrayType;
  /** Byte offset in model.bin. */
  readonly offset: number;
  readonly length: number;
}

/** model.json: everything but the numbers, which live in model.bin as little-endian arrays. */
interface Manifest {
  readonly format: typeof FORMAT;
  readonly version: number;
  readonly method: FactorMethod;
  readonly k: number;
  readonly users: number;
  readonly items: number;
  readonly global_mean: number;
  readonly biased: boolean;
  readonly titles: boolean;
  readonly bytes: number;
  readonly arrays: readonly ArrayEntry[];
  readonly training: TrainingInfo;
}

/**
 * Saves a recommender into `dir`: model.bin (factors and biases as Float32, raw ids and the items
 * each user rated as Int32), titles.json when titles are known, and model.json describing both.
 * Each file is written atomically and model.json last, so a model.json on disk always describes
 * complete files. Factors are trained in Float64 and stored in Float32: predictions move by about
 * 1e-7 relative, far below any rating's precision.
 */
export async function saveRecommender(dir: string, recommender: Recommender): Promise<string[]> {
  if (endianness() !== "LE") throw new InvalidArgumentError("saving models needs a little-endian machine");
  const { model, users, items, rated } = recommender;
  const parts: { name: string; data: Float32Array | Int32Array }[] = [
    { name: "user_factors", data: Float32Array.from(model.userFactors) },
    { name: "item_factors", data: Float32Array.from(model.itemFactors) },
  ];
  if (model.userBias !== null) {
    parts.push({ name: "user_bias", data: Float32Array.from(model.userBias) });
    parts.push({ name: "item_bias", data: Float32Array.from(model.itemBias!) });
  }
  parts.push(
    { name: "user_ids", data: users.ids },
    { name: "item_ids", data: items.ids },
    { name: "rated_start", data: rated.start },
    { name: "rated_items", data: rated.other },
  );
  const entries: ArrayEntry[] = [];
  let offset = 0;
  for (const part of parts) {
    entries.push({
      name: part.name,
      type: part.data instanceof Float32Array ? "float32" : "int32",
      offset,
      length: part.data.length,
    });
    offset += part.data.byteLength;
  }
  const bytes = new Uint8Array(offset);
  for (let p = 0; p < parts.length; p++) {
    const data = parts[p].data;
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), entries[p].offset);
  }
  const written = [join(dir, MODEL_FILES.arrays)];
  await writeFileAtomic(written[0], bytes);
  if (recommender.titles !== null) {
    const titles: Record<string, string> = {};
    for (const id of items.ids) {
      const title = recommender.titles.get(id);
      if (title !== undefined) titles[id] = title;
    }
    written.push(join(dir, MODEL_FILES.titles));
    await writeJsonAtomic(written[1], titles);
  }
  const manifest: Manifest = {
    format: FORMAT,
    version: VERSION,
    method: model.method,
    k: model.k,
    users: model.users,
    items: model.items,
    global_mean: model.globalMean,
    biased: model.userBias !== null,
    titles: recommender.titles !== null,
    bytes: offset,
    arrays: entries,
    training: recommender.info,
  };
  written.push(join(dir, MODEL_FILES.manifest));
  await writeJsonAtomic(written.at(-1)!, manifest);
  return written;
}

/**
 * Loads a recommender saved by {@link saveRecommender}.
 *
 * @throws InvalidArgumentError when `dir` holds no model.json; DataFormatError when the files are
 *   not a model of this format or do not agree with each other.
 */
export async function loadRecommender(dir: string): Promise<Recommender> {
  const manifestPath = join(dir, MODEL_FILES.manifest);
  const manifest = parseManifest(await readFileOrExplain(manifestPath), manifestPath);
  const arraysPath = join(dir, MODEL_FILES.arrays);
  const bytes = await readFileOrExplain(arraysPath);
  if (bytes.length !== manifest.bytes) {
    throw new DataFormatError(
      `expected ${manifest.bytes} bytes as model.json says, found ${bytes.length}`,
      arraysPath,
    );
  }
  // Copy into an aligned buffer: a Buffer's offset into Node's pool need not be a multiple of 4.
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  const array = (name: string, expectedLength: number): Float32Array | Int32Array => {
    const entry = manifest.arrays.find((candidate) => candidate.name === name);
    if (!entry) throw new DataFormatError(`model.json lists no array "${name}"`, manifestPath);
    if (
      entry.length !== expectedLength ||
      entry.offset + entry.length * 4 > bytes.length ||
      entry.offset % 4 !== 0
    ) {
      throw new DataFormatError(
        `array "${name}" has ${entry.length} values at byte ${entry.offset}; expected ${expectedLength}`,
        manifestPath,
      );
    }
    return entry.type === "float32"
      ? new Float32Array(aligned.buffer, entry.offset, entry.length)
      : new Int32Array(aligned.buffer, entry.offset, entry.length);
  };
  const { k, users, items } = manifest;
  const model = new FactorModel({
    method: manifest.method,
    k,
    users,
    items,
    userFactors: Float64Array.from(array("user_factors", users * k)),
    itemFactors: Float64Array.from(array("item_factors", items * k)),
    globalMean: manifest.global_mean,
    userBias: manifest.biased ? Float64Array.from(array("user_bias", users)) : null,
    itemBias: manifest.biased ? Float64Array.from(array("item_bias", items)) : null,
  });
  const ratedStart = array("rated_start", users + 1) as Int32Array;
  const ratedCount = ratedStart[users];
  const ratedItems = array("rated_items", ratedCount) as Int32Array;
  for (let t = 0; t < ratedCount; t++) {
    if (!(ratedItems[t] >= 0 && ratedItems[t] < items)) {
      throw new DataFormatError(`rated item index ${ratedItems[t]} is outside 0..${items - 1}`, arraysPath);
    }
  }
  let titles: Map<number, string> | null = null;
  if (manifest.titles) {
    const titlesPath = join(dir, MODEL_FILES.titles);
    const parsed = parseJson(await readFileOrExplain(titlesPath), titlesPath);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new DataFormatError("expected an object of id: title", titlesPath);
    }
    titles = new Map(
      Object.entries(parsed as Record<string, unknown>).map(([id, title]) => [Number(id), String(title)]),
    );
  }
  return new Recommender(
    model,
    IdMap.fromSortedIds(array("user_ids", users)),
    IdMap.fromSortedIds(array("item_ids", items)),
    { rows: users, start: ratedStart, other: ratedItems, rating: new Float32Array(ratedCount) },
    titles,
    manifest.training,
  );
}

function parseJson(bytes: Buffer, path: string): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new DataFormatError(`not valid JSON (${(error as Error).message})`, path);
  }
}

function parseManifest(bytes: Buffer, path: string): Manifest {
  const value = parseJson(bytes, path) as Partial<Manifest> | null;
  if (typeof value !== "object" || value === null || value.format !== FORMAT) {
    throw new DataFormatError(`not a ${FORMAT} manifest (its "format" must be "${FORMAT}")`, path);
  }
  if (value.version !== VERSION) {
    throw new DataFormatError(
      `model format version ${String(value.version)} is not supported (this reader reads ${VERSION})`,
      path,
    );
  }
  const positive = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 0;
  if (
    !FACTOR_METHODS.includes(value.method as FactorMethod) ||
    !positive(value.k) ||
    !positive(value.users) ||
    !positive(value.items) ||
    typeof value.global_mean !== "number" ||
    !positive(value.bytes) ||
    !Array.isArray(value.arrays)
  ) {
    throw new DataFormatError("model.json lacks method, k, users, items, global_mean, bytes or arrays", path);
  }
  return { ...value, training: value.training ?? {} } as Manifest;
}
