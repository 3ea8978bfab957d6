import { describe, expect, it } from "vitest";
import { countLineBreaks, nextLineBreak, offsetOfLine, positionInText } from "./text-position.js";

describe("positionInText", () => {
  const text = "ab\r\ncd\ref\ngh";

  it("counts LF, CRLF and lone CR once each", () => {
    expect(positionInText(text, text.indexOf("d"))).toEqual({ line: 2, column: 2 });
    expect(positionInText(text, text.indexOf("f"))).toEqual({ line: 3, column: 2 });
    expect(positionInText(text, text.indexOf("h"))).toEqual({ line: 4, column: 2 });
  });

  it("keeps an offset on the line feed of a CRLF on the line the CRLF ends", () => {
    expect(positionInText(text, 3)).toEqual({ line: 1, column: 4 });
  });

  it("continues from a start position on the first line only", () => {
    const start = { line: 10, column: 7 };
    expect(positionInText(text, 1, start)).toEqual({ line: 10, column: 8 });
    expect(positionInText(text, text.indexOf("c"), start)).toEqual({ line: 11, column: 1 });
  });
});

describe("line helpers", () => {
  it("finds where each line starts", () => {
    const text = "a\r\nb\rc\n\nd";
    expect([1, 2, 3, 4, 5].map((line) => offsetOfLine(text, line))).toEqual([0, 3, 5, 7, 8]);
    expect(offsetOfLine(text, 6)).toBe(-1);
  });

  it("counts and finds line breaks", () => {
    expect(countLineBreaks("a\r\nb\rc\n\n")).toBe(4);
    expect(countLineBreaks("no breaks")).toBe(0);
    expect(nextLineBreak("ab\rc\n", 0)).toBe(2);
    expect(nextLineBreak("ab\rc\n", 3)).toBe(4);
    expect(nextLineBreak("abc", 0)).toBe(-1);
  });
});
