import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { parseMatrixCsv, readMatrixCsv, writeMatrixCsv } from "./matrix-csv.js";

describe("matrix CSV", () => {
  it("reads commas, tabs and semicolons with any line ending", () => {
    const expected = [
      [1, -2.5, 3e-4],
      [4, 5, 6],
    ];
    expect(parseMatrixCsv("1,-2.5,3e-4\n4,5,6\n").toArray()).toEqual(expected);
    expect(parseMatrixCsv("1\t-2.5\t3e-4\r\n4\t5\t6").toArray()).toEqual(expected);
    expect(parseMatrixCsv("1; -2.5; 3e-4\r4;5;6\r").toArray()).toEqual(expected);
  });

  it("names line and field of a bad cell", () => {
    expect(() => parseMatrixCsv("1,2\n3,x\n", "m.csv")).toThrow(
      'm.csv, line 2: field 2 is "x"; expected a finite number',
    );
    expect(() => parseMatrixCsv("1,2\n3,\n", "m.csv")).toThrow("m.csv, line 2: field 2 is empty");
    expect(() => parseMatrixCsv("1,2\n3\n", "m.csv")).toThrow(/m\.csv, line 2/);
    expect(() => parseMatrixCsv("\n\n", "m.csv")).toThrow("m.csv: no numbers found");
  });

  it("round-trips doubles exactly through a file", async () => {
    const matrix = new Matrix(2, 2, Float64Array.of(Math.PI, -1 / 3, 1e-300, 12345678.901234567));
    const path = join(mkdtempSync(join(tmpdir(), "lab-matrix-csv-")), "m.csv");
    await writeMatrixCsv(path, matrix);
    expect(Array.from((await readMatrixCsv(path)).data)).toEqual(Array.from(matrix.data));
  });
});
