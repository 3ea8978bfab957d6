import { InvalidArgumentError } from "@lab/core";

/**
 * Whether a data set numbers its users (or items) from 0 or from 1, or neither (the smallest id is
 * something else, as in a subset). Set 5 insists on checking this before indexing arrays by id.
 */
export type IndexBase = 0 | 1 | null;

/** The index base of a list of raw ids: 0 or 1 when that is the smallest id, else null. */
export function detectIndexBase(...idLists: ArrayLike<number>[]): IndexBase {
  let smallest = Number.POSITIVE_INFINITY;
  for (const ids of idLists) for (let t = 0; t < ids.length; t++) if (ids[t] < smallest) smallest = ids[t];
  return smallest === 0 ? 0 : smallest === 1 ? 1 : null;
}

/**
 * Raw id spans up to this many slots get a direct lookup table (4 bytes a slot); sparser or wider id
 * ranges fall back to a Map. MovieLens 25M's item ids span 209,171 values for 59,047 items.
 */
const MAX_TABLE_SPAN = 1 << 24;

/**
 * A two-way map between raw ids (as in the file: any non-negative 32-bit integers, gaps allowed) and
 * dense indices 0..size-1. Indices follow ascending raw id, so ids 1..n map to 0..n-1.
 */
export class IdMap {
  /** The raw id of each dense index, ascending. */
  readonly ids: Int32Array;
  private readonly smallest: number;
  /** index + 1 at slot (raw id − smallest), 0 for absent ids; null when the Map is used. */
  private readonly table: Int32Array | null;
  private readonly map: Map<number, number> | null;

  private constructor(sortedUniqueIds: Int32Array) {
    this.ids = sortedUniqueIds;
    const size = sortedUniqueIds.length;
    this.smallest = size > 0 ? sortedUniqueIds[0] : 0;
    const span = size > 0 ? sortedUniqueIds[size - 1] - this.smallest + 1 : 0;
    if (span <= MAX_TABLE_SPAN) {
      this.table = new Int32Array(span);
      for (let index = 0; index < size; index++)
        this.table[sortedUniqueIds[index] - this.smallest] = index + 1;
      this.map = null;
    } else {
      this.table = null;
      this.map = new Map();
      for (let index = 0; index < size; index++) this.map.set(sortedUniqueIds[index], index);
    }
  }

  /** The map of every distinct id in the lists (e.g. the training and the test users together). */
  static fromIds(...idLists: ArrayLike<number>[]): IdMap {
    let total = 0;
    for (const ids of idLists) total += ids.length;
    const all = new Int32Array(total);
    let offset = 0;
    for (const ids of idLists) {
      for (let t = 0; t < ids.length; t++) {
        const id = ids[t];
        if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
          throw new InvalidArgumentError(`ids must be integers in [0, 2^31 - 1], got ${id}`);
        }
        all[offset++] = id;
      }
    }
    all.sort();
    let unique = 0;
    for (let t = 0; t < total; t++) if (t === 0 || all[t] !== all[t - 1]) all[unique++] = all[t];
    return new IdMap(all.slice(0, unique));
  }

  /** A map from ids that are already sorted ascending and distinct (as saved models store them). */
  static fromSortedIds(ids: ArrayLike<number>): IdMap {
    const copy = Int32Array.from(ids);
    for (let t = 1; t < copy.length; t++) {
      if (!(copy[t] > copy[t - 1])) {
        throw new InvalidArgumentError(`ids must be strictly ascending; ${copy[t]} follows ${copy[t - 1]}`);
      }
    }
    if (copy.length > 0 && copy[0] < 0)
      throw new InvalidArgumentError(`ids must be non-negative, got ${copy[0]}`);
    return new IdMap(copy);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The dense index of a raw id, or -1 when the id is not in the map. */
  index(id: number): number {
    if (this.table !== null) {
      const slot = id - this.smallest;
      return slot >= 0 && slot < this.table.length && Number.isInteger(slot) ? this.table[slot] - 1 : -1;
    }
    return this.map!.get(id) ?? -1;
  }

  /** The raw id of a dense index. */
  id(index: number): number {
    if (!(Number.isInteger(index) && index >= 0 && index < this.ids.length)) {
      throw new InvalidArgumentError(`index ${index} is outside 0..${this.ids.length - 1}`);
    }
    return this.ids[index];
  }

  /** Dense indices of many raw ids; ids not in the map become -1. */
  indicesOf(ids: ArrayLike<number>): Int32Array {
    const result = new Int32Array(ids.length);
    for (let t = 0; t < ids.length; t++) result[t] = this.index(ids[t]);
    return result;
  }
}
