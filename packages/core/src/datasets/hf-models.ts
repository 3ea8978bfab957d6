import { join } from "node:path";
import { DataFormatError } from "../errors.js";
import { type PyValue, parsePythonLiteral, readDelimitedFile, tableToRecords } from "../tabular/index.js";
import { datasetFolder, type LocateOptions } from "./locate.js";

/** One model of the HFMRS metadata file; column names as in the file, missing values as null. */
export interface HfModelRecord {
  readonly modelId: string;
  readonly lastModified: string | null;
  readonly tags: string[];
  readonly pipeline_tag: string | null;
  readonly author: string | null;
  readonly architectures: string[];
  readonly model_type: string | null;
  readonly datasets: string[];
  readonly downloads: number;
  readonly library_name: string | null;
}

export const HF_MODEL_COLUMNS = [
  "modelId",
  "lastModified",
  "tags",
  "pipeline_tag",
  "author",
  "architectures",
  "model_type",
  "datasets",
  "downloads",
  "library_name",
] as const;

/**
 * Reads the HFMRS data.csv (header row; tags, architectures and datasets hold Python list literals,
 * empty cells are missing). List columns come back as arrays (empty when missing). The real file's
 * `datasets` column is irregular: a bare name (87 rows) becomes a one-element list, None entries
 * are dropped and a dict entry contributes its keys. downloads is an integer. `source` is the dataset folder, or lookup options.
 */
export async function loadHfModels(source?: string | LocateOptions): Promise<HfModelRecord[]> {
  const path = join(datasetFolder("hf-models", source, "data.csv"), "data.csv");
  return readHfModelsFile(path);
}

/** Reads a CSV file in the HFMRS data.csv format (any name). */
export async function readHfModelsFile(path: string): Promise<HfModelRecord[]> {
  const table = await readDelimitedFile(path, { header: true });
  const missing = HF_MODEL_COLUMNS.filter((column) => !table.columns?.includes(column));
  if (missing.length > 0) throw new DataFormatError(`missing column(s) ${missing.join(", ")}`, path, 1);
  const records = tableToRecords(table, {
    types: {
      modelId: "string",
      lastModified: "optional-string",
      tags: "python-list",
      pipeline_tag: "optional-string",
      author: "optional-string",
      architectures: "python-list",
      model_type: "optional-string",
      // Mostly lists of names, but some cells hold one bare name (`CLUECorpusSmall`), `[None, None]`
      // or a dict of name to description: parsed below.
      datasets: "optional-string",
      downloads: "integer",
      library_name: "optional-string",
    },
  });
  const out: HfModelRecord[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const line = table.lines?.[i] ?? i + 2;
    const modelId = record.modelId;
    if (typeof modelId !== "string" || modelId === "")
      throw new DataFormatError("modelId is empty", path, line);
    const downloads = record.downloads ?? 0;
    if (typeof downloads !== "number" || !Number.isInteger(downloads)) {
      throw new DataFormatError(`downloads must be an integer, got ${JSON.stringify(downloads)}`, path, line);
    }
    out[i] = {
      modelId,
      lastModified: optionalString(record.lastModified),
      tags: stringList(record.tags, "tags", path, line),
      pipeline_tag: optionalString(record.pipeline_tag),
      author: optionalString(record.author),
      architectures: stringList(record.architectures, "architectures", path, line),
      model_type: optionalString(record.model_type),
      datasets: nameList(record.datasets, path, line),
      downloads,
      library_name: optionalString(record.library_name),
    };
  }
  return out;
}

function optionalString(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  return String(value);
}

/**
 * The dataset names of a `datasets` cell: a list literal of names, where None entries are dropped
 * and a dict contributes its keys (`[{'common_voice': 'Common Voice Corpus 4'}]`); or one bare name.
 */
function nameList(value: unknown, path: string, line: number): string[] {
  if (typeof value !== "string") return stringList(value, "datasets", path, line);
  const text = value.trim();
  if (text === "") return [];
  if (!text.startsWith("[") && !text.startsWith("(")) return [text];
  const parsed = parsePythonLiteral(text, { source: path, line });
  if (!Array.isArray(parsed)) throw new DataFormatError(`datasets must be a list, got ${text}`, path, line);
  const names: string[] = [];
  const add = (entry: PyValue) => {
    if (entry === null) return;
    if (typeof entry === "string") names.push(entry);
    else if (Array.isArray(entry)) entry.forEach(add);
    else if (typeof entry === "object") names.push(...Object.keys(entry));
    else names.push(String(entry));
  };
  parsed.forEach(add);
  return names;
}

function stringList(value: unknown, column: string, path: string, line: number): string[] {
  if (value === null || value === undefined || value === "") return [];
  if (!Array.isArray(value))
    throw new DataFormatError(`${column} must be a list, got ${JSON.stringify(value)}`, path, line);
  return value.map((entry) => String(entry));
}
