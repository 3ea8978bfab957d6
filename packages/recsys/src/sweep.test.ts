import { describe, expect, it } from "vitest";
import { datasetShape } from "./data/dataset.js";
import { syntheticRatings } from "./data/synthetic.js";
import { formatLambda, runSweep, sweepPlots, sweepTable } from "./sweep.js";
import { trainSgd } from "./train/sgd.js";

const synthetic = syntheticRatings({ users: 120, items: 90, density: 0.3, seed: 8 });
const { dataset } = synthetic;
const shape = datasetShape(dataset);

describe("runSweep", () => {
  const result = runSweep(dataset.train, dataset.test!, shape, { ks: [2, 6], lambdas: [0, 1], seed: 2 });

  it("trains one model per (λ, k), λ-major, each exactly as a single trainSgd run would", () => {
    expect(result.rows.map((row) => [row.lambda, row.k])).toEqual([
      [0, 2],
      [0, 6],
      [1, 2],
      [1, 6],
    ]);
    const single = trainSgd(dataset.train, shape, { k: 6, lambda: 1, seed: 2 });
    expect(result.rows[3].eOut).toBe(single.model.evaluate(dataset.test!).e);
    expect(result.rows[3].epochs).toBe(single.epochs);
  });

  it("shows regularization at work: λ = 1 fits the training ratings worse than λ = 0", () => {
    for (const k of [2, 6]) {
      const free = result.rows.find((row) => row.k === k && row.lambda === 0)!;
      const shrunk = result.rows.find((row) => row.k === k && row.lambda === 1)!;
      expect(shrunk.eIn).toBeGreaterThan(free.eIn);
      expect(free.rmseTest).toBeCloseTo(Math.sqrt(2 * free.eOut), 12);
    }
  });

  it("tabulates rows λ × columns k in Markdown", () => {
    const table = sweepTable(result, "eOut").split("\n");
    expect(table[0]).toBe("| λ \\ k | 2 | 6 |");
    expect(table[2]).toBe(`| 0 | ${result.rows[0].eOut.toFixed(4)} | ${result.rows[1].eOut.toFixed(4)} |`);
    expect(table).toHaveLength(4);
  });

  it("plots E_in and E_out against k with one line per λ", async () => {
    const plots = await sweepPlots(result);
    for (const svg of [plots.eIn, plots.eOut]) {
      expect(svg).toMatch(/^<svg/);
      expect(svg).toContain("λ");
    }
    expect(plots.eIn).toContain("E_in against k (SGD)");
  });

  it("rejects an empty grid", () => {
    expect(() => runSweep(dataset.train, dataset.test!, shape, { ks: [] })).toThrow(/at least one k/);
  });
});

describe("formatLambda", () => {
  it("prints the set's λ values as the set does", () => {
    expect([0, 1e-4, 1e-3, 0.01, 0.1, 1].map(formatLambda)).toEqual([
      "0",
      "1e-4",
      "0.001",
      "0.01",
      "0.1",
      "1",
    ]);
  });
});
