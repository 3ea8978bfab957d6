import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataFormatError, InvalidArgumentError } from "../errors.js";
import { parseDelimited, type Table } from "./parse-delimited.js";
import type { PyValue } from "./python-literal.js";
import { type ColumnTypes, readRecords, tableToRecords } from "./records.js";

function conversionError(table: Table, types: ColumnTypes): DataFormatError {
  try {
    tableToRecords(table, { types });
  } catch (error) {
    if (error instanceof DataFormatError) return error;
    throw error;
  }
  throw new Error("expected a DataFormatError");
}

const MODELS_CSV = [
  "modelId,tags,pipeline_tag,downloads,score,meta",
  `org/a,"['pytorch', ""it's""]",text-classification,1200,0.5,"{'layers': 12}"`,
  "org/b,,,,,",
  'org/c,[],fill-mask,3.0,inf,"(1, None)"',
  "",
].join("\n");

describe("tableToRecords", () => {
  const table = parseDelimited(MODELS_CSV, { header: true, source: "models.csv" });

  it("keys rows by column name and converts typed columns", () => {
    const records = tableToRecords(table, {
      types: {
        tags: "python-list",
        pipeline_tag: "optional-string",
        downloads: "integer",
        score: "number",
        meta: "python",
      },
    });
    // Types follow the column types given (checked by tsc, which compiles the tests).
    const downloads: number | null = records[0].downloads;
    const tags: PyValue[] | null = records[0].tags;
    // @ts-expect-error a python-list column does not hold strings
    const notAString: string = records[0].tags;
    void [downloads, tags, notAString];
    expect(records).toEqual([
      {
        modelId: "org/a",
        tags: ["pytorch", "it's"],
        pipeline_tag: "text-classification",
        downloads: 1200,
        score: 0.5,
        meta: { layers: 12 },
      },
      { modelId: "org/b", tags: null, pipeline_tag: null, downloads: null, score: null, meta: null },
      {
        modelId: "org/c",
        tags: [],
        pipeline_tag: "fill-mask",
        downloads: 3,
        score: Number.POSITIVE_INFINITY,
        meta: [1, null],
      },
    ]);
  });

  it("keeps empty cells as empty strings in untyped and string columns", () => {
    const [, second] = tableToRecords(table, { types: { modelId: "string" } });
    expect(second).toEqual({
      modelId: "org/b",
      tags: "",
      pipeline_tag: "",
      downloads: "",
      score: "",
      meta: "",
    });
  });

  it("reads float lists as Float32Array", () => {
    const embeddings = parseDelimited('id,embeddings,label\n0,"[0.5, -1.25, 3e-05]",positive\n1,,neutral\n', {
      header: true,
    });
    const [first, second] = tableToRecords(embeddings, { types: { embeddings: "float-list" } });
    expect(first.embeddings).toBeInstanceOf(Float32Array);
    expect(Array.from(first.embeddings as Float32Array)).toEqual([0.5, -1.25, Math.fround(3e-5)]);
    expect(second.embeddings).toBeNull();
  });

  it("reads numbers in Python's float syntax and rejects everything else", () => {
    const numbers = parseDelimited("x\n1_000.5\n-1e-3\nNaN\n-Infinity\n .5 \n", { header: true });
    const values = tableToRecords(numbers, { types: { x: "number" } }).map((record) => record.x);
    expect(values).toEqual([1000.5, -0.001, Number.NaN, Number.NEGATIVE_INFINITY, 0.5]);
    for (const bad of ["0x10", "1,5", "abc", "1e", "--1"]) {
      const table = parseDelimited(`x\n"${bad}"\n`, { header: true });
      expect(() => tableToRecords(table, { types: { x: "number" } })).toThrow(/is not a number/);
    }
  });

  it("accepts whole floats as integers but not fractions, NaN or unsafe values", () => {
    const good = parseDelimited("n\n42\n-7\n3.0\n1e3\n", { header: true });
    expect(tableToRecords(good, { types: { n: "integer" } }).map((record) => record.n)).toEqual([
      42, -7, 3, 1000,
    ]);
    for (const [bad, message] of [
      ["1.5", /is not an integer/],
      ["nan", /is not an integer/],
      ["12345678901234567890", /too large/],
    ] as const) {
      const table = parseDelimited(`n\n${bad}\n`, { header: true });
      expect(() => tableToRecords(table, { types: { n: "integer" } })).toThrow(message);
    }
  });

  it("names file, line and column of a cell that does not convert", () => {
    const bad = parseDelimited("id,n\n\n1,12\n2,x12\n", { header: true, source: "n.csv" });
    expect(conversionError(bad, { n: "integer" }).message).toBe(
      'n.csv, line 4, column 3: column "n": "x12" is not an integer',
    );
  });

  it("adds the offset inside a quoted list cell, counting doubled quotes once", () => {
    const csv = `id,tags\r\n1,"['a', ""b"" 'c']"\r\n`;
    const error = conversionError(parseDelimited(csv, { header: true, source: "t.csv" }), {
      tags: "python-list",
    });
    // The cell is ['a', "b" 'c']; the parser stops at the quote of 'c', cell offset 10.
    expect(error.line).toBe(2);
    expect(error.column).toBe(3 + 1 + 10 + 2);
    expect(error.detail).toBe(`column "tags": expected "," or "]" in a list, found "'"`);
  });

  it("positions errors in cells that span lines", () => {
    const csv = "id,meta\n1,\"{'a':\n  1,\n  oops}\"\n";
    const error = conversionError(parseDelimited(csv, { header: true }), { meta: "python" });
    expect([error.line, error.column]).toEqual([4, 3]);
  });

  it("reads a bare value in a python-list column as a one-item list", () => {
    const table = parseDelimited("datasets\n\"['squad', 'glue']\"\nwikipedia\n\n", {
      header: true,
      skipEmptyLines: false,
    });
    expect(
      tableToRecords(table, { types: { datasets: "python-list" } }).map((record) => record.datasets),
    ).toEqual([["squad", "glue"], ["wikipedia"], null]);
  });

  it("rejects a python-list cell holding something else", () => {
    const table = parseDelimited("tags\n\"{'a': 1}\"\n", { header: true });
    expect(conversionError(table, { tags: "python-list" }).message).toBe(
      '<input>, line 2, column 2: column "tags": expected a list, found a dict',
    );
  });

  it("names the row when a hand-made table has no lines", () => {
    const table: Table = { columns: ["n"], rows: [["1"], ["x"]], source: "memory" };
    expect(conversionError(table, { n: "number" }).message).toBe(
      'memory: row 2, column "n": "x" is not a number',
    );
  });

  it("gives null for cells missing from short rows", () => {
    const table = parseDelimited("a,b,c\n1\n1,2,3,4\n", { header: true, relaxColumnCount: true });
    expect(tableToRecords(table)).toEqual([
      { a: "1", b: null, c: null },
      { a: "1", b: "2", c: "3" },
    ]);
  });

  it("keeps a __proto__ column as data", () => {
    const [record] = tableToRecords(parseDelimited("__proto__,x\n1,2\n", { header: true }));
    expect(Object.keys(record)).toEqual(["__proto__", "x"]);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });

  it("rejects unknown columns, unknown types and tables without a header", () => {
    expect(() => tableToRecords(table, { types: { nope: "integer" } })).toThrow(
      new InvalidArgumentError(
        'models.csv: no column "nope" to convert; the columns are "modelId", "tags", "pipeline_tag", "downloads", "score", "meta"',
      ),
    );
    expect(() => tableToRecords(table, { types: { tags: "list" as "python-list" } })).toThrow(
      /unknown column type "list"/,
    );
    expect(() => tableToRecords(parseDelimited("a\n1\n"))).toThrow(/header: true/);
  });
});

describe("readRecords", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-records-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a file with a header", async () => {
    const path = join(dir, "models.csv");
    await writeFile(path, MODELS_CSV);
    const records = await readRecords(path, { types: { tags: "python-list", downloads: "integer" } });
    expect(records).toHaveLength(3);
    expect(records[0].tags).toEqual(["pytorch", "it's"]);
    expect(records[2].downloads).toBe(3);
  });

  it("takes a parsed table", async () => {
    const table = parseDelimited("a;b\n1;2\n", { header: true, delimiter: ";" });
    expect(await readRecords(table, { types: { b: "integer" } })).toEqual([{ a: "1", b: 2 }]);
  });

  it("names the file and position of a bad cell", async () => {
    const path = join(dir, "bad.tsv");
    await writeFile(path, "id\tvector\n1\t[1.0, 2.0]\n2\t[1.0, two]\n");
    await expect(readRecords(path, { delimiter: "\t", types: { vector: "float-list" } })).rejects.toThrow(
      `${path}, line 3, column 9: column "vector": expected a number, found "two"`,
    );
  });

  it("refuses header: false", async () => {
    await expect(readRecords("x.csv", { header: false } as unknown as { header: true })).rejects.toThrow(
      /header: false/,
    );
  });
});
