import { describe, expect, it } from "vitest";
import { fillNormalFast } from "./normal-ziggurat.js";
import { createRng } from "./rng.js";

/** The standard normal CDF by the Abramowitz-Stegun 7.1.26 erf approximation (error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

describe("fillNormalFast", () => {
  const draws = fillNormalFast(createRng(11), new Float64Array(1_000_000));

  it("matches the standard normal's moments", () => {
    let sum = 0;
    let squares = 0;
    let fourth = 0;
    for (const x of draws) {
      sum += x;
      squares += x * x;
      fourth += x ** 4;
    }
    const n = draws.length;
    // Standard errors of the mean, variance and fourth moment at n = 1e6: 0.001, 0.0014, 0.0096.
    expect(Math.abs(sum / n)).toBeLessThan(0.005);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.007);
    expect(Math.abs(fourth / n - 3)).toBeLessThan(0.05);
  });

  it("matches the normal CDF everywhere, tails included (Kolmogorov-Smirnov)", () => {
    const sorted = Float64Array.from(draws).sort();
    let distance = 0;
    for (let i = 0; i < sorted.length; i++) {
      const cdf = normalCdf(sorted[i]);
      distance = Math.max(
        distance,
        Math.abs(cdf - i / sorted.length),
        Math.abs(cdf - (i + 1) / sorted.length),
      );
    }
    // The 1% critical value of the KS statistic is 1.63 / √n.
    expect(distance).toBeLessThan(1.63 / Math.sqrt(sorted.length));
    const beyond = (limit: number) => draws.filter((x) => Math.abs(x) > limit).length / draws.length;
    // P(|Z| > 3.44) = 5.8e-4 lies in the tail the base layer handles; P(|Z| > 2) = 0.0455.
    expect(beyond(3.442619855899)).toBeGreaterThan(4.5e-4);
    expect(beyond(3.442619855899)).toBeLessThan(7e-4);
    expect(beyond(2)).toBeCloseTo(0.0455, 3);
  });

  it("scales by std and shifts by mean, reproducibly for a seed", () => {
    const a = fillNormalFast(createRng(3), new Float32Array(1000), 5, 0.1);
    const b = fillNormalFast(createRng(3), new Float32Array(1000), 5, 0.1);
    expect(a).toEqual(b);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    expect(mean).toBeCloseTo(5, 1);
    expect(Math.max(...a.map((x) => Math.abs(x - 5)))).toBeLessThan(0.6);
  });
});
