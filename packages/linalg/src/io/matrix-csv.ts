import { DataFormatError, parseDelimited, readFileOrExplain, writeFileAtomic } from "@lab/core";
import { Matrix } from "../matrix.js";

/**
 * A matrix from CSV text: one row per line, numbers separated by commas (or tabs or semicolons,
 * detected from the first line), no header. Every row must have the same count; a cell that is
 * not a finite number is an error naming line and field.
 */
export function parseMatrixCsv(input: string | Uint8Array, source = "<matrix>"): Matrix {
  const text = typeof input === "string" ? input : new TextDecoder("utf-8", { fatal: true }).decode(input);
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const delimiter = firstLine.includes(",")
    ? ","
    : firstLine.includes("\t")
      ? "\t"
      : firstLine.includes(";")
        ? ";"
        : ",";
  const table = parseDelimited(text, { delimiter, source, trim: true });
  const rows = table.rows.length;
  if (rows === 0) throw new DataFormatError("no numbers found; expected CSV rows such as 1,2,3", source);
  const cols = table.rows[0]!.length;
  const matrix = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    const row = table.rows[i]!;
    for (let j = 0; j < cols; j++) {
      const cell = row[j]!;
      const value = Number(cell);
      if (cell === "" || !Number.isFinite(value)) {
        const line = table.lines?.[i];
        throw new DataFormatError(
          `field ${j + 1} is ${cell === "" ? "empty" : `"${cell}"`}; expected a finite number`,
          source,
          line,
        );
      }
      matrix.data[i * cols + j] = value;
    }
  }
  return matrix;
}

export async function readMatrixCsv(path: string): Promise<Matrix> {
  return parseMatrixCsv(await readFileOrExplain(path), path);
}

/** CSV with full double precision (shortest round-trip form), one row per line. */
export function formatMatrixCsv(matrix: Matrix): string {
  const lines: string[] = [];
  for (let i = 0; i < matrix.rows; i++) lines.push(Array.from(matrix.row(i), String).join(","));
  return `${lines.join("\n")}\n`;
}

export async function writeMatrixCsv(path: string, matrix: Matrix): Promise<void> {
  await writeFileAtomic(path, formatMatrixCsv(matrix));
}
