import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DatasetUnavailableError } from "../errors.js";
import { AG_NEWS_CLASSES, loadAgNews, readAgNewsFile } from "./ag-news.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "lab-agnews-"));
  vi.stubEnv("LAB_DATA_DIR", "");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

describe("loadAgNews", () => {
  it("parses quoted rows without header, keeping commas, doubled quotes and escaped newlines", async () => {
    const dir = join(root, "ag-news");
    await mkdir(dir);
    await writeFile(
      join(dir, "test.csv"),
      '"3","Fears for T N pension","Unions say, ""disappointed"" after talks."\n"2","A\\nB","x"\n',
    );
    expect(await loadAgNews(dir, "test")).toEqual([
      { label: 3, title: "Fears for T N pension", description: 'Unions say, "disappointed" after talks.' },
      { label: 2, title: "A\\nB", description: "x" },
    ]);
    expect(AG_NEWS_CLASSES[3 - 1]).toBe("Business");
  });

  it("looks for the folder that holds the requested split", async () => {
    await mkdir(join(root, "data", "ag-news"), { recursive: true });
    await writeFile(join(root, "data", "ag-news", "dev.csv"), '"1","t","d"\n');
    await mkdir(join(root, "cache", "ag-news"), { recursive: true });
    await writeFile(join(root, "cache", "ag-news", "train.csv"), '"4","t","d"\n');
    const options = { dataDir: join(root, "data"), cacheDir: join(root, "cache") };
    expect((await loadAgNews(options, "dev"))[0].label).toBe(1);
    expect((await loadAgNews(options, "train"))[0].label).toBe(4);
    await expect(loadAgNews(options, "test")).rejects.toThrow(DatasetUnavailableError);
    await expect(loadAgNews(options, "test")).rejects.toThrow(/ag-news\/test\.csv is not available/);
  });

  it("rejects bad labels and rows of the wrong width", async () => {
    const path = join(root, "bad.csv");
    await writeFile(path, '"1","t","d"\n"5","t","d"\n');
    await expect(readAgNewsFile(path)).rejects.toThrow(
      /bad\.csv, line 2: class must be 1, 2, 3 or 4, got "5"/,
    );
    await writeFile(path, '"1","t"\n');
    await expect(readAgNewsFile(path)).rejects.toThrow(/expected 3 fields/);
  });
});

const dataDir = process.env.LAB_DATA_DIR ? resolve(process.env.LAB_DATA_DIR) : null;
const hasReal = dataDir !== null && existsSync(join(dataDir, "ag-news", "dev.csv"));

describe("AG News (real data)", () => {
  it.skipIf(!hasReal)(
    hasReal
      ? "reads the dev subset with labels 1-4"
      : "skipped: LAB_DATA_DIR is unset or has no ag-news/dev.csv",
    async () => {
      vi.stubEnv("LAB_DATA_DIR", dataDir ?? "");
      const rows = await loadAgNews(undefined, "dev");
      expect(rows).toHaveLength(5682);
      expect(new Set(rows.map((row) => row.label))).toEqual(new Set([1, 2, 3, 4]));
      for (const row of rows) {
        expect(row.title.length + row.description.length).toBeGreaterThan(0);
      }
      expect(rows[0]).toMatchObject({ label: 3, title: "Fears for T N pension after talks" });
    },
  );
});
