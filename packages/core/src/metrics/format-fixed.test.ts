import { describe, expect, it } from "vitest";
import { formatFixed } from "./format-fixed.js";

describe("formatFixed", () => {
  it("rounds exact binary ties to even, as Python's format does", () => {
    // Expected values are Python's "%.{digits}f" % value.
    expect(formatFixed(0.125, 2)).toBe("0.12");
    expect(formatFixed(0.375, 2)).toBe("0.38");
    expect(formatFixed(0.625, 2)).toBe("0.62");
    expect(formatFixed(0.0625, 3)).toBe("0.062");
    expect(formatFixed(0.5, 0)).toBe("0");
    expect(formatFixed(1.5, 0)).toBe("2");
    expect(formatFixed(2.5, 0)).toBe("2");
    expect(formatFixed(-0.125, 2)).toBe("-0.12");
  });

  it("agrees with toFixed away from ties", () => {
    // 0.145 is stored as 0.14499999999999999: not a tie, so it rounds down in both.
    expect(formatFixed(0.145, 2)).toBe("0.14");
    expect(formatFixed(2 / 3, 2)).toBe("0.67");
    expect(formatFixed(0, 2)).toBe("0.00");
    expect(formatFixed(12, 2)).toBe("12.00");
    expect(formatFixed(1 / 3, 4)).toBe("0.3333");
  });
});
