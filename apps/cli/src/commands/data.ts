import { datasetPath, datasetStatus, fetchDataset, getDataset, locateDataset } from "@lab/core";
import { type CommandContext, defineCommand, defineGroup } from "../command.js";

/** The registry reads these from the CLI's environment, so tests and embedders can pass their own. */
function lookupOptions(context: CommandContext) {
  return {
    dataDir: context.env.LAB_DATA_DIR ?? null,
    cacheDir: context.env.LAB_CACHE_DIR,
    cwd: context.cwd,
  };
}

const nameArgument = [
  { name: "name", description: "dataset name, as listed by `lab data list`", required: true },
];

const list = defineCommand({
  name: "list",
  summary: "list every known dataset and where it was found",
  async run(context) {
    const located = datasetStatus(lookupOptions(context));
    const rows = located.map((entry) => {
      const definition = getDataset(entry.name);
      return {
        name: entry.name,
        title: definition.title,
        status: entry.status,
        path: entry.path,
        files: entry.files,
      };
    });
    const nameWidth = Math.max(...rows.map((row) => row.name.length));
    for (const row of rows) {
      const where =
        row.status === "missing" ? "missing (lab data fetch to download)" : `${row.status}: ${row.path}`;
      context.print(`${row.name.padEnd(nameWidth + 2)}${where}`);
    }
    return { datasets: rows };
  },
});

const path = defineCommand({
  name: "path",
  summary: "print the folder (or npm package) holding a dataset",
  positionals: nameArgument,
  examples: ["LAB_DATA_DIR=../shared/data pnpm lab data path movielens-100k"],
  async run(context) {
    const name = context.positionals[0]!;
    // datasetPath throws the registry's own explanation of how to obtain a missing set.
    const path = datasetPath(name, lookupOptions(context));
    const found = locateDataset(name, lookupOptions(context));
    context.print(path);
    return { name, status: found.status, path, files: found.files };
  },
});

const fetch = defineCommand({
  name: "fetch",
  summary: "download a dataset into the cache, verifying its checksum",
  positionals: nameArgument,
  options: { force: { type: "boolean", description: "download again even when already present" } },
  async run(context) {
    const name = context.positionals[0]!;
    const started = performance.now();
    const path = await fetchDataset(name, {
      onProgress: context.onProgress,
      force: context.options.force === true,
    });
    context.print(path);
    return { name, path, seconds: (performance.now() - started) / 1000 };
  },
});

export const dataCommands = defineGroup({
  name: "data",
  summary: "datasets: list, locate and download",
  commands: [list, path, fetch],
});
