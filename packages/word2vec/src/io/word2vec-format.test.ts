import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng, DataFormatError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { WordVectors } from "../vectors.js";
import { formatFloat32, parseFloatToken } from "./float-text.js";
import {
  decodeWord2VecBinary,
  detectVectorFormat,
  encodeWord2VecBinary,
  formatWord2VecText,
  parseWord2VecText,
  readWord2Vec,
  writeWord2Vec,
} from "./word2vec-format.js";

const folder = mkdtempSync(join(tmpdir(), "lab-w2v-io-"));
const sample = () =>
  new WordVectors(["the", "whale", "näive"], Float32Array.of(1, -0.5, 0.1, 3e-8, -2.25, 1e20), 2);

/** Bytes of the binary format written out from its definition: header, then word, space, LE float32s, newline. */
function binaryFixture(entries: [string, number[]][], newlines = true): Uint8Array {
  const parts: number[] = [...Buffer.from(`${entries.length} ${entries[0]![1].length}\n`)];
  for (const [word, values] of entries) {
    parts.push(...Buffer.from(word, "utf8"), 0x20);
    for (const value of values) {
      const view = new DataView(new ArrayBuffer(4));
      view.setFloat32(0, value, true);
      parts.push(...new Uint8Array(view.buffer));
    }
    if (newlines) parts.push(0x0a);
  }
  return Uint8Array.from(parts);
}

describe("float text", () => {
  it("writes the shortest decimal that reads back as the same float32", () => {
    expect(formatFloat32(Math.fround(0.1))).toBe("0.1");
    expect(formatFloat32(0.5)).toBe("0.5");
    expect(formatFloat32(-2.25)).toBe("-2.25");
    expect(formatFloat32(Math.fround(1 / 3))).toBe("0.33333334");
    expect(formatFloat32(0)).toBe("0");
    expect(formatFloat32(Number.NaN)).toBe("nan");
    const rng = createRng(3);
    for (let i = 0; i < 2000; i++) {
      const value = Math.fround(rng.normal() * 10 ** rng.int(20) * 10 ** -rng.int(20));
      const text = formatFloat32(value);
      expect(Math.fround(Number(text))).toBe(value);
      const digits = Number(text).toExponential().replace(/^-/, "").replace(/e.*$/, "").replace(".", "");
      if (digits.length > 1) {
        const shorter = Number(value.toPrecision(digits.length - 1));
        expect(Math.fround(shorter)).not.toBe(value);
      }
    }
  });
  it("parses decimals, exponents, nan and inf, and nothing else", () => {
    expect(parseFloatToken("-1.5e-3")).toBe(-0.0015);
    expect(parseFloatToken(".5")).toBe(0.5);
    expect(parseFloatToken("3e-08")).toBe(3e-8);
    expect(parseFloatToken("-inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(parseFloatToken("nan")).toBeNaN();
    for (const bad of ["", "0x10", "1,5", "abc", "1e", "--1"]) expect(parseFloatToken(bad)).toBeNull();
  });
});

describe("word2vec text format", () => {
  it("writes the header and one line per word, byte for byte", () => {
    expect(formatWord2VecText(sample())).toBe("3 2\nthe 1 -0.5\nwhale 0.1 3e-8\nnäive -2.25 1e+20\n");
  });

  it("reads what it writes, and files from other writers (CRLF, trailing spaces, tabs, BOM, %lf)", () => {
    const back = parseWord2VecText(formatWord2VecText(sample()));
    expect(back.words).toEqual(["the", "whale", "näive"]);
    expect(Array.from(back.vectors)).toEqual(Array.from(sample().vectors));
    const c = parseWord2VecText("\uFEFF2 3\r\n</s> 0.000000 1.500000 -2.000000 \r\nof\t1e-08 +2 .5\r\n");
    expect(c.words).toEqual(["</s>", "of"]);
    expect(Array.from(c.vectors)).toEqual([0, 1.5, -2, Math.fround(1e-8), 2, 0.5]);
  });

  it("names the line of every problem", () => {
    const cases: [string, RegExp][] = [
      ["2\nthe 1 2\n", /line 1: expected the header "<vocabulary size> <dimension>"/],
      ["2 x\n", /line 1: expected the header/],
      ["2 2\nthe 1 2\nwhale 1\n", /line 3: expected a word and 2 numbers, got 1 values after "whale"/],
      ["2 2\nthe 1 2\nwhale 1 two\n", /line 3: value 2 of "whale" is not a number: "two"/],
      ["3 2\nthe 1 2\nwhale 1 2\n", /line 4: the header promises 3 words but the file ends after 2/],
      ["1 2\nthe 1 2\nwhale 1 2\n", /line 3: the header promises 1 words but more lines follow/],
      ["2 2\nthe 1 2\nthe 3 4\n", /line 3: the word "the" appears again \(first as word 1\)/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseWord2VecText(text, "v.txt")).toThrow(DataFormatError);
      expect(() => parseWord2VecText(text, "v.txt")).toThrow(message);
    }
  });

  it("refuses words with whitespace on write", () => {
    const bad = new WordVectors(["new york"], Float32Array.of(1), 1);
    expect(() => formatWord2VecText(bad)).toThrow(/contains whitespace/);
    expect(() => encodeWord2VecBinary(bad)).toThrow(/contains whitespace/);
  });
});

describe("word2vec binary format", () => {
  const entries: [string, number[]][] = [
    ["the", [1, -0.5]],
    ["whale", [0.1, 3e-8]],
    ["näive", [-2.25, 1e20]],
  ];

  it("writes word2vec.c's layout byte for byte", () => {
    expect(Buffer.from(encodeWord2VecBinary(sample()))).toEqual(Buffer.from(binaryFixture(entries)));
  });

  it("reads it, and gensim's layout without the newline after each vector", () => {
    for (const bytes of [binaryFixture(entries), binaryFixture(entries, false)]) {
      const back = decodeWord2VecBinary(bytes);
      expect(back.words).toEqual(["the", "whale", "näive"]);
      expect(Array.from(back.vectors)).toEqual(Array.from(sample().vectors));
    }
  });

  it("names the byte offset of every problem", () => {
    const good = binaryFixture(entries);
    expect(() => decodeWord2VecBinary(good.subarray(0, good.length - 3), "v.bin")).toThrow(
      /v\.bin: byte offset 39: the vector of "näive" needs 8 bytes \(2 float32\) but only 6 remain/,
    );
    expect(() => decodeWord2VecBinary(Buffer.from("4 2\n"), "v.bin")).toThrow(
      /byte offset 4: the header promises 4 words but the file ends after 0/,
    );
    expect(() => decodeWord2VecBinary(Buffer.concat([good, Buffer.from("x 12345678")]), "v.bin")).toThrow(
      /byte offset 48: the header promises 3 words but more data follows/,
    );
    expect(() => decodeWord2VecBinary(Buffer.from("1 1\n\xff\xfe abcd\n", "latin1"), "v.bin")).toThrow(
      /byte offset 4: word 1 is not valid UTF-8/,
    );
    expect(() => decodeWord2VecBinary(Buffer.from("1 1\nabc"), "v.bin")).toThrow(
      /word 1 has no space after it/,
    );
    expect(() => decodeWord2VecBinary(Buffer.from("1 1 1"), "v.bin")).toThrow(/line 1: expected the header/);
    expect(() =>
      decodeWord2VecBinary(
        binaryFixture([
          ["a", [1]],
          ["a", [2]],
        ]),
        "v.bin",
      ),
    ).toThrow(/word "a" appears again/);
  });
});

describe("files", () => {
  it("writes atomically and reads back either format, detected from the name or the bytes", async () => {
    for (const name of ["v.txt", "v.bin", "plain-text", "plain-binary"]) {
      const path = join(folder, name);
      const format = name.endsWith("text") || name.endsWith(".txt") ? "text" : "binary";
      await writeWord2Vec(path, sample(), { format });
      const bytes = readFileSync(path);
      expect(detectVectorFormat(path, bytes)).toBe(format);
      const back = await readWord2Vec(path);
      expect(back.words).toEqual(sample().words);
      expect(Array.from(back.vectors)).toEqual(Array.from(sample().vectors));
    }
    expect(readdirSync(folder).filter((file) => file.includes(".tmp-"))).toEqual([]);
  });

  it("explains a missing file and a binary file read as text", async () => {
    await expect(readWord2Vec(join(folder, "missing.bin"))).rejects.toThrow(
      /cannot read .*missing\.bin.*: no such file/,
    );
    const path = join(folder, "binary-as-text.txt");
    writeFileSync(path, binaryFixture([["a", [Number.NaN]]]));
    await expect(readWord2Vec(path)).rejects.toThrow(
      /not valid UTF-8 text \(is it the binary format\?\)|line 2/,
    );
  });
});
