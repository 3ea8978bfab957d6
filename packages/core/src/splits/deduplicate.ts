export interface Deduplication {
  /** Index of the first occurrence of each distinct key, in original order. */
  indices: Uint32Array;
  /** How many items repeated an earlier key and were left out. */
  duplicates: number;
}

/**
 * Finds the first occurrence of each distinct key (compared with SameValueZero, as Map does) so that
 * repeated samples cannot land on both sides of a split. The default key is the item itself.
 *
 * @example
 * const { indices } = deduplicate(messages, (message) => message.text);
 * const unique = take(messages, indices);
 */
export function deduplicate<T>(
  items: ArrayLike<T>,
  key: (item: T, index: number) => unknown = (item) => item,
): Deduplication {
  const seen = new Set<unknown>();
  const firsts = new Uint32Array(items.length);
  let count = 0;
  for (let i = 0; i < items.length; i++) {
    const itemKey = key(items[i], i);
    if (seen.has(itemKey)) continue;
    seen.add(itemKey);
    firsts[count++] = i;
  }
  return { indices: firsts.slice(0, count), duplicates: items.length - count };
}
