import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataFormatError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { syntheticCatalog } from "../data/synthetic.js";
import { buildFeatures } from "../recommend/features.js";
import { crc32 } from "./crc32.js";
import {
  decodeIndex,
  encodeIndex,
  INDEX_MAGIC,
  INDEX_VERSION,
  readIndexFile,
  writeIndexFile,
} from "./index-file.js";

describe("index file", () => {
  const catalog = syntheticCatalog({ models: 120, seed: 7 });
  const features = buildFeatures(catalog);

  it("round-trips ids, downloads, both CSR matrices, column names and the vocabulary", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "hf-index-")), "models.hfidx");
    const bytes = await writeIndexFile(path, features);
    expect(readFileSync(path).length).toBe(bytes);
    const loaded = await readIndexFile(path);
    expect(loaded.directory.ids).toEqual(catalog.ids);
    expect(Array.from(loaded.directory.downloads)).toEqual(Array.from(catalog.downloads));
    expect(Array.from(loaded.directory.tieRank)).toEqual(Array.from(catalog.tieRank));
    expect(loaded.directory.source).toBe(`${catalog.source} (index ${path})`);
    expect(loaded.oneHot.columns).toEqual(features.oneHot.columns);
    expect(loaded.oneHot.matrix.toDense().data).toEqual(features.oneHot.matrix.toDense().data);
    expect(loaded.text.vocabulary.terms).toEqual(features.text.vocabulary.terms);
    expect(Array.from(loaded.text.counts.indptr)).toEqual(Array.from(features.text.counts.indptr));
    expect(Array.from(loaded.text.counts.indices)).toEqual(Array.from(features.text.counts.indices));
    expect(Array.from(loaded.text.counts.values)).toEqual(Array.from(features.text.counts.values));
    expect(Array.from(loaded.text.idf)).toEqual(Array.from(features.text.idf));
  });

  it("writes the documented header", () => {
    const bytes = encodeIndex(features);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe(INDEX_MAGIC);
    expect(view.getUint32(8, true)).toBe(INDEX_VERSION);
    expect(view.getUint32(12, true)).toBe(64);
    expect(view.getUint32(16, true)).toBe(120);
    expect(view.getUint32(20, true)).toBe(features.oneHot.columns.length);
    expect(view.getUint32(24, true)).toBe(features.oneHot.matrix.nnz);
    expect(view.getUint32(28, true)).toBe(features.text.vocabulary.terms.length);
    expect(view.getUint32(32, true)).toBe(features.text.counts.nnz);
    expect(Number(view.getBigUint64(40, true))).toBe(bytes.length - 64);
    expect(view.getUint32(48, true)).toBe(crc32(bytes.subarray(64)));
    // Downloads are the first section, right after the header.
    expect(view.getFloat64(64, true)).toBe(catalog.downloads[0]);
  });

  it("reads from a buffer at an odd offset (copying to align the typed arrays)", () => {
    const bytes = encodeIndex(features);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const loaded = decodeIndex(shifted.subarray(3));
    expect(loaded.directory.ids).toEqual(catalog.ids);
  });

  it("rejects other files, other versions, truncation and corruption with one clear error", () => {
    const bytes = encodeIndex(features);
    expect(() => decodeIndex(new TextEncoder().encode("modelId,tags\n"), "x.csv")).toThrow(
      /^x.csv: 13 bytes is too short/,
    );
    const notIndex = bytes.slice();
    notIndex[0] = 0x58;
    expect(() => decodeIndex(notIndex, "f")).toThrow(/^f: not a hf-recommender index file/);
    const future = bytes.slice();
    new DataView(future.buffer).setUint32(8, 2, true);
    expect(() => decodeIndex(future, "f")).toThrow("f: index file version 2; this reader supports version 1");
    expect(() => decodeIndex(bytes.subarray(0, bytes.length - 8), "f")).toThrow(/truncated/);
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 20] ^= 0xff;
    expect(() => decodeIndex(corrupt, "f")).toThrow(DataFormatError);
    expect(() => decodeIndex(corrupt, "f")).toThrow(/checksum mismatch/);
  });

  it("a missing file is one clear error", async () => {
    const folder = mkdtempSync(join(tmpdir(), "hf-index-"));
    await expect(readIndexFile(join(folder, "none.hfidx"))).rejects.toThrow(/none.hfidx.*no such file/);
    writeFileSync(join(folder, "empty.hfidx"), "");
    await expect(readIndexFile(join(folder, "empty.hfidx"))).rejects.toThrow(/too short/);
  });
});

describe("crc32", () => {
  it("matches the standard check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
});
