import { createRng, InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { fansOf, type Initializer, init, initialize } from "./initializers.js";

function stats(values: ArrayLike<number>) {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length), min, max };
}

const draw = (initializer: Initializer, shape: number[], seed = 1) =>
  initialize(initializer, shape, "float64", createRng(seed));

/** Gram matrix AᵀA (transpose = false) or AAᵀ of a rows×cols row-major matrix. */
function gram(values: ArrayLike<number>, rows: number, cols: number, ofColumns: boolean): number[][] {
  const n = ofColumns ? cols : rows;
  const result = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let dot = 0;
      const length = ofColumns ? rows : cols;
      for (let k = 0; k < length; k++) {
        dot += ofColumns
          ? values[k * cols + a] * values[k * cols + b]
          : values[a * cols + k] * values[b * cols + k];
      }
      result[a][b] = dot;
    }
  }
  return result;
}

describe("fansOf", () => {
  it("reads [..., in, out] with leading dims as a receptive field", () => {
    expect(fansOf([3, 4])).toEqual({ fanIn: 3, fanOut: 4 });
    expect(fansOf([5, 3, 4])).toEqual({ fanIn: 15, fanOut: 20 });
    expect(fansOf([7])).toEqual({ fanIn: 7, fanOut: 7 });
  });
});

describe("initialize", () => {
  it("fills constants exactly", () => {
    expect(Array.from(draw(init.zeros(), [2, 2]))).toEqual([0, 0, 0, 0]);
    expect(Array.from(draw(init.ones(), [3]))).toEqual([1, 1, 1]);
    expect(Array.from(draw(init.constant(-2.5), [2]))).toEqual([-2.5, -2.5]);
    expect(Array.from(draw(init.values([1, 2, 3]), [3]))).toEqual([1, 2, 3]);
    expect(initialize(init.ones(), [2], "float32", createRng(0))).toBeInstanceOf(Float32Array);
  });

  it("draws uniform and normal values with the asked range and moments", () => {
    const uniform = stats(draw(init.uniform(-0.5, 1.5), [200, 100]));
    expect(uniform.min).toBeGreaterThanOrEqual(-0.5);
    expect(uniform.max).toBeLessThan(1.5);
    expect(uniform.mean).toBeCloseTo(0.5, 1);
    const normal = stats(draw(init.normal(3, 0.2), [200, 100]));
    expect(normal.mean).toBeCloseTo(3, 2);
    expect(normal.std).toBeCloseTo(0.2, 2);
  });

  it("scales Glorot by fan-in + fan-out and He by one fan", () => {
    const shape = [300, 200];
    const glorotLimit = Math.sqrt(6 / 500);
    const glorotUniform = stats(draw(init.glorotUniform(), shape));
    expect(glorotUniform.max).toBeLessThanOrEqual(glorotLimit);
    expect(glorotUniform.min).toBeGreaterThanOrEqual(-glorotLimit);
    expect(glorotUniform.std).toBeCloseTo(Math.sqrt(2 / 500), 3);
    expect(stats(draw(init.glorotNormal(), shape)).std).toBeCloseTo(Math.sqrt(2 / 500), 3);
    expect(stats(draw(init.heNormal(), shape)).std).toBeCloseTo(Math.sqrt(2 / 300), 3);
    const heUniform = stats(draw(init.heUniform({ mode: "fanOut" }), shape));
    expect(heUniform.max).toBeLessThanOrEqual(Math.sqrt(6 / 200));
    expect(heUniform.std).toBeCloseTo(Math.sqrt(2 / 200), 3);
    // Explicit fans, e.g. for a [out, in] Gemm weight with transB.
    const transposed = stats(draw(init.heNormal({ fans: { fanIn: 200, fanOut: 300 } }), shape));
    expect(transposed.std).toBeCloseTo(Math.sqrt(2 / 200), 3);
  });

  it("makes orthogonal columns for tall and orthogonal rows for wide weights", () => {
    for (const [rows, cols, ofColumns] of [
      [6, 4, true],
      [3, 5, false],
    ] as const) {
      const values = draw(init.orthogonal(2), [rows, cols]);
      const product = gram(values, rows, cols, ofColumns);
      product.forEach((row, a) => {
        row.forEach((value, b) => {
          expect(value).toBeCloseTo(a === b ? 4 : 0, 10);
        });
      });
    }
  });

  it("is deterministic for a generator state", () => {
    expect(Array.from(draw(init.orthogonal(), [4, 4], 3))).toEqual(
      Array.from(draw(init.orthogonal(), [4, 4], 3)),
    );
    expect(Array.from(draw(init.heUniform(), [4, 4], 3))).not.toEqual(
      Array.from(draw(init.heUniform(), [4, 4], 4)),
    );
  });

  it("rejects values it cannot honour", () => {
    expect(() => draw(init.values([1, 2]), [3])).toThrow(InvalidArgumentError);
    expect(() => draw(init.orthogonal(), [5])).toThrow(/rank >= 2/);
    expect(() => draw(init.uniform(1, 0), [2])).toThrow(/low <= high/);
    expect(() => draw(init.normal(0, -1), [2])).toThrow(/std >= 0/);
    expect(() => draw(init.constant(Number.NaN), [2])).toThrow(/finite/);
  });
});
