import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataFormatError, InvalidArgumentError, LabError } from "@lab/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelIR } from "../ir/ir.js";
import { parseModel } from "../onnx/parse.js";
import { serializeModel } from "../onnx/serialize.js";
import { gemmModel, model, node, value } from "../onnx/test-models.js";
import { exportModel, loadPredictor, metadataJson } from "./export.js";
import { createSession } from "./session.js";

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "lab-nn-export-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function classifier(): ModelIR {
  const base = gemmModel(new Float32Array([0.1, -0.2, 0.3]));
  return {
    ...base,
    metadata: {
      labels: JSON.stringify(["cat", "dog", "bird"]),
      preprocessing: JSON.stringify({ scale: 0.5, columns: ["a", "b", "c"] }),
      plain: "not json",
    },
  };
}

describe("exportModel / loadPredictor", () => {
  it("writes the file atomically and reloads it with signature and metadata", async () => {
    const path = join(folder, "nested", "classifier.onnx");
    await exportModel(path, classifier());
    expect(await readdir(join(folder, "nested"))).toEqual(["classifier.onnx"]);
    expect(parseModel(await readFile(path))).toStrictEqual(parseModel(serializeModel(classifier())));

    const predictor = await loadPredictor(path, { threads: 1 });
    try {
      expect(predictor.device).toBe("cpu");
      expect(predictor.producerName).toBe("@lab/nn tests");
      expect(predictor.inputs).toEqual([value("a", "float32", ["batch", 3]), value("b", "float32", [3, 3])]);
      expect(predictor.outputs).toEqual([value("y", "float32", ["batch", 3])]);
      expect(metadataJson(predictor, "labels")).toEqual(["cat", "dog", "bird"]);
      expect(metadataJson(predictor, "preprocessing")).toEqual({ scale: 0.5, columns: ["a", "b", "c"] });
      expect(metadataJson(predictor, "absent")).toBeUndefined();
    } finally {
      await predictor.release();
    }
  });

  it("gives the same outputs as the in-memory model (export is exact)", async () => {
    const path = join(folder, "parity.onnx");
    await exportModel(path, classifier());
    const feeds = {
      a: new Float32Array([0.3, -1.2, 2.5, 4, 0.25, -3]),
      b: new Float32Array([1, 2, 3, -1, -2, -3, 0.5, 0.5, 0.5]),
    };
    const inMemory = await createSession(classifier());
    const predictor = await loadPredictor(await readFile(path));
    try {
      const expected = (await inMemory.run(feeds)).y.data as Float32Array;
      const actual = (await predictor.run(feeds)).y.data as Float32Array;
      let maxAbsDiff = 0;
      for (let i = 0; i < expected.length; i++)
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(expected[i] - actual[i]));
      expect(maxAbsDiff).toBeLessThan(1e-5);
      expect(actual.length).toBe(6);
    } finally {
      await Promise.all([inMemory.release(), predictor.release()]);
    }
  });

  it("reports a missing file in one line naming it", async () => {
    const path = join(folder, "nowhere.onnx");
    const failure = loadPredictor(path);
    await expect(failure).rejects.toThrow(InvalidArgumentError);
    await expect(failure).rejects.toThrow(`cannot read ${JSON.stringify(path)}: no such file`);
  });

  it.each([
    ["a truncated model", (bytes: Uint8Array) => bytes.subarray(0, bytes.length >> 1)],
    ["a text file", () => new TextEncoder().encode("label,text\nham,hello\n")],
    ["an empty file", () => new Uint8Array(0)],
  ])("reports %s as a DataFormatError naming the file", async (_label, corrupt) => {
    const path = join(folder, "corrupt.onnx");
    await writeFile(path, corrupt(serializeModel(classifier())));
    const failure = loadPredictor(path);
    await expect(failure).rejects.toThrow(DataFormatError);
    await expect(failure).rejects.toThrow(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not an ONNX model`),
    );
  });

  it("reports a well-formed file that onnxruntime rejects, naming the file", async () => {
    const path = join(folder, "unknown-op.onnx");
    await exportModel(
      path,
      model({
        nodes: [node("NoSuchOp", ["x"], ["y"])],
        inputs: [value("x", "float32", [1])],
        outputs: [value("y", "float32", [1])],
      }),
    );
    const failure = loadPredictor(path);
    await expect(failure).rejects.toThrow(LabError);
    await expect(failure).rejects.toThrow(/^onnxruntime cannot load "[^"]*unknown-op\.onnx": [^\n]*NoSuchOp/);
  });
});

describe("metadataJson", () => {
  it("rejects a value that is not JSON, naming the key", () => {
    expect(() => metadataJson(classifier(), "plain")).toThrow(DataFormatError);
    expect(() => metadataJson(classifier(), "plain")).toThrow(/^model metadata: "plain" is not valid JSON/);
  });

  it("does not mistake inherited object keys for metadata", () => {
    expect(metadataJson(classifier(), "toString")).toBeUndefined();
  });
});
