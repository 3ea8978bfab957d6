import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataFormatError, InvalidArgumentError } from "../errors.js";
import type { DelimitedOptions } from "./delimited-options.js";
import { parseDelimited } from "./parse-delimited.js";
import { streamDelimitedFile } from "./stream-delimited.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lab-stream-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function collect(
  path: string,
  options: DelimitedOptions = {},
): Promise<{ rows: string[][]; lines: number[] }> {
  const rows: string[][] = [];
  const lines: number[] = [];
  const stream = streamDelimitedFile(path, options);
  for await (const row of stream) {
    rows.push(row);
    lines.push(stream.line);
  }
  return { rows, lines };
}

async function streamError(path: string, options: DelimitedOptions = {}): Promise<unknown> {
  try {
    await collect(path, options);
  } catch (error) {
    return error;
  }
  throw new Error("expected the stream to fail");
}

/**
 * Text of more than one 64 KiB read chunk, so that chunk boundaries fall inside CRLF pairs,
 * multi-byte characters and quoted fields somewhere.
 */
function bigText(ending: string): string {
  const lines = ["id,text,tags"];
  for (let i = 0; i < 5000; i++) {
    const text =
      i % 7 === 0 ? `"quoted, ""${i}""${ending}over two lines é中😀"` : `plain é中😀 ${"x".repeat(i % 13)}`;
    lines.push(`${i},${text},"['a', 'b${i}']"`);
  }
  return `\ufeff${lines.join(ending)}${ending}`;
}

describe("streamDelimitedFile", () => {
  it("yields the same rows and lines as parseDelimited, across chunk boundaries", async () => {
    for (const ending of ["\n", "\r\n", "\r"]) {
      const content = bigText(ending);
      expect(Buffer.byteLength(content)).toBeGreaterThan(3 * 65536);
      const path = await fileWith(`big${ending.length}${ending.charCodeAt(0)}.csv`, content);
      const streamed = await collect(path, { header: true });
      const parsed = parseDelimited(Buffer.from(content), { header: true });
      expect(streamed.rows).toEqual(parsed.rows);
      expect(streamed.lines).toEqual(parsed.lines);
      expect(streamed.rows).toHaveLength(5000);
    }
  });

  it("exposes the header as columns and the path as source", async () => {
    const path = await fileWith("header.tsv", "user\titem\n1\t2\n");
    const stream = streamDelimitedFile(path, { header: true, delimiter: "\t" });
    expect(stream.columns).toBeNull();
    expect(stream.source).toBe(path);
    const rows: string[][] = [];
    for await (const row of stream) rows.push(row);
    expect(stream.columns).toEqual(["user", "item"]);
    expect(rows).toEqual([["1", "2"]]);
  });

  it("reads Latin-1 and unquoted multi-character-delimited files", async () => {
    const bytes = Uint8Array.from([...Buffer.from("1::Mis"), 0xe9, ...Buffer.from('rables "x::5\r\n')]);
    const path = await fileWith("ratings.dat", bytes);
    expect((await collect(path, { delimiter: "::", quote: false, encoding: "latin1" })).rows).toEqual([
      ["1", 'Misérables "x', "5"],
    ]);
  });

  // Leaving the loop destroys the pipeline; vitest fails the run on any unhandled error it causes.
  it("lets the loop stop early", async () => {
    const path = await fileWith("early.csv", bigText("\n"));
    const stream = streamDelimitedFile(path, { header: true });
    let seen = 0;
    for await (const _row of stream) {
      if (++seen === 5) break;
    }
    expect(seen).toBe(5);
    // Row 0 spans lines 2-3 (a quoted line break), so row 4 starts on line 7.
    expect(stream.line).toBe(7);
  });

  it("can be iterated once", async () => {
    const path = await fileWith("once.csv", "a\n");
    const stream = streamDelimitedFile(path);
    for await (const _row of stream) {
      // read it all
    }
    await expect(async () => {
      for await (const _row of stream) {
        // second pass
      }
    }).rejects.toThrow(/already iterated/);
  });
});

describe("streamDelimitedFile errors", () => {
  it("rejects bad options at once, before touching the file", () => {
    expect(() => streamDelimitedFile(join(dir, "missing.csv"), { delimiter: "" })).toThrow(
      InvalidArgumentError,
    );
  });

  it("explains a missing file when iterated", async () => {
    const path = join(dir, "missing.csv");
    expect(await streamError(path)).toEqual(new InvalidArgumentError(`cannot read "${path}": no such file`));
  });

  it("names line and column of a row with the wrong field count", async () => {
    const path = await fileWith("short.csv", 'a,b,c\r\n1,"two\r\nlines",3\r\n\r\n4,5\r\n');
    const error = await streamError(path);
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as DataFormatError).message).toBe(
      `${path}, line 5, column 4: expected 3 fields as on line 1, found 2 (check the delimiter, or pass relaxColumnCount: true to accept rows of different lengths)`,
    );
  });

  it("names the first row's field count when the bad row follows it in the same chunk", async () => {
    const path = await fileWith("second.csv", "a,b\n1,2,3\n");
    const error = (await streamError(path)) as DataFormatError;
    expect(error.message).toMatch(/line 2, column 5: expected 2 fields as on line 1, found 3/);
  });

  it("names the opening quote of a field never closed", async () => {
    const path = await fileWith("open.csv", 'a,b\n1,2\n3,"never closed\n4,5\n');
    const error = (await streamError(path)) as DataFormatError;
    expect([error.line, error.column]).toEqual([3, 3]);
  });

  it("names the line and column of invalid UTF-8 far into the file", async () => {
    const head = Buffer.from(bigText("\r\n"));
    const tail = Buffer.from([...Buffer.from("9999,ab"), 0xe9, ...Buffer.from(",x\r\n")]);
    const path = await fileWith("latin.csv", Buffer.concat([head, tail]));
    const error = (await streamError(path, { header: true })) as DataFormatError;
    expect(error).toBeInstanceOf(DataFormatError);
    const lines = parseDelimited(head, { header: true }).lines ?? [];
    // The last row of `head` spans one line; the bad row is on the line after it.
    expect(error.line).toBe((lines.at(-1) ?? 0) + 1);
    expect(error.column).toBe(8);
    expect(error.detail).toMatch(/^invalid UTF-8 \(byte 0xE9 at byte offset \d+\); if the file is Latin-1/);
  });

  it("names empty and duplicate header names", async () => {
    const path = await fileWith("dup.csv", "id,x,x\n1,2,3\n");
    const error = (await streamError(path, { header: true })) as DataFormatError;
    expect(error.message).toBe(
      `${path}, line 1, column 6: duplicate column name "x" in the header (fields 2 and 3)`,
    );
  });
});
