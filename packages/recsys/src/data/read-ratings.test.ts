import { join } from "node:path";
import { DataFormatError, InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { movieLensFolder, movieLensSkipNote, temporaryFolder, writeFixture } from "../test-support/files.js";
import { detectRatingsFormat, readRatingsFile } from "./read-ratings.js";

const folder = temporaryFolder("read");

async function read(name: string, contents: string) {
  const file = await readRatingsFile(writeFixture(folder, name, contents));
  return {
    ...file,
    users: Array.from(file.userIds),
    items: Array.from(file.itemIds),
    values: Array.from(file.ratings),
  };
}

describe("readRatingsFile", () => {
  it("reads u.data: tab-separated user, item, rating, timestamp", async () => {
    const file = await read(
      "u.data",
      "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n",
    );
    expect(file).toMatchObject({
      format: "tab",
      header: false,
      users: [196, 186, 22],
      items: [242, 302, 377],
      values: [3, 3, 1],
    });
  });

  it("reads set 5's three-column train/test files with LF, CRLF or CR-only endings alike", async () => {
    const rows = ["1\t1\t5", "1\t2\t3", "2\t1\t4"];
    for (const [name, ending] of [
      ["lf.txt", "\n"],
      ["crlf.txt", "\r\n"],
      ["cr.txt", "\r"],
    ] as const) {
      const file = await read(name, rows.join(ending) + ending);
      expect({ users: file.users, items: file.items, values: file.values }).toEqual({
        users: [1, 1, 2],
        items: [1, 2, 1],
        values: [5, 3, 4],
      });
    }
  });

  it("reads ratings.dat (user::item::rating::timestamp) and half-star ratings", async () => {
    const file = await read("ratings.dat", "1::1193::5::978300760\r\n1::661::3.5::978302109\r\n");
    expect(file).toMatchObject({
      format: "double-colon",
      users: [1, 1],
      items: [1193, 661],
      values: [5, 3.5],
    });
  });

  it("reads CSV with a header, finding the columns by name in any order", async () => {
    const standard = await read(
      "ratings.csv",
      "userId,movieId,rating,timestamp\n1,307,3.5,1256677221\n0,481,4,1256677456\n",
    );
    expect(standard).toMatchObject({
      format: "csv",
      header: true,
      users: [1, 0],
      items: [307, 481],
      values: [3.5, 4],
    });
    const shuffled = await read("shuffled.csv", "\uFEFFrating,item_id,user_id\n2,10,7\n");
    expect(shuffled).toMatchObject({ users: [7], items: [10], values: [2] });
  });

  it("accepts a header on a tab file too", async () => {
    const file = await read("header.tsv", "user\titem\trating\n3\t4\t5\n");
    expect(file).toMatchObject({ header: true, users: [3], items: [4], values: [5] });
  });

  it("names file and line for rows it cannot read", async () => {
    await expect(read("short.txt", "1\t2\t3\n4\t5\n")).rejects.toThrow(
      /short\.txt, line 2: expected at least 3 tab-separated fields \(user, item, rating\), got 2/,
    );
    await expect(read("badid.txt", "1\t2\t3\n1.5\t2\t3\n")).rejects.toThrow(
      /line 2: user id must be a non-negative integer, got "1.5"/,
    );
    await expect(read("badrating.txt", "1\t2\tfive\n")).rejects.toThrow(
      /line 1: rating must be a finite number, got "five"/,
    );
    await expect(read("header.csv", "who,what,score\n1,2,3\n")).rejects.toThrow(/must name a user column/);
    await expect(read("spaces.txt", "1 2 3\n")).rejects.toThrow(DataFormatError);
    await expect(read("empty.txt", "\n\n")).rejects.toThrow(/holds no ratings/);
  });

  it("says when the file is missing", async () => {
    await expect(readRatingsFile(join(folder, "nope.txt"))).rejects.toThrow(InvalidArgumentError);
    await expect(readRatingsFile(join(folder, "nope.txt"))).rejects.toThrow(/no such file/);
  });

  it(`reads the real MovieLens 100K u.data${movieLensSkipNote}`, async (context) => {
    const dir = movieLensFolder();
    if (!dir) return context.skip();
    const file = await readRatingsFile(join(dir, "u.data"));
    expect(file.ratings).toHaveLength(100_000);
    expect(Math.min(...file.userIds)).toBe(1);
    expect(Math.max(...file.userIds)).toBe(943);
    expect(Math.max(...file.itemIds)).toBe(1682);
  });
});

describe("detectRatingsFormat", () => {
  it("prefers :: over tab over comma", () => {
    expect(detectRatingsFormat("1::2::3")).toBe("double-colon");
    expect(detectRatingsFormat("1\t2,5\t3")).toBe("tab");
    expect(detectRatingsFormat("1,2,3")).toBe("csv");
    expect(() => detectRatingsFormat("1;2;3")).toThrow(/cannot tell the format/);
  });
});
