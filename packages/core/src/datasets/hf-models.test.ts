import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadHfModels, readHfModelsFile } from "./hf-models.js";

const HEADER =
  "modelId,lastModified,tags,pipeline_tag,author,architectures,model_type,datasets,downloads,library_name\n";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "lab-hf-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("loadHfModels", () => {
  it("turns list columns into arrays and empty cells into null", async () => {
    await writeFile(
      join(root, "data.csv"),
      `${HEADER}bert-base-uncased,2022-11-16T15:15:39.000Z,"['pytorch', 'tf']",fill-mask,,['BertForMaskedLM'],bert,"['bookcorpus', 'wikipedia']",46484719,transformers\n` +
        "gpt2,,['pytorch'],,,,,,0,\n" +
        "uer/t5,,[],,,,,CLUECorpusSmall,3,\n" +
        `x/none,,[],,,,,"[None, None]",4,\n` +
        `x/dict,,[],,,,,"[{'common_voice': 'Common Voice Corpus 4'}, 'librispeech']",5,\n`,
    );
    expect(await loadHfModels(root)).toEqual([
      {
        modelId: "bert-base-uncased",
        lastModified: "2022-11-16T15:15:39.000Z",
        tags: ["pytorch", "tf"],
        pipeline_tag: "fill-mask",
        author: null,
        architectures: ["BertForMaskedLM"],
        model_type: "bert",
        datasets: ["bookcorpus", "wikipedia"],
        downloads: 46484719,
        library_name: "transformers",
      },
      {
        modelId: "gpt2",
        lastModified: null,
        tags: ["pytorch"],
        pipeline_tag: null,
        author: null,
        architectures: [],
        model_type: null,
        datasets: [],
        downloads: 0,
        library_name: null,
      },
      expect.objectContaining({ modelId: "uer/t5", tags: [], datasets: ["CLUECorpusSmall"], downloads: 3 }),
      expect.objectContaining({ modelId: "x/none", datasets: [] }),
      expect.objectContaining({ modelId: "x/dict", datasets: ["common_voice", "librispeech"] }),
    ]);
  });

  it("rejects a file without the expected columns", async () => {
    const path = join(root, "other.csv");
    await writeFile(path, "modelId,downloads\nx,1\n");
    await expect(readHfModelsFile(path)).rejects.toThrow(/missing column\(s\) lastModified, tags/);
  });
});

const dataDir = process.env.LAB_DATA_DIR ? resolve(process.env.LAB_DATA_DIR) : null;
const hasReal = dataDir !== null && existsSync(join(dataDir, "hf-models", "data.csv"));

describe("HFMRS models (real data)", () => {
  it.skipIf(!hasReal)(
    hasReal
      ? "reads 10,000 records with array list columns"
      : "skipped: LAB_DATA_DIR is unset or has no hf-models/data.csv",
    async () => {
      vi.stubEnv("LAB_DATA_DIR", dataDir ?? "");
      const models = await loadHfModels();
      expect(models).toHaveLength(10_000);
      for (const model of models) {
        expect(Array.isArray(model.tags)).toBe(true);
        expect(Array.isArray(model.architectures)).toBe(true);
        expect(Array.isArray(model.datasets)).toBe(true);
        expect(Number.isInteger(model.downloads)).toBe(true);
      }
      expect(models[0]).toMatchObject({
        modelId: "jonatasgrosman/wav2vec2-large-xlsr-53-english",
        architectures: ["Wav2Vec2ForCTC"],
        datasets: ["common_voice", "mozilla-foundation/common_voice_6_0"],
        downloads: 47102358,
        library_name: "transformers",
      });
      expect(models[0].tags).toContain("pytorch");
      expect(models[1]).toMatchObject({ modelId: "bert-base-uncased", author: null });
      expect(models.filter((model) => model.architectures.length === 0)).toHaveLength(2624);
      expect(
        models.filter((model) => model.datasets.length === 1 && model.datasets[0] === "CLUECorpusSmall")
          .length,
      ).toBeGreaterThan(0);
    },
  );
});
