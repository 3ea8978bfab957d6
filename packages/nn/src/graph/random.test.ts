import { createRng, InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { createSession } from "../runtime/index.js";
import { GraphBuilder } from "./builder.js";
import { attr } from "./ops/common.js";
import { dropout, gaussianNoise, randomNormal } from "./ops/noise.js";
import { reshape } from "./ops/shape-ops.js";
import { bindDims, fillRandomInput, type RandomInputSpec, randomFeeds, resolveDims } from "./random.js";
import { numbers, runBuilder } from "./testing.js";

const maskSpec = (ratio: number, shape: RandomInputSpec["shape"] = [100_000]): RandomInputSpec => ({
  name: "mask",
  dtype: "float32",
  shape,
  distribution: { kind: "dropoutMask", ratio },
});

describe("dropout and noise in training and eval graphs", () => {
  it("feeds a mask in a training graph and is the identity in an eval graph", () => {
    const training = new GraphBuilder({ training: true });
    const x = training.input("x", "float32", ["batch", 5]);
    const dropped = dropout(x, 0.25);
    expect(dropped).not.toBe(x);
    training.output(dropped, "y");
    expect(training.randomInputs).toEqual([
      {
        name: "dropout_mask",
        dtype: "float32",
        shape: ["batch", 5],
        distribution: { kind: "dropoutMask", ratio: 0.25 },
      },
    ]);
    expect(training.toGraph().inputs.map((input) => input.name)).toContain("dropout_mask");

    const evaluation = new GraphBuilder();
    const y = evaluation.input("x", "float32", ["batch", 5]);
    expect(dropout(y, 0.25)).toBe(y);
    expect(gaussianNoise(y, 0.1)).toBe(y);
    expect(evaluation.randomInputs).toEqual([]);
    expect(dropout(x, 0)).toBe(x);
  });

  it("multiplies by the fed mask and adds the fed noise in onnxruntime", async () => {
    const builder = new GraphBuilder({ training: true });
    const x = builder.input("x", "float32", ["batch", 3]);
    builder.output(dropout(x, 0.5), "dropped");
    builder.output(gaussianNoise(x, 0.1), "noisy");
    const xValues = new Float32Array([1, 2, 3, 4, 5, 6]);
    const feeds = randomFeeds(builder.randomInputs, createRng(3), { batch: 2 });
    const mask = feeds.dropout_mask.data;
    const noise = feeds.gaussian_noise.data;
    const result = await runBuilder(builder, { x: xValues, ...feeds });
    expect(numbers(result.dropped)).toEqual(Array.from(xValues, (v, i) => Math.fround(v * mask[i])));
    expect(numbers(result.noisy)).toEqual(Array.from(xValues, (v, i) => Math.fround(v + noise[i])));
  });

  it("needs a shape the trainer can resolve", () => {
    const builder = new GraphBuilder({ training: true });
    const x = builder.input("x", "float32", ["batch", 6]);
    const unknown = reshape(x, builder.input("shape", "int64", [2]));
    expect(() => dropout(unknown, 0.5)).toThrow(/fixed or named/);
    expect(() => dropout(x, 1.5)).toThrow(/\[0, 1\]/);
    expect(() => randomNormal(builder, [2], { std: -1 })).toThrow(InvalidArgumentError);
  });
});

describe("fillRandomInput", () => {
  it("drops a fraction `ratio` and scales the rest by 1 / (1 − ratio)", () => {
    const ratio = 0.3;
    const mask = fillRandomInput(maskSpec(ratio), createRng(11), {});
    let zeros = 0;
    for (const value of mask) {
      if (value === 0) zeros++;
      else expect(value).toBe(Math.fround(1 / 0.7));
    }
    // Binomial(1e5, 0.3) has standard deviation ≈ 145: 5 of them is far outside chance.
    expect(Math.abs(zeros - 30_000)).toBeLessThan(725);
    expect(Array.from(fillRandomInput(maskSpec(1, [4]), createRng(1), {}))).toEqual([0, 0, 0, 0]);
  });

  it("is deterministic for a seed, differs step to step, and reuses a buffer of the right size", () => {
    const spec = maskSpec(0.5, ["batch", 8]);
    const first = createRng(5);
    const second = createRng(5);
    const stepOne = fillRandomInput(spec, first, { batch: 4 });
    expect(fillRandomInput(spec, second, { batch: 4 })).toEqual(stepOne);
    const buffer = new Float32Array(32);
    const stepTwo = fillRandomInput(spec, first, { batch: 4 }, buffer);
    expect(stepTwo).toBe(buffer);
    expect(Array.from(stepTwo)).not.toEqual(Array.from(stepOne));
  });

  it("draws noise with the asked moments", () => {
    const spec: RandomInputSpec = {
      name: "n",
      dtype: "float64",
      shape: [50_000],
      distribution: { kind: "normal", mean: 1, std: 0.5 },
    };
    const values = Array.from(fillRandomInput(spec, createRng(2), {}));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(mean).toBeCloseTo(1, 2);
    expect(std).toBeCloseTo(0.5, 2);
  });
});

describe("dimension bindings", () => {
  it("reads symbolic sizes from the fed dims and rejects conflicts", () => {
    const declared = [
      { name: "x", shape: ["batch", 3] },
      { name: "y", shape: ["batch", "", "time"] },
    ];
    expect(bindDims(declared, { x: { dims: [4, 3] }, y: { dims: [4, 7, 9] } })).toEqual({
      batch: 4,
      time: 9,
    });
    expect(() => bindDims(declared, { x: { dims: [4, 3] }, y: { dims: [5, 1, 1] } })).toThrow(/"batch" is 4/);
    expect(resolveDims(["batch", 2], { batch: 3 })).toEqual([3, 2]);
    expect(() => resolveDims(["batch", 2], {})).toThrow(/no size bound for dimension "batch"/);
  });
});

describe("why random values are fed (onnxruntime behaviour this design relies on)", () => {
  it("restarts a seeded RandomUniformLike sequence in every new session", async () => {
    const builder = new GraphBuilder();
    const x = builder.input("x", "float32", [4]);
    const [noise] = builder.node(
      "RandomUniformLike",
      [x],
      { seed: attr.float(3) },
      { outputTypes: [{ dtype: "float32", shape: [4] }] },
    );
    builder.output(noise, "noise");
    const model = builder.toModel();
    const feeds = { x: new Float32Array(4) };
    const first = await createSession(model, { threads: 1 });
    const second = await createSession(model, { threads: 1 });
    try {
      const step1 = Array.from((await first.run(feeds)).noise.data as Float32Array);
      const step2 = Array.from((await first.run(feeds)).noise.data as Float32Array);
      const restarted = Array.from((await second.run(feeds)).noise.data as Float32Array);
      expect(step2).not.toEqual(step1);
      // A resumed or rebuilt session would replay step 1's values: not reproducible by step.
      expect(restarted).toEqual(step1);
    } finally {
      await first.release();
      await second.release();
    }
  });
});
