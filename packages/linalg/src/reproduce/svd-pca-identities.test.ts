import { describe, expect, it } from "vitest";
import { checkSvdPcaIdentities, pseudoinverseStability } from "./svd-pca-identities.js";

describe("set 5 part 1 identities", () => {
  const checks = checkSvdPcaIdentities({ seed: 3 });

  it("covers problems A to J and every check holds", () => {
    expect(new Set(checks.map((c) => c.problem))).toEqual(
      new Set(["A", "B", "C", "E", "F/G", "G", "H", "I", "J"]),
    );
    for (const c of checks) expect(c.holds, `${c.problem}: ${c.statement} (${c.measured})`).toBe(true);
  });

  it("measures residuals rather than asserting them", () => {
    const residuals = checks.filter((c) => !c.expectLarge).map((c) => c.measured);
    expect(residuals.some((value) => value > 0)).toBe(true);
  });

  it("shows the normal equations failing where the SVD pseudoinverse still works", () => {
    const rows = pseudoinverseStability([1e2, 1e6, 1e10]);
    expect(rows[0]!.residualNormalEquations).toBeLessThan(1e-8);
    expect(rows[2]!.residualSvd).toBeLessThan(1e-3);
    expect(rows[2]!.residualNormalEquations).toBeGreaterThan(1e-2);
    expect(rows[1]!.kappaXtX / rows[1]!.kappaX ** 2).toBeCloseTo(1, 2);
  });
});
