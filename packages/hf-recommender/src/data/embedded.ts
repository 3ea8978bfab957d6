import { PIPELINE_DATA, TASKS_DATA } from "@huggingface/tasks";
import { ModelCatalog } from "./catalog.js";
import { type ModelRecord, namespaceOf } from "./record.js";

/** The @huggingface/tasks version the embedded catalog comes from (pinned in package.json). */
export const EMBEDDED_TASKS_VERSION = "0.21.54";

/**
 * The models @huggingface/tasks recommends as examples on each task page (about 150 models over
 * 47 tasks), as records. That package ships with npm, so this catalog needs no download. It knows
 * only a model's id, its task(s) and a one-line description: the pipeline tag is the first task
 * listing the model, the tags are every task listing it plus those tasks' modalities, and the
 * description's words join the soup. Architectures, model type, library, datasets and downloads are
 * unknown (empty, and 0 downloads, so ties fall back to id order).
 */
export function embeddedRecords(): ModelRecord[] {
  const byId = new Map<string, { tasks: string[]; descriptions: string[] }>();
  for (const [task, data] of Object.entries(TASKS_DATA)) {
    if (!data) continue;
    for (const model of data.models) {
      const entry = byId.get(model.id) ?? { tasks: [], descriptions: [] };
      if (!entry.tasks.includes(task)) entry.tasks.push(task);
      if (model.description && !entry.descriptions.includes(model.description))
        entry.descriptions.push(model.description);
      byId.set(model.id, entry);
    }
  }
  const records: ModelRecord[] = [];
  for (const [id, { tasks, descriptions }] of byId) {
    const modalities = tasks
      .map((task) => (PIPELINE_DATA as Record<string, { modality?: string } | undefined>)[task]?.modality)
      .filter((modality): modality is string => typeof modality === "string");
    records.push({
      id,
      author: namespaceOf(id),
      pipelineTag: tasks[0]!,
      libraryName: null,
      modelType: null,
      architectures: [],
      tags: [...new Set([...tasks, ...modalities])],
      datasets: [],
      downloads: 0,
      likes: null,
      baseModels: [],
      lastModified: null,
      description: descriptions.length > 0 ? descriptions.join(" ") : null,
    });
  }
  return records;
}

/** The embedded catalog (see `embeddedRecords`). */
export function embeddedCatalog(): ModelCatalog {
  const records = embeddedRecords();
  return new ModelCatalog(
    records,
    `the embedded catalog: ${records.length} example models of @huggingface/tasks ${EMBEDDED_TASKS_VERSION}'s task pages`,
  );
}
