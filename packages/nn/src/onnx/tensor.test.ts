import { describe, expect, it } from "vitest";
import type { TensorArray } from "../ir/ir.js";
import { fromLittleEndianBytes, littleEndianBytes, littleEndianBytesPortable } from "./tensor.js";

const samples: [string, TensorArray][] = [
  ["float32", new Float32Array([1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 3.4e38])],
  ["float64", new Float64Array([Math.E, -1e-308, 2 ** 60])],
  ["int32", new Int32Array([1, -1, 0x12345678])],
  ["int64", new BigInt64Array([1n, -1n, 0x0102030405060708n])],
  ["uint8", new Uint8Array([0, 1, 255])],
];

describe("raw_data byte order", () => {
  it.each(samples)("%s: the DataView encoder used on big-endian hosts writes the same bytes", (_, data) => {
    expect(littleEndianBytesPortable(data)).toEqual(littleEndianBytes(data));
  });

  it("puts the least significant byte first", () => {
    expect([...littleEndianBytesPortable(new Int32Array([0x12345678]))]).toEqual([0x78, 0x56, 0x34, 0x12]);
  });

  it("encodes only the viewed part of a subarray", () => {
    const whole = new Float32Array([1, 2, 3, 4]);
    expect(littleEndianBytes(whole.subarray(1, 3))).toEqual(littleEndianBytes(new Float32Array([2, 3])));
  });

  it.each(samples)("%s: decodes from an unaligned slice into an aligned copy", (dtype, data) => {
    const padded = new Uint8Array(data.byteLength + 1);
    padded.set(littleEndianBytes(data), 1);
    const decoded = fromLittleEndianBytes(dtype === "uint8" ? "uint8" : (dtype as never), padded.subarray(1));
    expect(decoded).toStrictEqual(data);
    expect(decoded.buffer).not.toBe(padded.buffer);
  });
});
