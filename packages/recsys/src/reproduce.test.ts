import { describe, expect, it } from "vitest";
import { syntheticRatings } from "./data/synthetic.js";
import { buildMatrixFactorizationReport } from "./reproduce.js";

describe("buildMatrixFactorizationReport", () => {
  it("reruns 2A-2E on small data and writes every section with its plots", async () => {
    const synthetic = syntheticRatings({ users: 100, items: 80, density: 0.3, seed: 4, testFraction: 0.1 });
    const report = await buildMatrixFactorizationReport({
      dataset: synthetic.dataset,
      dataName: synthetic.description,
      ks: [2, 4],
      lambdas: [0, 0.1],
      k: 4,
      maxEpochs: 40,
      seed: 1,
    });
    expect(report.gradientCheck.maxError).toBeLessThan(1e-7);
    expect(report.als.objectiveIncreases).toBe(0);
    expect(report.sgd).toMatchObject({ method: "sgd", k: 4, lambda: 0 });
    expect(report.sgd.eIn).toBeLessThan(report.sgd.eOut);
    expect(report.sweep.rows).toHaveLength(4);
    expect(Object.keys(report.files).sort()).toEqual([
      "2b-als-objective.svg",
      "2c-sgd-training-loss.svg",
      "2d-errors-vs-k.svg",
      "2e-e-in-vs-k.svg",
      "2e-e-out-vs-k.svg",
      "report.md",
    ]);
    const markdown = report.markdown;
    for (const heading of [
      "Problem 2A",
      "Problem 2B",
      "Problem 2C",
      "Problem 2D",
      "Problem 2E",
      "biased MF",
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain(synthetic.description);
    expect(markdown).toContain("Ids are 1-based");
    expect(markdown).toContain(
      `| 0.1 | ${report.sweep.rows[2].eOut.toFixed(4)} | ${report.sweep.rows[3].eOut.toFixed(4)} |`,
    );
    expect(markdown).toContain(`increased in 0 of them`);
  });
});
