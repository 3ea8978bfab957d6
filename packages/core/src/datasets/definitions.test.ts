import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { hfModelsDefinition, movieLens100kDefinition } from "./definitions.js";
import { type FetchFunction, fetchDataset } from "./fetch.js";

// The shared data folder holds unmodified originals of some files: the checksums recorded in the
// definitions must match them.
const dataDir = process.env.LAB_DATA_DIR ? resolve(process.env.LAB_DATA_DIR) : null;
const movieLens = dataDir !== null && existsSync(join(dataDir, "movielens-100k", "u.item"));
const hfModels = dataDir !== null && existsSync(join(dataDir, "hf-models", "data.csv"));

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("recorded checksums (real data)", () => {
  it.skipIf(!movieLens)(
    movieLens
      ? "match the original MovieLens u.data and u.item"
      : "skipped: LAB_DATA_DIR is unset or has no movielens-100k/u.item",
    async () => {
      const source = movieLens100kDefinition.source;
      if (source.kind !== "download") throw new Error("expected a download source");
      for (const [file, expected] of Object.entries(source.fileSha256 ?? {})) {
        expect(sha256(await readFile(join(dataDir ?? "", "movielens-100k", file)))).toBe(expected);
      }
    },
  );

  it.skipIf(!hfModels)(
    hfModels
      ? "verify a download of the HFMRS data.csv (served by an injected fetch)"
      : "skipped: LAB_DATA_DIR is unset or has no hf-models/data.csv",
    async () => {
      const bytes = await readFile(join(dataDir ?? "", "hf-models", "data.csv"));
      const served: string[] = [];
      const fake: FetchFunction = async (url) => {
        served.push(url);
        return new Response(bytes, { status: 200, headers: { "content-length": String(bytes.length) } });
      };
      const cacheDir = await mkdtemp(join(tmpdir(), "lab-hf-fetch-"));
      try {
        const path = await fetchDataset("hf-models", { cacheDir, dataDir: null, fetch: fake });
        expect(served).toEqual([
          hfModelsDefinition.source.kind === "download" ? hfModelsDefinition.source.downloads[0].url : "",
        ]);
        expect(path).toBe(join(cacheDir, "hf-models"));
        expect(sha256(await readFile(join(path, "data.csv")))).toBe(sha256(bytes));
      } finally {
        await rm(cacheDir, { recursive: true, force: true });
      }
    },
  );
});
