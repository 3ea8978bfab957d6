import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DataFormatError, DatasetUnavailableError } from "../errors.js";
import { loadMovieLens100k, MOVIELENS_GENRES, readMovieLensRatings } from "./movielens.js";

const flags = (...on: number[]) => MOVIELENS_GENRES.map((_, g) => (on.includes(g) ? "1" : "0")).join("|");

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "lab-movielens-"));
  vi.stubEnv("LAB_DATA_DIR", "");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

async function writeSet(dir: string, ratings: string, items: Uint8Array | string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "u.data"), ratings);
  await writeFile(join(dir, "u.item"), items);
}

describe("loadMovieLens100k", () => {
  it("parses ratings into typed columns and items with genres (Latin-1)", async () => {
    const dir = join(root, "movielens-100k");
    const title = Buffer.concat([Buffer.from("2|Belle "), Buffer.from([0xe9]), Buffer.from("poque (1992)|")]);
    const items = Buffer.concat([
      Buffer.from(`1|Toy Story (1995)|01-Jan-1995||http://x|${flags(3, 4, 5)}\n`),
      title,
      Buffer.from(`|||${flags(8)}\n`),
    ]);
    await writeSet(dir, "196\t2\t3\t881250949\n1\t1\t4.5\t891717742\n", items);

    const { ratings, items: parsed } = await loadMovieLens100k(dir);
    expect(ratings.user).toEqual(new Int32Array([196, 1]));
    expect(ratings.item).toEqual(new Int32Array([2, 1]));
    expect(ratings.rating).toEqual(new Float32Array([3, 4.5]));
    expect(ratings.timestamp).toEqual(new Float64Array([881250949, 891717742]));
    expect(parsed).toEqual([
      {
        id: 1,
        title: "Toy Story (1995)",
        releaseDate: "1995-01-01",
        genres: ["Animation", "Children's", "Comedy"],
      },
      { id: 2, title: "Belle époque (1992)", releaseDate: null, genres: ["Drama"] },
    ]);
  });

  it("uses u.genre when present", async () => {
    const dir = join(root, "set");
    await writeSet(dir, "1\t1\t5\t1\n", "1|A|||x|0|1\n");
    await writeFile(join(dir, "u.genre"), "None|0\nOnly|1\n\n");
    const { items } = await loadMovieLens100k(dir);
    expect(items[0].genres).toEqual(["Only"]);
  });

  it("finds the set through LAB_DATA_DIR", async () => {
    await writeSet(join(root, "movielens-100k"), "1\t1\t5\t1\n", `1|A|1-Feb-1996||x|${flags(1)}\n`);
    vi.stubEnv("LAB_DATA_DIR", root);
    const { ratings, items } = await loadMovieLens100k({ cacheDir: join(root, "cache") });
    expect(ratings.user.length).toBe(1);
    expect(items[0]).toMatchObject({ releaseDate: "1996-02-01", genres: ["Action"] });
  });

  it("says how to get the set when it is missing", async () => {
    await expect(loadMovieLens100k({ dataDir: null, cacheDir: join(root, "cache") })).rejects.toThrow(
      DatasetUnavailableError,
    );
  });

  it("rejects malformed lines with file and line", async () => {
    const path = join(root, "u.data");
    await writeFile(path, "1\t1\t5\t1\n1\t2\t9\t1\n");
    await expect(readMovieLensRatings(path)).rejects.toThrow(
      /u\.data, line 2: rating must be a number from 1 to 5/,
    );
    await writeFile(path, "1\t1\t5\n");
    await expect(readMovieLensRatings(path)).rejects.toThrow(DataFormatError);
    await writeFile(path, "0\t1\t5\t1\n");
    await expect(readMovieLensRatings(path)).rejects.toThrow(/user id must be a positive integer/);
  });
});

const dataDir = process.env.LAB_DATA_DIR ? resolve(process.env.LAB_DATA_DIR) : null;
const hasReal = dataDir !== null && existsSync(join(dataDir, "movielens-100k", "u.data"));

describe("MovieLens 100K (real data)", () => {
  it.skipIf(!hasReal)(
    hasReal
      ? "reads 100,000 ratings of 943 users on 1,682 items"
      : "skipped: LAB_DATA_DIR is unset or has no movielens-100k/u.data",
    async () => {
      vi.stubEnv("LAB_DATA_DIR", dataDir ?? "");
      const { ratings, items } = await loadMovieLens100k();
      expect(ratings.user.length).toBe(100_000);
      expect(new Set(ratings.user).size).toBe(943);
      expect(new Set(ratings.item).size).toBe(1682);
      expect(Math.min(...ratings.user)).toBe(1);
      expect(Math.max(...ratings.user)).toBe(943);
      expect(Math.min(...ratings.item)).toBe(1);
      expect(Math.max(...ratings.item)).toBe(1682);
      expect(new Set(ratings.rating)).toEqual(new Set([1, 2, 3, 4, 5]));
      expect(items).toHaveLength(1682);
      expect(items.map((item) => item.id)).toEqual(Array.from({ length: 1682 }, (_, i) => i + 1));
      expect(items[0]).toEqual({
        id: 1,
        title: "Toy Story (1995)",
        releaseDate: "1995-01-01",
        genres: ["Animation", "Children's", "Comedy"],
      });
      expect(items[266]).toMatchObject({ id: 267, title: "unknown", releaseDate: null });
      expect(items.find((item) => item.releaseDate === "1971-02-04")).toBeDefined(); // "4-Feb-1971" in the file
      expect(items.some((item) => /[\u00c0-\u00ff]/.test(item.title))).toBe(true);
    },
  );
});
