import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataFormatError } from "../errors.js";
import { parseFloatList } from "./float-list.js";

/** The reference rounding: what Float32Array.from(list.map(Number)) would hold. */
function reference(tokens: string[]): Float32Array {
  return Float32Array.from(tokens, (token) => Math.fround(Number(token)));
}

function expectSameBits(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`item ${i}: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

function nextFloat32Up(value: number): number {
  const view = new Float32Array([value]);
  const bits = new Uint32Array(view.buffer);
  bits[0] += value >= 0 ? 1 : -1;
  return view[0];
}

describe("parseFloatList", () => {
  it("reads the pandas form of a list of floats", () => {
    const list = parseFloatList("[0.3206779360771179, 0.988215982913971, -1.0441, 2e-05, 7]");
    expect(list).toBeInstanceOf(Float32Array);
    expectSameBits(list, reference(["0.3206779360771179", "0.988215982913971", "-1.0441", "2e-05", "7"]));
  });

  it("accepts numpy's whitespace-separated form, trailing commas and empty lists", () => {
    expectSameBits(parseFloatList("[ 0.1  -2.5\n  3.   .5 ]"), reference(["0.1", "-2.5", "3.", ".5"]));
    expectSameBits(parseFloatList(" [1, 2,] "), reference(["1", "2"]));
    expect(parseFloatList("[]")).toHaveLength(0);
    expect(parseFloatList("[ \n ]")).toHaveLength(0);
  });

  it("reads nan, inf, -inf, signs and zeros", () => {
    const list = parseFloatList("[nan, inf, -inf, +Infinity, NaN, -0.0, 0e10, +3]");
    expect(Array.from(list)).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      -0,
      0,
      3,
    ]);
    expect(Object.is(list[5], -0)).toBe(true);
  });

  it("handles lists longer than its scratch buffer", () => {
    const values = Array.from({ length: 5000 }, (_, i) => (i * 0.37 - 900).toString());
    expectSameBits(parseFloatList(`[${values.join(", ")}]`), reference(values));
  });

  it("rounds like Math.fround(Number(token)) for any double, in any notation", () => {
    const notation = fc.constantFrom(
      (value: number) => String(value),
      (value: number) => value.toExponential(),
      (value: number) => value.toPrecision(17),
      (value: number) => value.toPrecision(9),
      (value: number) => value.toExponential(3),
      (value: number) => value.toPrecision(21),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), notation)),
        (items) => {
          const tokens = items.map(([value, write]) => write(value));
          expectSameBits(parseFloatList(`[${tokens.join(", ")}]`), reference(tokens));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("rounds float32 values printed as doubles (the seed 003 embeddings) back to themselves", () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { maxLength: 64 }),
        (values) => {
          const tokens = values.map((value) => (Object.is(value, -0) ? "-0.0" : String(value)));
          const parsed = parseFloatList(`[${tokens.join(", ")}]`);
          expectSameBits(parsed, Float32Array.from(values));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("rounds correctly at and next to the halfway points between float32 values", () => {
    fc.assert(
      fc.property(
        fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e38), max: Math.fround(1e38) }),
        (value) => {
          const midpoint = (value + nextFloat32Up(value)) / 2;
          const tokens = [
            String(midpoint),
            midpoint.toPrecision(17),
            midpoint.toPrecision(16),
            midpoint.toPrecision(18),
            midpoint.toPrecision(19),
            midpoint.toPrecision(20),
            midpoint.toExponential(16),
          ];
          expectSameBits(parseFloatList(`[${tokens.join(",")}]`), reference(tokens));
        },
      ),
      { numRuns: 1000 },
    );
    // 1 + 2^-24 lies exactly halfway between 1 and the next float32: ties go to even (1).
    expectSameBits(
      parseFloatList("[1.000000059604644775390625, 1.0000000596046448]"),
      reference(["1.000000059604644775390625", "1.0000000596046448"]),
    );
  });

  it("handles magnitudes at the ends of the float32 and double ranges", () => {
    const tokens = [
      "3.4028235677973366e+38",
      "3.4028235e38",
      "3.40282357e38",
      "1e39",
      "1e-45",
      "7e-46",
      "1e-46",
      "1.17549435e-38",
      "1e308",
      "1e-320",
      "123456789012345678901234567890",
    ];
    expectSameBits(parseFloatList(`[${tokens.join(", ")}]`), reference(tokens));
  });
});

describe("parseFloatList errors", () => {
  function errorOf(text: string, location = {}): DataFormatError {
    try {
      parseFloatList(text, location);
    } catch (error) {
      if (error instanceof DataFormatError) return error;
      throw error;
    }
    throw new Error("expected a DataFormatError");
  }

  it("names what is wrong and where", () => {
    expect(errorOf("1, 2").message).toBe(
      '<input>, line 1, column 1: expected "[" to start a list of numbers',
    );
    expect(errorOf("").message).toMatch(/found nothing/);
    expect(errorOf("[1, 2").message).toBe("<input>, line 1, column 1: list is never closed");
    expect(errorOf("[1, x]").message).toBe('<input>, line 1, column 5: expected a number, found "x"');
    expect(errorOf("[1, 2a]").message).toBe('<input>, line 1, column 5: invalid number "2a"');
    expect(errorOf("[1e]").message).toMatch(/invalid number "1e"/);
    expect(errorOf("[1.2.3]").message).toMatch(/invalid number/);
    expect(errorOf("[info]").message).toMatch(/invalid number "info"/);
    expect(errorOf("[.nan]").message).toMatch(/expected a number/);
    expect(errorOf("[1,,2]").column).toBe(4);
    expect(errorOf("[,1]").column).toBe(2);
    expect(errorOf("[1] 2").message).toMatch(/after the end of the list/);
  });

  it("shifts positions to where the cell sits in its file", () => {
    const error = errorOf("[1, 2, oops]", { source: "train.csv", line: 40, column: 3 });
    expect(error.message).toBe('train.csv, line 40, column 10: expected a number, found "oops"');
  });
});
