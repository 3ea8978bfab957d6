import { describe, expect, it } from "vitest";
import { logAxis, powerOfTenLabel } from "./common.js";
import { estimateTextWidth } from "./text-width.js";

describe("powerOfTenLabel", () => {
  it("writes exponents as superscripts", () => {
    expect(powerOfTenLabel(0)).toBe("10⁰");
    expect(powerOfTenLabel(-12)).toBe("10⁻¹²");
    expect(powerOfTenLabel(3)).toBe("10³");
  });
});

describe("logAxis", () => {
  it("widens the domain to whole decades and ticks every decade, with minor ticks", () => {
    const { scale, axis } = logAxis(0.003, 4.2);
    expect(scale.domain).toEqual([0.001, 10]);
    expect(axis.values).toContain(0.001);
    expect(axis.values).toContain(0.002);
    expect(axis.values).toContain(10);
    expect(axis.values).toHaveLength(5 + 4 * 8);
  });

  it("drops minor ticks beyond four decades", () => {
    expect(logAxis(1, 1e5).axis.values).toEqual([1, 10, 100, 1000, 1e4, 1e5]);
  });

  it("keeps at least one decade for constant data", () => {
    expect(logAxis(5, 5).scale.domain).toEqual([1, 10]);
    expect(logAxis(1, 1).scale.domain).toEqual([1, 10]);
  });
});

describe("estimateTextWidth", () => {
  it("measures narrow and wide characters differently", () => {
    expect(estimateTextWidth("iiii", 10)).toBeLessThan(estimateTextWidth("WWWW", 10));
    expect(estimateTextWidth("0", 10)).toBeCloseTo(6.36);
    expect(estimateTextWidth("ab", 10, true)).toBeGreaterThan(estimateTextWidth("ab", 10));
  });
});
