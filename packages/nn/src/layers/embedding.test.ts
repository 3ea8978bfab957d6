import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../graph/builder.js";
import { init } from "../graph/initializers.js";
import { embedding } from "./embedding.js";
import { embeddingBag, embeddingBagOffsets } from "./embedding-bag.js";
import { parameterValues, runGraph } from "./testing.js";

// Row i of the table is [i, 10 i].
const table = init.values([0, 0, 1, 10, 2, 20, 3, 30, 4, 40]);

describe("embedding", () => {
  it("looks up one row per id, for ids of any shape", async () => {
    const g = new GraphBuilder();
    const ids = g.input("ids", "int64", ["batch", 2]);
    const vectors = embedding(ids, 5, 2, { init: table, name: "words" });
    expect(vectors.shape).toEqual(["batch", 2, 2]);
    g.output(vectors, "y");
    const { y } = await runGraph(g, { ids: new BigInt64Array([3n, 1n, 4n, 4n]) });
    expect(Array.from(y)).toEqual([3, 30, 1, 10, 4, 40, 4, 40]);
  });

  it("keeps the padding row at zero and masks its lookups", async () => {
    const g = new GraphBuilder({ seed: 1 });
    const ids = g.input("ids", "int64", ["batch"]);
    g.output(embedding(ids, 4, 3, { paddingIdx: 2 }), "y");
    const values = parameterValues(g, "embedding/table");
    expect(Array.from(values.subarray(6, 9))).toEqual([0, 0, 0]);
    expect(values.subarray(0, 6).every((v) => v !== 0)).toBe(true);
    const { y } = await runGraph(g, { ids: new BigInt64Array([2n, 3n]) });
    expect(Array.from(y.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(y.subarray(3))).toEqual(Array.from(values.subarray(9, 12)));
  });
});

describe("embeddingBag", () => {
  it("averages or sums the rows of each bag, leaving padding out", async () => {
    for (const mode of ["mean", "sum"] as const) {
      const g = new GraphBuilder();
      const ids = g.input("ids", "int64", ["batch", 3]);
      g.output(embeddingBag(ids, 5, 2, { init: table, mode, paddingIdx: 0 }), "y");
      const { y } = await runGraph(g, { ids: new BigInt64Array([1n, 3n, 0n, 0n, 0n, 0n, 2n, 2n, 4n]) });
      const expected = mode === "mean" ? [2, 20, 0, 0, 8 / 3, 80 / 3] : [4, 40, 0, 0, 8, 80];
      expect(Array.from(y).map((v) => Number(v.toFixed(4)))).toEqual(
        expected.map((v) => Number(v.toFixed(4))),
      );
    }
  });

  it("without a mask or padding id, combines every position", async () => {
    for (const [mode, expected] of [
      ["mean", [2, 20, 3, 30]],
      ["sum", [4, 40, 6, 60]],
    ] as const) {
      const g = new GraphBuilder();
      const ids = g.input("ids", "int64", ["batch", 2]);
      g.output(embeddingBag(ids, 5, 2, { init: table, mode }), "y");
      const { y } = await runGraph(g, { ids: new BigInt64Array([1n, 3n, 4n, 2n]) });
      expect(Array.from(y)).toEqual(expected);
    }
  });

  it("takes an explicit mask instead of a padding id", async () => {
    const g = new GraphBuilder();
    const ids = g.input("ids", "int64", ["batch", 2]);
    const mask = g.input("mask", "float32", ["batch", 2]);
    g.output(embeddingBag(ids, 5, 2, { init: table, mask }), "y");
    const { y } = await runGraph(g, {
      ids: new BigInt64Array([1n, 3n, 4n, 2n]),
      mask: new Float32Array([1, 1, 0, 1]),
    });
    expect(Array.from(y)).toEqual([2, 20, 2, 20]);
  });

  it("with offsets, matches PyTorch's flat form, including an empty bag", async () => {
    for (const mode of ["mean", "sum"] as const) {
      const g = new GraphBuilder();
      const ids = g.input("ids", "int64", ["tokens"]);
      const offsets = g.input("offsets", "int64", ["batch"]);
      g.output(embeddingBagOffsets(ids, offsets, 5, 2, { init: table, mode }), "y");
      // Bags: [1, 3], [], [2, 2, 4].
      const { y } = await runGraph(g, {
        ids: new BigInt64Array([1n, 3n, 2n, 2n, 4n]),
        offsets: new BigInt64Array([0n, 2n, 2n]),
      });
      const expected = mode === "mean" ? [2, 20, 0, 0, 8 / 3, 80 / 3] : [4, 40, 0, 0, 8, 80];
      expect(Array.from(y).map((v) => Number(v.toFixed(4)))).toEqual(
        expected.map((v) => Number(v.toFixed(4))),
      );
    }
  });
});
