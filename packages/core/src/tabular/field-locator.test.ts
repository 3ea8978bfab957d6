import { describe, expect, it } from "vitest";
import { type FieldSyntax, locateInRecord, type TextWindow } from "./field-locator.js";

const csv: FieldSyntax = { delimiter: ",", quote: '"', trim: false };
const window = (text: string, line = 1, complete = true): TextWindow => ({ text, line, complete });

describe("locateInRecord", () => {
  it("finds field starts across quoted fields with delimiters and line breaks", () => {
    const record = window('a,"x, ""y""\r\nz",c\nnext', 7);
    expect(locateInRecord(record, csv, 0, { kind: "start" })).toEqual({ line: 7, column: 1 });
    expect(locateInRecord(record, csv, 1, { kind: "start" })).toEqual({ line: 7, column: 3 });
    expect(locateInRecord(record, csv, 2, { kind: "start" })).toEqual({ line: 8, column: 4 });
  });

  it("points past the last field for a field the record lacks", () => {
    expect(locateInRecord(window("a,b\nc,d,e"), csv, 2, { kind: "start" })).toEqual({ line: 1, column: 4 });
  });

  it("maps cell offsets to raw positions, doubled quotes counting once", () => {
    // Cell of field 1 is: say "hi"!
    const record = window('1,"say ""hi""!"');
    expect(locateInRecord(record, csv, 1, { kind: "cell-offset", offset: 5 })).toEqual({
      line: 1,
      column: 10,
    });
    expect(locateInRecord(record, csv, 1, { kind: "cell-offset", offset: 8 })).toEqual({
      line: 1,
      column: 14,
    });
    expect(locateInRecord(window("1,abc"), csv, 1, { kind: "cell-offset", offset: 2 })).toEqual({
      line: 1,
      column: 5,
    });
  });

  it("finds stray quotes and text after closing quotes", () => {
    expect(locateInRecord(window('1,ab"c'), csv, 1, { kind: "stray-quote" })).toEqual({ line: 1, column: 5 });
    expect(locateInRecord(window('1,"ab"c,2'), csv, 1, { kind: "after-closing-quote" })).toEqual({
      line: 1,
      column: 7,
    });
  });

  it("handles multi-character delimiters, no quoting and trimmed fields", () => {
    const ratings: FieldSyntax = { delimiter: "::", quote: null, trim: false };
    expect(locateInRecord(window('1:"2::3'), ratings, 1, { kind: "start" })).toEqual({ line: 1, column: 7 });
    const trimmed: FieldSyntax = { delimiter: "\t", quote: '"', trim: true };
    expect(locateInRecord(window('a\t  "b"\t c'), trimmed, 1, { kind: "start" })).toEqual({
      line: 1,
      column: 5,
    });
    expect(locateInRecord(window("a\t\tc"), trimmed, 2, { kind: "start" })).toEqual({ line: 1, column: 4 });
  });

  it("gives up when a cut-off window ends before the answer", () => {
    expect(locateInRecord(window('a,"never closed', 1, false), csv, 2, { kind: "start" })).toBeUndefined();
    expect(locateInRecord(window("a,b", 1, false), csv, 5, { kind: "start" })).toBeUndefined();
  });
});
