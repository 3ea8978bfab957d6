import { type LocateOptions, locateDataset, readHfModelsFile } from "@lab/core";
import { ModelCatalog } from "./catalog.js";
import { embeddedCatalog } from "./embedded.js";
import { recordFromCsvRow } from "./record.js";

/**
 * A CSV in the seed's format (modelId, lastModified, tags, pipeline_tag, author, architectures,
 * model_type, datasets, downloads, library_name; list columns as Python literals) as a catalog.
 * Parsing and the normalisation of irregular cells are @lab/core's `readHfModelsFile`.
 */
export async function loadCsvCatalog(path: string, source = path): Promise<ModelCatalog> {
  const rows = await readHfModelsFile(path);
  return new ModelCatalog(rows.map(recordFromCsvRow), source);
}

/**
 * The catalog a command uses when given no data: the seed's file (`hf-models/data.csv`) when
 * LAB_DATA_DIR or the dataset cache has it, else the embedded catalog of task example models.
 */
export async function loadDefaultCatalog(options: LocateOptions = {}): Promise<ModelCatalog> {
  const location = locateDataset("hf-models", { ...options, file: "data.csv" });
  if (location.path === null) return embeddedCatalog();
  const path = `${location.path}/data.csv`;
  const where = location.status === "data-dir" ? "LAB_DATA_DIR" : "the dataset cache";
  return loadCsvCatalog(path, `the seed's hf-models data.csv (${where}: ${path})`);
}
