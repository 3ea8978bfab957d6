import type { ModelRecord } from "../data/record.js";

/**
 * The seed's "soup": one document per model from its tags, pipeline tag, author, architectures,
 * model type, datasets and library (and, for the embedded catalog, its description). Underscores
 * become spaces, as in the seed's cleaned columns ("common_voice" reads "common voice"): the
 * tokenizer's `\w` would otherwise keep "common_voice" as one word. Hyphens, slashes and colons
 * need no cleaning; the tokenizer splits on them.
 */
export function soupOf(record: ModelRecord): string {
  const parts: string[] = [
    ...record.tags,
    record.pipelineTag ?? "",
    record.author ?? "",
    ...record.architectures,
    record.modelType ?? "",
    ...record.datasets,
    record.libraryName ?? "",
    record.description ?? "",
  ];
  return soupText(parts);
}

/** Parts joined by spaces with underscores as spaces: how the soup, and a free-text query, is written. */
export function soupText(parts: readonly string[]): string {
  return parts
    .filter((part) => part !== "")
    .join(" ")
    .replaceAll("_", " ");
}
