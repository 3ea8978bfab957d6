import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { formatPythonLiteral, formatPythonNumber, formatPythonString } from "./python-format.js";
import { type PyValue, parsePythonLiteral } from "./python-literal.js";

// Expected strings below are what CPython 3's repr() prints for the same values. (Which code points
// count as printable follows the Unicode version of Node's ICU, which can be newer than Python's.)
describe("formatPythonString", () => {
  it("chooses the quote as Python does", () => {
    expect(formatPythonString("abc")).toBe("'abc'");
    expect(formatPythonString("b's")).toBe(`"b's"`);
    expect(formatPythonString('say "hi"')).toBe(`'say "hi"'`);
    expect(formatPythonString(`it's "quoted"`)).toBe(`'it\\'s "quoted"'`);
  });

  it("escapes backslashes, control characters and unprintable code points", () => {
    expect(formatPythonString("a\\b")).toBe("'a\\\\b'");
    expect(formatPythonString("\t\n\r\x00\x1f\x7f")).toBe("'\\t\\n\\r\\x00\\x1f\\x7f'");
    expect(formatPythonString("\u00a0\u00ad")).toBe("'\\xa0\\xad'");
    expect(formatPythonString("\u2028\u0378")).toBe("'\\u2028\\u0378'");
    expect(formatPythonString("\u{e0001}")).toBe("'\\U000e0001'");
    expect(formatPythonString("\ud800x")).toBe("'\\ud800x'");
  });

  it("keeps printable non-ASCII text as it is", () => {
    expect(formatPythonString("Misérables 日本 😀")).toBe("'Misérables 日本 😀'");
  });
});

describe("formatPythonNumber", () => {
  it("writes whole numbers as ints and others as Python's float repr", () => {
    const cases: [number, string][] = [
      [3, "3"],
      [-12, "-12"],
      [0.1, "0.1"],
      [1e-5, "1e-05"],
      [0.0001, "0.0001"],
      [-2.5e-7, "-2.5e-07"],
      [123456789.125, "123456789.125"],
      [1e15 + 0.5, "1000000000000000.5"],
      [2 ** 53 + 2, "9007199254740994.0"],
      [1e16, "1e+16"],
      [1.2345678901234567e19, "1.2345678901234567e+19"],
      [1.5e300, "1.5e+300"],
      [5e-324, "5e-324"],
      [-0, "-0.0"],
      [Number.POSITIVE_INFINITY, "inf"],
      [Number.NEGATIVE_INFINITY, "-inf"],
      [Number.NaN, "nan"],
    ];
    for (const [value, text] of cases) expect(formatPythonNumber(value)).toBe(text);
  });
});

describe("formatPythonLiteral", () => {
  it("writes containers as repr does", () => {
    expect(formatPythonLiteral(null)).toBe("None");
    expect(formatPythonLiteral([true, false, null])).toBe("[True, False, None]");
    expect(formatPythonLiteral(["a", "b's", 1.5, []])).toBe(`['a', "b's", 1.5, []]`);
    expect(formatPythonLiteral({ k: [1, { "it's": null }] })).toBe(`{'k': [1, {"it's": None}]}`);
    expect(formatPythonLiteral({})).toBe("{}");
  });

  it("refuses values that are not Python literals", () => {
    expect(() => formatPythonLiteral(undefined as unknown as PyValue)).toThrow(InvalidArgumentError);
    expect(() => formatPythonLiteral(new Date(0) as unknown as PyValue)).toThrow(/Date/);
    const cyclic: PyValue[] = [];
    cyclic.push(cyclic);
    expect(() => formatPythonLiteral(cyclic)).toThrow(/cyclic/);
  });
});

// Any string: code points from the whole range (lone surrogates included, which JavaScript and
// Python strings can both hold), mixed with the characters that need escaping. Built from integers
// because fast-check's own "binary" string unit takes seconds to set up.
const anyCharacter = fc.oneof(
  fc.constantFrom("'", '"', "\\", "\n", "\r", "\t", "\x00", "\x7f", " ", "a"),
  fc.integer({ min: 0, max: 0xff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
);
const anyText = fc.array(anyCharacter, { maxLength: 12 }).map((characters) => characters.join(""));

const { value: anyPyValue } = fc.letrec<{ value: PyValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    anyText,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(anyText, tie("value"), { maxKeys: 5 }),
  ),
}));

describe("round trip", () => {
  it("parsePythonLiteral(formatPythonLiteral(v)) equals v for arbitrary nested values", () => {
    fc.assert(
      fc.property(anyPyValue, (value) => {
        expect(parsePythonLiteral(formatPythonLiteral(value))).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips arbitrary unicode strings exactly", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(parsePythonLiteral(formatPythonString(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips every double bit for bit", () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        expect(Object.is(parsePythonLiteral(formatPythonNumber(value)), value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips the hand cases", () => {
    const cases: PyValue[] = [
      ["a", "b's"],
      [`it's "quoted"`],
      [],
      null,
      ["x", null],
      [`'"`, `"'"`, "\\'", "\\"],
      ["日本語", "Misérables", "😀", "\u0000"],
      { "it's": [`"`, { nested: ["'"] }] },
      JSON.parse('{"__proto__": [1], "constructor": null}'),
    ];
    for (const value of cases) expect(parsePythonLiteral(formatPythonLiteral(value))).toEqual(value);
  });
});
