import { InvalidArgumentError, LabError } from "@lab/core";
import type { ModelRecord } from "./record.js";
import { compareCodePoints, editDistance } from "./strings.js";

/** A model id that is not in the catalog; the message suggests close ids. */
export class UnknownModelError extends LabError {
  override readonly name = "UnknownModelError";
  constructor(
    readonly modelId: string,
    readonly suggestions: readonly string[],
    catalogName: string,
  ) {
    super(
      `unknown model id ${JSON.stringify(modelId)} in ${catalogName}${
        suggestions.length > 0
          ? `; did you mean ${suggestions.map((id) => JSON.stringify(id)).join(", ")}?`
          : ""
      }`,
    );
  }
}

/**
 * The order in which exactly equal scores are broken: more downloads first, then id (code point
 * order). `rank[i]` is model i's position in that order; @lab/linalg's top-k takes it as `tieRank`.
 */
export function downloadTieRank(ids: readonly string[], downloads: ArrayLike<number>): Int32Array {
  const order = Array.from({ length: ids.length }, (_, i) => i);
  order.sort((a, b) => downloads[b]! - downloads[a]! || compareCodePoints(ids[a]!, ids[b]!));
  const rank = new Int32Array(ids.length);
  for (let p = 0; p < order.length; p++) rank[order[p]!] = p;
  return rank;
}

/** Up to `count` ids close to `wanted`: case-insensitive equals, then substrings, then small edit distances. */
export function suggestIds(
  wanted: string,
  ids: readonly string[],
  tieRank: ArrayLike<number>,
  count = 3,
): string[] {
  const needle = wanted.toLowerCase().trim();
  if (needle === "") return [];
  const byRank = (a: number, b: number) => tieRank[a]! - tieRank[b]!;
  const exact: number[] = [];
  const containing: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!.toLowerCase();
    if (id === needle) exact.push(i);
    else if (id.includes(needle) || (needle.includes("/") && id === needle.slice(needle.indexOf("/") + 1)))
      containing.push(i);
  }
  const picked = [...exact.sort(byRank), ...containing.sort(byRank)];
  if (picked.length < count) {
    // A typo: the nearest ids by edit distance, at most a third of the id's length away.
    const limit = Math.max(1, Math.floor(needle.length / 3));
    const near: { index: number; distance: number }[] = [];
    for (let i = 0; i < ids.length; i++) {
      const distance = editDistance(needle, ids[i]!.toLowerCase(), limit);
      if (distance <= limit && !picked.includes(i)) near.push({ index: i, distance });
    }
    near.sort((a, b) => a.distance - b.distance || byRank(a.index, b.index));
    picked.push(...near.map((entry) => entry.index));
  }
  return picked.slice(0, count).map((i) => ids[i]!);
}

/**
 * Model ids with their downloads: lookup by id and the tie order every recommender uses. What a
 * recommender needs of a catalog, and all an index file keeps of it.
 */
export class ModelDirectory {
  /** Where the models came from, in words (said by the CLI and the report). */
  readonly source: string;
  readonly ids: readonly string[];
  readonly downloads: Float64Array;
  readonly tieRank: Int32Array;
  private readonly byId: Map<string, number>;

  constructor(ids: readonly string[], downloads: ArrayLike<number>, source: string) {
    if (ids.length === 0) throw new InvalidArgumentError(`${source} has no models`);
    if (downloads.length !== ids.length) {
      throw new InvalidArgumentError(`${ids.length} model ids but ${downloads.length} download counts`);
    }
    const byId = new Map<string, number>();
    ids.forEach((id, index) => {
      if (byId.has(id)) throw new InvalidArgumentError(`${source} lists model ${JSON.stringify(id)} twice`);
      byId.set(id, index);
    });
    this.source = source;
    this.ids = ids;
    this.byId = byId;
    this.downloads = Float64Array.from(downloads);
    for (let i = 0; i < ids.length; i++) {
      if (!Number.isFinite(this.downloads[i]!)) {
        throw new InvalidArgumentError(`model ${JSON.stringify(ids[i])} has downloads ${downloads[i]}`);
      }
    }
    this.tieRank = downloadTieRank(this.ids, this.downloads);
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The row of a model id; an unknown id throws `UnknownModelError` with suggestions. */
  indexOf(id: string): number {
    const index = this.byId.get(id);
    if (index === undefined)
      throw new UnknownModelError(id, suggestIds(id, this.ids, this.tieRank), this.source);
    return index;
  }
}

/** Models with unique ids and their full metadata. */
export class ModelCatalog extends ModelDirectory {
  readonly records: readonly ModelRecord[];

  constructor(records: readonly ModelRecord[], source: string) {
    super(
      records.map((record) => record.id),
      records.map((record) => record.downloads),
      source,
    );
    this.records = records;
  }

  get(id: string): ModelRecord {
    return this.records[this.indexOf(id)]!;
  }
}
