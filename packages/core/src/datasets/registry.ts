import { InvalidArgumentError } from "../errors.js";
import { DATASET_DEFINITIONS, type DatasetDefinition } from "./definitions.js";

/** A dataset given by registry name or by a full definition (for sets defined outside the registry). */
export type DatasetRef = string | DatasetDefinition;

/** Every dataset definition in the registry. */
export function listDatasets(): readonly DatasetDefinition[] {
  return DATASET_DEFINITIONS;
}

/** The definition of the dataset called `name`; throws InvalidArgumentError naming the known sets. */
export function getDataset(name: string): DatasetDefinition {
  const found = DATASET_DEFINITIONS.find((definition) => definition.name === name);
  if (!found) {
    const known = DATASET_DEFINITIONS.map((definition) => definition.name).join(", ");
    throw new InvalidArgumentError(`Unknown dataset "${name}"; known datasets: ${known}.`);
  }
  return found;
}

/** Resolves a name or passes a definition through. */
export function resolveDataset(ref: DatasetRef): DatasetDefinition {
  return typeof ref === "string" ? getDataset(ref) : ref;
}

/** The local file names a download dataset ends up with (in definition order). */
export function expectedFiles(definition: DatasetDefinition): string[] {
  if (definition.source.kind !== "download") return [];
  const files: string[] = [];
  for (const download of definition.source.downloads) {
    if (download.archive === "none") {
      if (download.file) files.push(download.file);
    } else {
      for (const member of download.members ?? []) files.push(member.file);
    }
  }
  return files;
}
