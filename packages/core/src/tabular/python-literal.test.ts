import { describe, expect, it } from "vitest";
import { DataFormatError } from "../errors.js";
import { parsePythonLiteral, parsePythonStringList } from "./python-literal.js";

function errorOf(run: () => unknown): DataFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof DataFormatError) return error;
    throw error;
  }
  throw new Error("expected a DataFormatError");
}

describe("parsePythonLiteral: scalars", () => {
  it("reads None, True, False", () => {
    expect(parsePythonLiteral("None")).toBeNull();
    expect(parsePythonLiteral("True")).toBe(true);
    expect(parsePythonLiteral("False")).toBe(false);
  });

  it("reads ints: signs, underscores, other bases", () => {
    expect(parsePythonLiteral("42")).toBe(42);
    expect(parsePythonLiteral("-17")).toBe(-17);
    expect(parsePythonLiteral("+5")).toBe(5);
    expect(parsePythonLiteral("- 3")).toBe(-3);
    expect(parsePythonLiteral("1_000_000")).toBe(1_000_000);
    expect(parsePythonLiteral("0x1F")).toBe(31);
    expect(parsePythonLiteral("0o17")).toBe(15);
    expect(parsePythonLiteral("0b1010")).toBe(10);
    expect(parsePythonLiteral("0xff_ff")).toBe(0xffff);
  });

  it("reads floats in every form repr and humans write", () => {
    expect(parsePythonLiteral("3.25")).toBe(3.25);
    expect(parsePythonLiteral("-0.5")).toBe(-0.5);
    expect(parsePythonLiteral("1.")).toBe(1);
    expect(parsePythonLiteral(".5")).toBe(0.5);
    expect(parsePythonLiteral("1e-05")).toBe(1e-5);
    expect(parsePythonLiteral("2.5E+10")).toBe(2.5e10);
    expect(parsePythonLiteral("1_000.000_1")).toBe(1000.0001);
    expect(parsePythonLiteral("1e400")).toBe(Number.POSITIVE_INFINITY);
    expect(Object.is(parsePythonLiteral("-0.0"), -0)).toBe(true);
  });

  it("reads inf and nan as pandas and numpy print them", () => {
    expect(parsePythonLiteral("inf")).toBe(Number.POSITIVE_INFINITY);
    expect(parsePythonLiteral("-inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(parsePythonLiteral("nan")).toBeNaN();
    expect(parsePythonLiteral("[1.0, nan, -inf]")).toEqual([1, Number.NaN, Number.NEGATIVE_INFINITY]);
  });

  it("rejects malformed numbers", () => {
    expect(() => parsePythonLiteral("1__0")).toThrow(/underscore/);
    expect(() => parsePythonLiteral("1_")).toThrow(/underscore/);
    expect(() => parsePythonLiteral("1_e5")).toThrow(/underscore/);
    expect(() => parsePythonLiteral("1e")).toThrow(/invalid number/);
    expect(() => parsePythonLiteral("1.2.3")).toThrow(/invalid number/);
    expect(() => parsePythonLiteral("3j")).toThrow(/complex/);
    expect(() => parsePythonLiteral("0x")).toThrow(/base-16/);
    expect(() => parsePythonLiteral("0b102")).toThrow(/base-2/);
    expect(() => parsePythonLiteral("-None")).toThrow(/sign/);
  });
});

describe("parsePythonLiteral: strings", () => {
  it("reads both quote styles", () => {
    expect(parsePythonLiteral("'abc'")).toBe("abc");
    expect(parsePythonLiteral('"it\'s"')).toBe("it's");
    expect(parsePythonLiteral("''")).toBe("");
  });

  it("decodes Python escapes", () => {
    expect(parsePythonLiteral(String.raw`'a\\b'`)).toBe("a\\b");
    expect(parsePythonLiteral(String.raw`'it\'s'`)).toBe("it's");
    expect(parsePythonLiteral(String.raw`"say \"hi\""`)).toBe('say "hi"');
    expect(parsePythonLiteral(String.raw`'\n\t\r'`)).toBe("\n\t\r");
    expect(parsePythonLiteral(String.raw`'\x41\xe9'`)).toBe("Aé");
    expect(parsePythonLiteral(String.raw`'\u00e9\u4e2d'`)).toBe("é中");
    expect(parsePythonLiteral(String.raw`'\U0001F600'`)).toBe("😀");
    expect(parsePythonLiteral(String.raw`'\a\b\f\v\0'`)).toBe("\x07\b\f\v\0");
    expect(parsePythonLiteral(String.raw`'\101\7'`)).toBe("A\x07");
    expect(parsePythonLiteral(String.raw`'\ud800'`)).toBe("\ud800");
  });

  it("keeps unknown escapes as Python does", () => {
    expect(parsePythonLiteral(String.raw`'\d+\s'`)).toBe("\\d+\\s");
  });

  it("treats a backslash before a line break as a continuation", () => {
    expect(parsePythonLiteral("'ab\\\ncd'")).toBe("abcd");
    expect(parsePythonLiteral("'ab\\\r\ncd'")).toBe("abcd");
  });

  it("honours the r, u and b prefixes", () => {
    expect(parsePythonLiteral(String.raw`r'\d\n'`)).toBe("\\d\\n");
    expect(parsePythonLiteral(String.raw`R"a\"b"`)).toBe('a\\"b');
    expect(parsePythonLiteral("u'x'")).toBe("x");
    expect(parsePythonLiteral(String.raw`b'\x00\xff'`)).toBe("\x00\xff");
    // \u is not an escape in bytes literals.
    expect(parsePythonLiteral(String.raw`b'\u0041'`)).toBe("\\u0041");
    expect(parsePythonLiteral(String.raw`rb'\x41'`)).toBe("\\x41");
    expect(parsePythonLiteral(String.raw`Br'\x41'`)).toBe("\\x41");
  });

  it("reads triple-quoted strings, which may span lines", () => {
    expect(parsePythonLiteral("'''a\n'b'\n'''")).toBe("a\n'b'\n");
    expect(parsePythonLiteral('"""x"y"""')).toBe('x"y');
  });

  it("reads unicode text as it is", () => {
    expect(parsePythonLiteral("['日本語', 'Misérables', '🙂']")).toEqual(["日本語", "Misérables", "🙂"]);
  });

  it("rejects malformed strings", () => {
    expect(() => parsePythonLiteral("'abc")).toThrow(/never closed/);
    expect(() => parsePythonLiteral("'ab\ncd'")).toThrow(/line break/);
    expect(() => parsePythonLiteral(String.raw`'\x4'`)).toThrow(/2 hex digits/);
    expect(() => parsePythonLiteral(String.raw`'\U00110000'`)).toThrow(/U\+10FFFF/);
    expect(() => parsePythonLiteral(String.raw`'\N{BULLET}'`)).toThrow(/named escapes/);
    expect(() => parsePythonLiteral(String.raw`r'\'`)).toThrow(/never closed/);
    expect(() => parsePythonLiteral("f'x'")).toThrow(/f-strings/);
    expect(() => parsePythonLiteral("x'y'")).toThrow(/prefix/);
  });
});

describe("parsePythonLiteral: containers", () => {
  it("reads lists, with nesting, whitespace and trailing commas", () => {
    expect(parsePythonLiteral("[]")).toEqual([]);
    expect(parsePythonLiteral("[1, 'a', None, True]")).toEqual([1, "a", null, true]);
    expect(parsePythonLiteral(" [ [1 , [2]] ,\n [] , ] ")).toEqual([[1, [2]], []]);
  });

  it("reads tuples as arrays, telling (x) from (x,)", () => {
    expect(parsePythonLiteral("()")).toEqual([]);
    expect(parsePythonLiteral("(1,)")).toEqual([1]);
    expect(parsePythonLiteral("(1)")).toBe(1);
    expect(parsePythonLiteral("(1, 2, )")).toEqual([1, 2]);
    expect(parsePythonLiteral("((1, 2))")).toEqual([1, 2]);
  });

  it("reads dicts, stringifying non-string keys as Python's str does", () => {
    expect(parsePythonLiteral("{}")).toEqual({});
    expect(parsePythonLiteral("{'a': 1, \"b\": [2, {'c': None}],}")).toEqual({ a: 1, b: [2, { c: null }] });
    expect(parsePythonLiteral("{1: 'x', None: 2, True: 3, 2.5: 4}")).toEqual({
      "1": "x",
      None: 2,
      True: 3,
      "2.5": 4,
    });
    expect(parsePythonLiteral("{(1, 2): 'pair', (3,): 'one'}")).toEqual({ "(1, 2)": "pair", "(3,)": "one" });
  });

  it("lets a later duplicate key win, as Python does", () => {
    expect(parsePythonLiteral("{'a': 1, 'a': 2}")).toEqual({ a: 2 });
  });

  it("keeps a __proto__ key as data, not as a prototype", () => {
    const value = parsePythonLiteral("{'__proto__': {'polluted': 1}}") as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it("reads sets as arrays", () => {
    expect(parsePythonLiteral("{1}")).toEqual([1]);
    expect(parsePythonLiteral("{'a', 'b',}")).toEqual(["a", "b"]);
  });

  it("rejects malformed containers, pointing at the problem", () => {
    expect(errorOf(() => parsePythonLiteral("[1, 2")).message).toBe(
      "<input>, line 1, column 1: list is never closed",
    );
    expect(errorOf(() => parsePythonLiteral("[1 2]")).message).toBe(
      '<input>, line 1, column 4: expected "," or "]" in a list, found "2"',
    );
    expect(errorOf(() => parsePythonLiteral("[1,,2]")).column).toBe(4);
    expect(errorOf(() => parsePythonLiteral("{'a' 1}")).message).toMatch(/in a set/);
    expect(errorOf(() => parsePythonLiteral("{'a': 1, 'b'}")).message).toMatch(/expected ":"/);
    expect(errorOf(() => parsePythonLiteral("[1] x")).message).toMatch(/after the end/);
    expect(errorOf(() => parsePythonLiteral("   ")).message).toMatch(/found nothing/);
    expect(errorOf(() => parsePythonLiteral("[nope]")).message).toMatch(/"nope" is not a Python literal/);
  });

  it("refuses nesting deep enough to overflow the stack", () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    expect(() => parsePythonLiteral(deep)).toThrow(/nested deeper than 1000/);
    const fine = `${"[".repeat(500)}${"]".repeat(500)}`;
    expect(() => parsePythonLiteral(fine)).not.toThrow();
  });
});

describe("parsePythonLiteral: error positions", () => {
  it("adds the offset inside the cell to the given column", () => {
    const error = errorOf(() =>
      parsePythonLiteral("['a', 'b' 'c']", { source: "data.csv", line: 12, column: 30 }),
    );
    expect(error).toBeInstanceOf(DataFormatError);
    expect(error.file).toBe("data.csv");
    expect(error.line).toBe(12);
    expect(error.column).toBe(30 + 10);
    expect(error.message).toBe('data.csv, line 12, column 40: expected "," or "]" in a list, found "\'"');
  });

  it("moves to later lines when the literal spans lines", () => {
    const error = errorOf(() => parsePythonLiteral("[1,\n 2,\n x]", { line: 5, column: 9 }));
    expect(error.line).toBe(7);
    expect(error.column).toBe(2);
  });
});

describe("parsePythonStringList", () => {
  it("reads a list of strings in either quote style", () => {
    expect(parsePythonStringList(`['a', "b's"]`)).toEqual(["a", "b's"]);
    expect(parsePythonStringList("[]")).toEqual([]);
  });

  it("gives null for missing values", () => {
    expect(parsePythonStringList("")).toBeNull();
    expect(parsePythonStringList("  \t")).toBeNull();
    expect(parsePythonStringList("None")).toBeNull();
  });

  it("reads a bare value, as pandas writes a str in a list column, as a one-item list", () => {
    expect(parsePythonStringList("wikipedia")).toEqual(["wikipedia"]);
    expect(parsePythonStringList("wmt/europarl")).toEqual(["wmt/europarl"]);
    expect(parsePythonStringList("Nonesuch")).toEqual(["Nonesuch"]);
  });

  it("rejects values that are not lists of strings", () => {
    expect(() => parsePythonStringList("'a'")).toThrow(/expected a list, found a string/);
    expect(() => parsePythonStringList("['a', None]")).toThrow(/item 1 is None/);
    expect(() => parsePythonStringList("  {'a': 1}")).toThrow(
      "<input>, line 1, column 3: expected a list, found a dict",
    );
    expect(() => parsePythonStringList("['a', 'b'")).toThrow(/list is never closed/);
  });
});
