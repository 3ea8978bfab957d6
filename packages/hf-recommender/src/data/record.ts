import type { HfModelRecord } from "@lab/core";

/**
 * One model of a catalog, whatever it was read from (the seed's CSV, the live Hub, the embedded
 * task examples). Missing scalars are null and missing lists are empty, so feature code needs no
 * per-source cases.
 */
export interface ModelRecord {
  /** The repository id, e.g. "bert-base-uncased" or "google/flan-t5-base". */
  readonly id: string;
  /** The owner: the record's author field, else the id's namespace ("google"), else null. */
  readonly author: string | null;
  readonly pipelineTag: string | null;
  readonly libraryName: string | null;
  /** The transformers config's model_type ("bert"). */
  readonly modelType: string | null;
  /** The transformers config's architectures (["BertForMaskedLM"]). */
  readonly architectures: readonly string[];
  readonly tags: readonly string[];
  readonly datasets: readonly string[];
  readonly downloads: number;
  /** Unknown (null) in the seed's CSV, which has no likes column. */
  readonly likes: number | null;
  /**
   * Models this one was fine-tuned, quantized or merged from: the Hub's `base_model:` tags or the
   * card's base_model field. Empty when unknown (the seed's 2023 CSV predates those tags).
   */
  readonly baseModels: readonly string[];
  readonly lastModified: string | null;
  /** A one-line description (the embedded catalog has one per model; the CSV and the Hub list do not). */
  readonly description: string | null;
}

/** The namespace of an id ("google" for "google/flan-t5-base"), or null for a top-level id. */
export function namespaceOf(id: string): string | null {
  const slash = id.indexOf("/");
  return slash > 0 ? id.slice(0, slash) : null;
}

/** The seed CSV's row (as @lab/core's `loadHfModels` returns it) as a record. */
export function recordFromCsvRow(row: HfModelRecord): ModelRecord {
  return {
    id: row.modelId,
    author: row.author ?? namespaceOf(row.modelId),
    pipelineTag: row.pipeline_tag,
    libraryName: row.library_name,
    modelType: row.model_type,
    architectures: row.architectures,
    tags: row.tags,
    datasets: row.datasets,
    downloads: row.downloads,
    likes: null,
    baseModels: baseModelsFromTags(row.tags),
    lastModified: row.lastModified,
    description: null,
  };
}

/**
 * Base models named by the Hub's tags: `base_model:org/name` and the relation forms
 * `base_model:finetune:org/name`, `base_model:quantized:org/name`, `base_model:adapter:...`,
 * `base_model:merge:...`. Order kept, duplicates dropped.
 */
export function baseModelsFromTags(tags: readonly string[]): string[] {
  const found: string[] = [];
  for (const tag of tags) {
    if (!tag.startsWith("base_model:")) continue;
    let rest = tag.slice("base_model:".length);
    const colon = rest.indexOf(":");
    // A relation prefix has no slash before its colon; a model id never contains a colon.
    if (colon >= 0 && !rest.slice(0, colon).includes("/")) rest = rest.slice(colon + 1);
    if (rest !== "" && !found.includes(rest)) found.push(rest);
  }
  return found;
}

/**
 * The model family guessed from the id: the first word of the name after the namespace,
 * lowercased ("bert" for "asafaya/bert-mini-arabic", "wav2vec2" for
 * "jonatasgrosman/wav2vec2-large-xlsr-53-english"). The proxy ground truth of the evaluation.
 */
export function familyOf(id: string): string {
  const name = id.slice(id.indexOf("/") + 1).toLowerCase();
  const match = /[\p{L}\p{N}]+/u.exec(name);
  return match ? match[0] : name;
}
