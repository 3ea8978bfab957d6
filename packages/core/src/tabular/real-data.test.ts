// Reads the real data sets in LAB_DATA_DIR (see shared/data/README.md) when they are there. They are
// never copied into the repository; without them these tests are skipped and say why.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readDelimitedFile } from "./parse-delimited.js";
import { readRecords } from "./records.js";
import { streamDelimitedFile } from "./stream-delimited.js";

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * Path of `file` in LAB_DATA_DIR, or undefined. A relative LAB_DATA_DIR is taken from the working
 * directory first and then from the repository root, so the tests find the data whether vitest
 * runs at the root or inside packages/core.
 */
function dataFile(file: string): string | undefined {
  const dir = process.env.LAB_DATA_DIR;
  if (!dir) return undefined;
  for (const base of [process.cwd(), repositoryRoot]) {
    const path = resolve(base, dir, file);
    if (existsSync(path)) return path;
  }
  return undefined;
}

function skipNote(path: string | undefined, file: string): string {
  return path ? "" : ` (skipped: LAB_DATA_DIR is unset or has no ${file})`;
}

const hfModels = dataFile("hf-models/data.csv");
const movieItems = dataFile("movielens-100k/u.item");
const movieRatings = dataFile("movielens-100k/u.data");

describe("real data", () => {
  it.skipIf(!hfModels)(
    `reads the 10,000 Hub models of data.csv${skipNote(hfModels, "hf-models/data.csv")}`,
    async () => {
      const records = await readRecords(hfModels as string, {
        types: {
          tags: "python-list",
          architectures: "python-list",
          datasets: "python-list",
          downloads: "integer",
        },
      });
      expect(records).toHaveLength(10_000);
      // Plain counting rather than an expect per cell: 100,000 expects take seconds.
      let emptyDatasets = 0;
      const problems: string[] = [];
      records.forEach((record, index) => {
        for (const column of ["tags", "architectures", "datasets"] as const) {
          const value = record[column];
          if (value !== null && !Array.isArray(value)) problems.push(`row ${index}: ${column} is not a list`);
        }
        // Tags and architectures are lists of names; datasets may also hold None and dicts.
        for (const item of [...(record.tags ?? []), ...(record.architectures ?? [])]) {
          if (typeof item !== "string") problems.push(`row ${index}: ${JSON.stringify(item)} is not a name`);
        }
        if (record.datasets === null) emptyDatasets++;
        if (record.downloads !== null && !Number.isSafeInteger(record.downloads)) {
          problems.push(`row ${index}: downloads ${record.downloads}`);
        }
      });
      expect(problems).toEqual([]);
      // Most models name no dataset: the empty cells must come back as null, not as errors.
      expect(emptyDatasets).toBeGreaterThan(0);
      // Some cells hold one bare dataset name rather than a list literal: each is a one-item list.
      const { rows, columns } = await readDelimitedFile(hfModels as string, { header: true });
      const datasetsColumn = (columns ?? []).indexOf("datasets");
      const bare = rows.flatMap((row, index) =>
        row[datasetsColumn] !== "" && !row[datasetsColumn].startsWith("[") ? [index] : [],
      );
      expect(bare.length).toBeGreaterThan(0);
      expect(bare.filter((index) => records[index].datasets?.[0] !== rows[index][datasetsColumn])).toEqual(
        [],
      );
      const [first] = records;
      expect(first.modelId).toBe("jonatasgrosman/wav2vec2-large-xlsr-53-english");
      expect(first.downloads).toBe(47102358);
      expect(first.architectures).toEqual(["Wav2Vec2ForCTC"]);
      expect(first.datasets).toEqual(["common_voice", "mozilla-foundation/common_voice_6_0"]);
      expect(first.tags).toHaveLength(18);
      expect((first.tags as string[]).slice(0, 3)).toEqual(["pytorch", "jax", "safetensors"]);
    },
  );

  it.skipIf(!movieItems)(
    `decodes the Latin-1 titles of u.item${skipNote(movieItems, "movielens-100k/u.item")}`,
    async () => {
      const { rows } = await readDelimitedFile(movieItems as string, {
        delimiter: "|",
        quote: false,
        encoding: "latin1",
      });
      expect(rows).toHaveLength(1682);
      const byId = new Map(rows.map((row) => [row[0], row]));
      expect(byId.get("543")?.[1]).toBe("Misérables, Les (1995)");
      // 5 fields (id, title, release date, video date, URL) and 19 genre flags.
      expect(new Set(rows.map((row) => row.length))).toEqual(new Set([24]));
    },
  );

  it.skipIf(!movieRatings)(
    `reads the 100,000 ratings of u.data${skipNote(movieRatings, "movielens-100k/u.data")}`,
    async () => {
      const { rows } = await readDelimitedFile(movieRatings as string, { delimiter: "\t", quote: false });
      expect(rows).toHaveLength(100_000);
      expect(rows.every((row) => row.length === 4)).toBe(true);
      let streamed = 0;
      let differing = 0;
      for await (const row of streamDelimitedFile(movieRatings as string, {
        delimiter: "\t",
        quote: false,
      })) {
        if (row.join("\t") !== rows[streamed].join("\t")) differing++;
        streamed++;
      }
      expect(streamed).toBe(100_000);
      expect(differing).toBe(0);
    },
  );
});
