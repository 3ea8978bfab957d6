import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataFormatError, InvalidArgumentError } from "../errors.js";
import type { DelimitedOptions } from "./delimited-options.js";
import { parseDelimited, readDelimitedFile } from "./parse-delimited.js";
import { formatPythonLiteral } from "./python-format.js";
import { type PyValue, parsePythonLiteral } from "./python-literal.js";

function errorOf(input: string | Uint8Array, options: DelimitedOptions = {}): DataFormatError {
  try {
    parseDelimited(input, options);
  } catch (error) {
    if (error instanceof DataFormatError) return error;
    throw error;
  }
  throw new Error("expected a DataFormatError");
}

/** A CSV field as pandas writes one: quoted when needed, quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

describe("parseDelimited: fields and quoting", () => {
  it("reads plain CSV without a header", () => {
    expect(parseDelimited("a,b,c\n1,2,3\n")).toEqual({
      columns: null,
      rows: [
        ["a", "b", "c"],
        ["1", "2", "3"],
      ],
      source: "<input>",
      lines: [1, 2],
    });
  });

  it("takes column names from the header row", () => {
    const table = parseDelimited("name,score\nada,3\nbob,4", { header: true, source: "scores.csv" });
    expect(table.columns).toEqual(["name", "score"]);
    expect(table.rows).toEqual([
      ["ada", "3"],
      ["bob", "4"],
    ]);
    expect(table.lines).toEqual([2, 3]);
    expect(table.source).toBe("scores.csv");
  });

  it("reads quoted fields holding delimiters, doubled quotes and line breaks", () => {
    const table = parseDelimited('id,text\n1,"a, ""b"" and\nc"\n2,""\n');
    expect(table.rows).toEqual([
      ["id", "text"],
      ["1", 'a, "b" and\nc'],
      ["2", ""],
    ]);
    expect(table.lines).toEqual([1, 2, 4]);
  });

  it("reads tab-, pipe- and multi-character-delimited text", () => {
    expect(parseDelimited("1\t2\t3\n", { delimiter: "\t" }).rows).toEqual([["1", "2", "3"]]);
    expect(parseDelimited("1|Toy Story (1995)|01-Jan-1995\n", { delimiter: "|" }).rows).toEqual([
      ["1", "Toy Story (1995)", "01-Jan-1995"],
    ]);
    // MovieLens 1M ratings.dat: user::movie::rating::timestamp
    expect(parseDelimited("1::1193::5::978300760\n1::661::3::978302109\n", { delimiter: "::" }).rows).toEqual(
      [
        ["1", "1193", "5", "978300760"],
        ["1", "661", "3", "978302109"],
      ],
    );
    // A single ":" is data when the delimiter is "::".
    expect(parseDelimited("a:b::c\n", { delimiter: "::" }).rows).toEqual([["a:b", "c"]]);
  });

  it("keeps quote characters as data when quoting is off", () => {
    const sms = 'ham\tHe said "ok\tfine\nspam\t"Free" prize"\n';
    expect(parseDelimited(sms, { delimiter: "\t", quote: false, relaxColumnCount: true }).rows).toEqual([
      ["ham", 'He said "ok', "fine"],
      ["spam", '"Free" prize"'],
    ]);
  });

  it("supports another quote character", () => {
    expect(parseDelimited("'a,b','it''s',c\n", { quote: "'" }).rows).toEqual([["a,b", "it's", "c"]]);
  });

  it("skips empty lines unless told not to", () => {
    const text = "a,b\n\n1,2\n\n";
    expect(parseDelimited(text).rows).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parseDelimited(text).lines).toEqual([1, 3]);
    expect(parseDelimited(text, { skipEmptyLines: false, relaxColumnCount: true }).rows).toEqual([
      ["a", "b"],
      [""],
      ["1", "2"],
      [""],
    ]);
  });

  it("skips whole-line comments but keeps the comment text inside fields", () => {
    const table = parseDelimited("# generated\nurl,tag\nhttp://x/#top,#ml\n# end\n", {
      comment: "#",
      header: true,
    });
    expect(table.rows).toEqual([["http://x/#top", "#ml"]]);
    expect(table.lines).toEqual([3]);
  });

  it("trims spaces around fields when asked", () => {
    expect(parseDelimited(' a ,  "b c" ,d\n', { trim: true }).rows).toEqual([["a", "b c", "d"]]);
    expect(parseDelimited(" a , b\n").rows).toEqual([[" a ", " b"]]);
  });

  it("accepts rows of different lengths with relaxColumnCount", () => {
    expect(parseDelimited("a,b\n1\n1,2,3\n", { relaxColumnCount: true }).rows).toEqual([
      ["a", "b"],
      ["1"],
      ["1", "2", "3"],
    ]);
  });

  it("reads empty input as an empty table", () => {
    expect(parseDelimited("").rows).toEqual([]);
    expect(parseDelimited("\n\n").rows).toEqual([]);
  });

  it("round-trips list literals with commas and quotes through quoted CSV fields", () => {
    const value: PyValue[] = ["a, b", 'it\'s "quoted"', ["nested, list"], null];
    const csv = `id,tags\n1,${csvField(formatPythonLiteral(value))}\n`;
    const [cell] = parseDelimited(csv, { header: true }).rows.map((row) => row[1]);
    expect(parsePythonLiteral(cell)).toEqual(value);
  });

  it("round-trips arbitrary list literals through CSV cells", () => {
    const character = fc.oneof(
      fc.constantFrom('"', "'", ",", "\\", "\n", "\r", "é", "😀"),
      fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
    );
    const text = fc.array(character, { maxLength: 8 }).map((characters) => characters.join(""));
    const item = fc.oneof(text, fc.constant(null), fc.integer(), fc.boolean());
    fc.assert(
      fc.property(fc.array(fc.array(item, { maxLength: 5 }), { minLength: 1, maxLength: 4 }), (cells) => {
        const csv = `${cells.map((cell) => csvField(formatPythonLiteral(cell))).join(",")}\r\n`;
        const [row] = parseDelimited(csv).rows;
        expect(row.map((text) => parsePythonLiteral(text))).toEqual(cells);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseDelimited: line endings", () => {
  const expected = [
    ["a", "b"],
    ["1", "2"],
    ["3", "4"],
  ];

  it("reads LF, CRLF and CR-only text alike", () => {
    for (const ending of ["\n", "\r\n", "\r"]) {
      const table = parseDelimited(["a,b", "1,2", "3,4", ""].join(ending));
      expect(table.rows).toEqual(expected);
      expect(table.lines).toEqual([1, 2, 3]);
    }
  });

  it("reads text whose line endings are mixed", () => {
    const table = parseDelimited("a,b\r\n1,2\n3,4\r");
    expect(table.rows).toEqual(expected);
    expect(table.lines).toEqual([1, 2, 3]);
  });

  it("keeps line breaks inside quoted fields, and counts them once", () => {
    for (const ending of ["\n", "\r\n", "\r"]) {
      const text = `a,"x${ending}y"${ending}b,"p${ending}${ending}q"${ending}c,d${ending}`;
      const table = parseDelimited(text);
      expect(table.rows).toEqual([
        ["a", `x${ending}y`],
        ["b", `p${ending}${ending}q`],
        ["c", "d"],
      ]);
      expect(table.lines).toEqual([1, 3, 6]);
    }
  });
});

describe("parseDelimited: encodings", () => {
  it("decodes UTF-8 bytes and drops the byte order mark", () => {
    const bytes = new TextEncoder().encode("\ufefftitle\nMisérables 日本\n");
    expect(parseDelimited(bytes, { header: true })).toMatchObject({
      columns: ["title"],
      rows: [["Misérables 日本"]],
    });
    expect(parseDelimited("\ufefftitle\nx\n", { header: true }).columns).toEqual(["title"]);
  });

  it("decodes Latin-1 as ISO-8859-1: every byte is the code point of its value", () => {
    const bytes = Uint8Array.from([...Buffer.from("543|Mis"), 0xe9, ...Buffer.from("rables|"), 0x93, 0x0a]);
    expect(parseDelimited(bytes, { delimiter: "|", encoding: "latin1" }).rows).toEqual([
      ["543", "Misérables", "\u0093"],
    ]);
  });

  it("reads a Uint8Array that is a view into a larger buffer", () => {
    const whole = Buffer.from("junk|a,b\n1,2\n|junk");
    const view = whole.subarray(5, whole.length - 5);
    expect(parseDelimited(view).rows).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("rejects invalid UTF-8, naming the line, column and the Latin-1 option", () => {
    const bytes = Uint8Array.from([...Buffer.from("id,title\r\n1,Mis"), 0xe9, ...Buffer.from("rables\n")]);
    const error = errorOf(bytes, { source: "u.item" });
    expect(error.file).toBe("u.item");
    expect(error.line).toBe(2);
    expect(error.column).toBe(6);
    expect(error.message).toBe(
      'u.item, line 2, column 6: invalid UTF-8 (byte 0xE9 at byte offset 15); if the file is Latin-1, read it with encoding: "latin1"',
    );
  });
});

describe("parseDelimited: malformed input", () => {
  it("names the opening quote of a quoted field that is never closed", () => {
    const error = errorOf('a,b\r\n"x\r\ny",2\r\n\r\n3,"never\r\nclosed\r\n', { source: "bad.csv" });
    expect(error.message).toBe(
      "bad.csv, line 5, column 3: a quoted field starts here and is never closed; if this file does not use quoting, read it with quote: false",
    );
  });

  it("names the first extra field of a row that is too long", () => {
    const error = errorOf("a,b,c\n1,2,3\n4,5,6,7\n", { source: "x.csv" });
    expect(error.line).toBe(3);
    expect(error.column).toBe(7);
    expect(error.detail).toMatch(/^expected 3 fields as on line 1, found 4/);
    expect(error.detail).toMatch(/relaxColumnCount/);
  });

  it("names where the first missing field of a short row would be", () => {
    const error = errorOf('a,b,c\n"multi\nline",2\n', { source: "x.csv" });
    expect(error.detail).toMatch(/^expected 3 fields as on line 1, found 2/);
    expect(error.line).toBe(3);
    expect(error.column).toBe(8);
  });

  it("counts skipped comment and empty lines when naming lines", () => {
    const error = errorOf("# c\na,b\n\n# d\n\n1,2,3\n", { comment: "#" });
    expect(error.line).toBe(6);
    expect(error.column).toBe(5);
  });

  it("names a quote inside an unquoted field", () => {
    const error = errorOf('a,b\n1,say "hi"\n');
    expect(error.line).toBe(2);
    expect(error.column).toBe(7);
    expect(error.detail).toMatch(/quote character inside an unquoted field.*quote: false/);
  });

  it("names text after a closing quote", () => {
    const error = errorOf('a,b\n1,"x"y\n');
    expect(error.line).toBe(2);
    expect(error.column).toBe(6);
    expect(error.detail).toMatch(/after the closing quote/);
  });

  it("names pandas' unnamed index column as pandas does", () => {
    const table = parseDelimited(',embeddings,label\n0,"[0.5, 1.5]",positive\n', { header: true });
    expect(table.columns).toEqual(["Unnamed: 0", "embeddings", "label"]);
    expect(errorOf(",Unnamed: 0\n", { header: true }).detail).toMatch(/duplicate column name "Unnamed: 0"/);
  });

  it("names empty and duplicate header names", () => {
    const empty = errorOf("# header next\nid,,score\n1,2,3\n", { header: true, comment: "#" });
    expect(empty.message).toBe(
      "<input>, line 2, column 4: header field 2 is empty: every column needs a name",
    );
    const duplicate = errorOf('id,"name",name\n', { header: true });
    expect(duplicate.message).toBe(
      '<input>, line 1, column 11: duplicate column name "name" in the header (fields 2 and 3)',
    );
  });

  it("requires a header row when header is true", () => {
    expect(errorOf("\n\n", { header: true }).message).toBe("<input>: no header row: the input is empty");
  });
});

describe("parseDelimited: options", () => {
  it("rejects options it cannot honour", () => {
    expect(() => parseDelimited("a", { delimiter: "" })).toThrow(InvalidArgumentError);
    expect(() => parseDelimited("a", { delimiter: "\n" })).toThrow(/delimiter/);
    expect(() => parseDelimited("a", { quote: "''" })).toThrow(/quote must be one character/);
    expect(() => parseDelimited("a", { quote: ",", delimiter: "," })).toThrow(
      /cannot be part of the delimiter/,
    );
    expect(() => parseDelimited("a", { encoding: "utf16le" as "utf8" })).toThrow(/encoding/);
    expect(() => parseDelimited("a", { comment: "" })).toThrow(/comment/);
    expect(() => parseDelimited("a", { delimiter: "→", encoding: "latin1" })).toThrow(/Latin-1/);
    expect(() => parseDelimited(42 as unknown as string)).toThrow(/string or a Uint8Array/);
  });
});

describe("readDelimitedFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-tabular-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a file and names it in errors", async () => {
    const path = join(dir, "ok.tsv");
    await writeFile(path, "user\titem\n1\t2\n");
    expect(await readDelimitedFile(path, { delimiter: "\t", header: true })).toEqual({
      columns: ["user", "item"],
      rows: [["1", "2"]],
      source: path,
      lines: [2],
    });
    const bad = join(dir, "bad.csv");
    await writeFile(bad, "a,b\n1,2,3\n");
    await expect(readDelimitedFile(bad)).rejects.toThrow(`${bad}, line 2, column 5: expected 2 fields`);
  });

  it("explains a missing file and checks options before reading", async () => {
    const missing = join(dir, "missing.csv");
    await expect(readDelimitedFile(missing)).rejects.toThrow(
      new InvalidArgumentError(`cannot read "${missing}": no such file`),
    );
    await expect(readDelimitedFile(dir)).rejects.toThrow(/it is a directory/);
    await expect(readDelimitedFile(missing, { delimiter: "" })).rejects.toThrow(/delimiter must be/);
  });
});
