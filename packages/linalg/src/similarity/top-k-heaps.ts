/**
 * One bounded heap per query row, kept directly in the result arrays: row r owns slots
 * [r·k, r·k + k) of `keys` and `ids`. Keys follow "bigger is better" (a similarity, or a negated
 * distance). While a row fills, its slots are a min-heap with the worst kept candidate at the
 * root, so a candidate that cannot enter costs one comparison; `sortRow` then turns the slots into
 * a best-first list in place, so no second array is needed.
 *
 * Equal keys are ordered by `tieOrder[id]` (lower wins). Callers pass a permutation of the ids so
 * the order is total and the output deterministic.
 */
export class TopKHeaps {
  readonly k: number;
  readonly keys: Float64Array;
  readonly ids: Int32Array;
  private readonly sizes: Int32Array;
  private readonly tieOrder: Int32Array;

  constructor(rows: number, k: number, tieOrder: Int32Array) {
    this.k = k;
    this.keys = new Float64Array(rows * k);
    this.ids = new Int32Array(rows * k);
    this.sizes = new Int32Array(rows);
    this.tieOrder = tieOrder;
  }

  size(row: number): number {
    return this.sizes[row]!;
  }

  /** Whether (key, id) would displace the root of a full row, i.e. ranks above the worst kept. */
  beatsWorst(row: number, key: number, id: number): boolean {
    const root = row * this.k;
    const rootKey = this.keys[root]!;
    return key > rootKey || (key === rootKey && this.tieOrder[id]! < this.tieOrder[this.ids[root]!]!);
  }

  /** Offers a candidate to row `row`; k must be at least 1. */
  offer(row: number, key: number, id: number): void {
    const k = this.k;
    const size = this.sizes[row]!;
    const base = row * k;
    if (size < k) {
      this.sizes[row] = size + 1;
      this.siftUp(base, size, key, id);
      return;
    }
    // The common case on large collections: the candidate is worse than everything kept.
    const rootKey = this.keys[base]!;
    if (key < rootKey) return;
    if (key === rootKey && this.tieOrder[id]! > this.tieOrder[this.ids[base]!]!) return;
    this.siftDown(base, 0, k, key, id);
  }

  /** Sorts row `row` best first in place (heapsort: repeatedly move the worst to the end). */
  sortRow(row: number): void {
    const base = row * this.k;
    const keys = this.keys;
    const ids = this.ids;
    for (let end = this.sizes[row]! - 1; end > 0; end--) {
      const worstKey = keys[base]!;
      const worstId = ids[base]!;
      this.siftDown(base, 0, end, keys[base + end]!, ids[base + end]!);
      keys[base + end] = worstKey;
      ids[base + end] = worstId;
    }
  }

  /** Restores the heap order of row `row` after its keys were changed in place (Floyd's build). */
  reheapRow(row: number): void {
    const base = row * this.k;
    const size = this.sizes[row]!;
    for (let start = (size >> 1) - 1; start >= 0; start--) {
      this.siftDown(base, start, size, this.keys[base + start]!, this.ids[base + start]!);
    }
  }

  /** True when (keyA, idA) ranks below (keyB, idB). */
  private worse(keyA: number, idA: number, keyB: number, idB: number): boolean {
    return keyA < keyB || (keyA === keyB && this.tieOrder[idA]! > this.tieOrder[idB]!);
  }

  private siftUp(base: number, position: number, key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (!this.worse(key, id, keys[base + parent]!, ids[base + parent]!)) break;
      keys[base + position] = keys[base + parent]!;
      ids[base + position] = ids[base + parent]!;
      position = parent;
    }
    keys[base + position] = key;
    ids[base + position] = id;
  }

  /** Places (key, id) at `position` of a heap of `size` slots, moving worse children up. */
  private siftDown(base: number, position: number, size: number, key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    for (;;) {
      let child = 2 * position + 1;
      if (child >= size) break;
      const right = child + 1;
      if (
        right < size &&
        this.worse(keys[base + right]!, ids[base + right]!, keys[base + child]!, ids[base + child]!)
      ) {
        child = right;
      }
      if (!this.worse(keys[base + child]!, ids[base + child]!, key, id)) break;
      keys[base + position] = keys[base + child]!;
      ids[base + position] = ids[base + child]!;
      position = child;
    }
    keys[base + position] = key;
    ids[base + position] = id;
  }
}
