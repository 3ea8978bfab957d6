import { Readable } from "node:stream";
import { buffer as collect } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findInvalidUtf8, InvalidUtf8Error, positionOfByte, prepareBytes, Utf8Check } from "./decode.js";

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("findInvalidUtf8", () => {
  it("accepts valid text of every sequence length", () => {
    expect(findInvalidUtf8(Buffer.from("aé中😀\u{10ffff}"))).toBe(-1);
  });

  it("finds the first byte of each kind of invalid sequence", () => {
    expect(findInvalidUtf8(bytes(0x61, 0x80))).toBe(1); // lone continuation byte
    expect(findInvalidUtf8(bytes(0x61, 0xc0, 0xaf))).toBe(1); // overlong form
    expect(findInvalidUtf8(bytes(0xe0, 0x80, 0x80))).toBe(0); // overlong three-byte form
    expect(findInvalidUtf8(bytes(0x61, 0xed, 0xa0, 0x80))).toBe(1); // UTF-16 surrogate
    expect(findInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // beyond U+10FFFF
    expect(findInvalidUtf8(bytes(0x61, 0x62, 0xe4, 0xb8))).toBe(2); // cut off by the end
    expect(findInvalidUtf8(bytes(0xc3, 0x41))).toBe(0); // continuation missing
    expect(findInvalidUtf8(bytes(0xff))).toBe(0);
  });

  it("agrees with the platform's strict decoder on random bytes", () => {
    const strict = new TextDecoder("utf-8", { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (input) => {
        let valid = true;
        try {
          strict.decode(input);
        } catch {
          valid = false;
        }
        expect(findInvalidUtf8(input) === -1).toBe(valid);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("prepareBytes", () => {
  it("drops a UTF-8 byte order mark", () => {
    expect(prepareBytes(Buffer.from("\ufeffa,b"), "utf8").toString()).toBe("a,b");
  });

  it("keeps Latin-1 bytes as they are", () => {
    expect(prepareBytes(bytes(0xe9, 0x93), "latin1")).toEqual(Buffer.from([0xe9, 0x93]));
  });

  it("throws InvalidUtf8Error at the bad byte", () => {
    const error = (() => {
      try {
        prepareBytes(Buffer.from([0x61, 0x0a, 0x4d, 0x69, 0x73, 0xe9, 0x72]), "utf8");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidUtf8Error);
    expect((error as InvalidUtf8Error).byteOffset).toBe(5);
    expect((error as InvalidUtf8Error).byte).toBe(0xe9);
  });
});

describe("positionOfByte", () => {
  it("counts LF, CRLF and CR line breaks and decoded characters", () => {
    const text = Buffer.from("a\r\nb\rc\nxé€z");
    const z = text.indexOf("z");
    expect(positionOfByte(text, z, "utf8")).toEqual({ line: 4, column: 4 });
  });

  it("does not count the byte order mark as a column", () => {
    const text = Buffer.from("\ufeffab");
    expect(positionOfByte(text, 4, "utf8")).toEqual({ line: 1, column: 2 });
  });
});

describe("Utf8Check", () => {
  async function run(chunks: Buffer[]): Promise<Buffer> {
    const check = new Utf8Check();
    const [output] = await Promise.all([collect(check), pipeline(Readable.from(chunks), check)]);
    return output;
  }

  it("passes text through whole however the chunks split its characters", async () => {
    const text = Buffer.from(`\ufeff${"é中😀,a\n".repeat(4)}`);
    for (let size = 1; size <= 5; size++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.subarray(i, i + size));
      expect((await run(chunks)).toString()).toBe("é中😀,a\n".repeat(4));
    }
  });

  it("passes a file shorter than a byte order mark", async () => {
    expect((await run([Buffer.from("a")])).toString()).toBe("a");
    expect((await run([])).toString()).toBe("");
  });

  it("reports the file offset of a bad byte in a later chunk", async () => {
    const chunks = [Buffer.from("\ufeffab"), Buffer.from([0xc3]), Buffer.from([0xa9, 0x61, 0xff])];
    await expect(run(chunks)).rejects.toMatchObject({ byteOffset: 8, byte: 0xff });
  });

  it("reports a character cut off at the end of the input", async () => {
    await expect(run([Buffer.from("ab"), Buffer.from([0xe4, 0xb8])])).rejects.toMatchObject({
      byteOffset: 2,
    });
  });
});
