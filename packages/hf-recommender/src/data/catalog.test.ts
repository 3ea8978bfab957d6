import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { downloadTieRank, ModelCatalog, ModelDirectory, suggestIds, UnknownModelError } from "./catalog.js";
import { EMBEDDED_TASKS_VERSION, embeddedCatalog } from "./embedded.js";
import { loadCsvCatalog, loadDefaultCatalog } from "./load.js";
import { baseModelsFromTags, familyOf, namespaceOf } from "./record.js";
import { syntheticCatalog, syntheticCsv } from "./synthetic.js";

describe("records", () => {
  it("namespaces, families and base models come from ids and tags", () => {
    expect(namespaceOf("google/flan-t5-base")).toBe("google");
    expect(namespaceOf("gpt2")).toBeNull();
    expect(familyOf("asafaya/bert-mini-arabic")).toBe("bert");
    expect(familyOf("jonatasgrosman/wav2vec2-large-xlsr-53-english")).toBe("wav2vec2");
    expect(familyOf("bert-base-uncased")).toBe("bert");
    expect(familyOf("microsoft/GODEL-v1_1-base-seq2seq")).toBe("godel");
    expect(
      baseModelsFromTags([
        "base_model:meta-llama/Llama-3.1-8B",
        "base_model:finetune:meta-llama/Llama-3.1-8B",
        "base_model:quantized:org/model",
        "pytorch",
      ]),
    ).toEqual(["meta-llama/Llama-3.1-8B", "org/model"]);
  });
});

describe("ModelDirectory", () => {
  const directory = new ModelDirectory(["b", "a", "c", "d"], [10, 10, 50, 0], "test");

  it("orders ties by downloads, more first, then by id", () => {
    // c (50), then a and b (10 each, a first by id), then d.
    expect(Array.from(directory.tieRank)).toEqual([2, 1, 0, 3]);
    expect(Array.from(downloadTieRank(["x", "y"], [0, 0]))).toEqual([0, 1]);
  });

  it("rejects duplicate ids and mismatched downloads", () => {
    expect(() => new ModelDirectory(["a", "a"], [1, 2], "file.csv")).toThrow(
      /file.csv lists model "a" twice/,
    );
    expect(() => new ModelDirectory(["a"], [1, 2], "x")).toThrow(InvalidArgumentError);
    expect(() => new ModelDirectory([], [], "empty.csv")).toThrow(/empty.csv has no models/);
  });

  it("an unknown id is one error suggesting close ids", () => {
    const catalog = new ModelDirectory(
      ["bert-base-uncased", "bert-base-cased", "asafaya/bert-mini-arabic", "gpt2"],
      [100, 50, 10, 80],
      "the test catalog",
    );
    expect(() => catalog.indexOf("bert-base-uncase")).toThrow(UnknownModelError);
    expect(() => catalog.indexOf("bert-base-uncase")).toThrow(
      'unknown model id "bert-base-uncase" in the test catalog; did you mean "bert-base-uncased", "bert-base-cased"?',
    );
    expect(suggestIds("BERT-BASE-UNCASED", catalog.ids, catalog.tieRank)).toEqual([
      "bert-base-uncased",
      "bert-base-cased",
    ]);
    expect(suggestIds("bert", catalog.ids, catalog.tieRank)).toEqual([
      "bert-base-uncased",
      "bert-base-cased",
      "asafaya/bert-mini-arabic",
    ]);
    expect(suggestIds("google-bert/bert-base-uncased", catalog.ids, catalog.tieRank)[0]).toBe(
      "bert-base-uncased",
    );
    expect(() => catalog.indexOf("zzzzzzzz")).toThrow(/^unknown model id "zzzzzzzz" in the test catalog$/);
  });
});

describe("catalog sources", () => {
  const folder = mkdtempSync(join(tmpdir(), "hf-catalog-"));

  it("reads the seed's CSV format, with list literals and missing values", async () => {
    const path = join(folder, "models.csv");
    writeFileSync(
      path,
      [
        "modelId,lastModified,tags,pipeline_tag,author,architectures,model_type,datasets,downloads,library_name",
        `bert-base-uncased,2022-11-16T15:15:39.000Z,"['pytorch', 'bert', 'fill-mask', 'dataset:wikipedia']",fill-mask,,['BertForMaskedLM'],bert,"['bookcorpus', 'wikipedia']",46484719,transformers`,
        "acme/thing,,,,acme,,,CLUECorpusSmall,3,",
      ].join("\n"),
    );
    const catalog = await loadCsvCatalog(path);
    expect(catalog.size).toBe(2);
    expect(catalog.get("bert-base-uncased")).toMatchObject({
      author: null,
      pipelineTag: "fill-mask",
      architectures: ["BertForMaskedLM"],
      modelType: "bert",
      datasets: ["bookcorpus", "wikipedia"],
      downloads: 46484719,
      libraryName: "transformers",
      likes: null,
      baseModels: [],
    });
    expect(catalog.get("acme/thing")).toMatchObject({
      author: "acme",
      pipelineTag: null,
      tags: [],
      architectures: [],
      datasets: ["CLUECorpusSmall"],
      libraryName: null,
    });
  });

  it("a missing file is one clear error", async () => {
    await expect(loadCsvCatalog(join(folder, "absent.csv"))).rejects.toThrow(/absent.csv.*no such file/);
  });

  it("the synthetic CSV reads back as the synthetic catalog", async () => {
    const path = join(folder, "synthetic.csv");
    writeFileSync(path, syntheticCsv({ models: 60, seed: 3 }));
    const fromCsv = await loadCsvCatalog(path);
    const direct = syntheticCatalog({ models: 60, seed: 3 });
    expect(fromCsv.ids).toEqual(direct.ids);
    fromCsv.records.forEach((record, i) => {
      const { lastModified: _a, likes: _b, ...rest } = record;
      const { lastModified: _c, likes: _d, ...expected } = direct.records[i]!;
      expect(rest).toEqual(expected);
    });
  });

  it("the embedded catalog holds @huggingface/tasks' example models", () => {
    const catalog = embeddedCatalog();
    expect(catalog.source).toContain(`@huggingface/tasks ${EMBEDDED_TASKS_VERSION}`);
    expect(catalog.size).toBeGreaterThan(100);
    const xlmr = catalog.get("FacebookAI/xlm-roberta-base");
    expect(xlmr.pipelineTag).toBe("fill-mask");
    expect(xlmr.author).toBe("FacebookAI");
    expect(xlmr.tags).toContain("nlp");
    expect(xlmr.description).toMatch(/\w/);
    // Listed under two tasks: both become tags, the first is the pipeline tag.
    const tapas = catalog.get("google/tapas-base-finetuned-wtq");
    expect(tapas.tags).toEqual(expect.arrayContaining(["question-answering", "table-question-answering"]));
  });

  it("with no data folder the default is the embedded catalog", async () => {
    const catalog = await loadDefaultCatalog({ dataDir: null, cacheDir: join(folder, "no-cache") });
    expect(catalog.source).toMatch(/^the embedded catalog/);
  });

  it("with LAB_DATA_DIR holding hf-models/data.csv the default is that file", async () => {
    const dataDir = join(folder, "data");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dataDir, "hf-models"), { recursive: true });
    writeFileSync(join(dataDir, "hf-models", "data.csv"), syntheticCsv({ models: 20 }));
    const catalog = await loadDefaultCatalog({ dataDir, cacheDir: join(folder, "no-cache") });
    expect(catalog.size).toBe(20);
    expect(catalog.source).toMatch(/^the seed's hf-models data.csv \(LAB_DATA_DIR/);
  });

  it("a catalog rejects duplicate ids", () => {
    const [first] = syntheticCatalog({ models: 1 }).records;
    expect(() => new ModelCatalog([first!, first!], "dup")).toThrow(/twice/);
  });
});
