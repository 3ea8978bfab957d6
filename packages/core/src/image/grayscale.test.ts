import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { decodeJpegGrayscale, decodePngGrayscale, encodeGrayscalePng } from "./grayscale.js";

describe("grayscale images", () => {
  it("round-trips through PNG to 8-bit precision", () => {
    const width = 7;
    const height = 3;
    const pixels = Float64Array.from({ length: width * height }, (_, i) => i / (width * height - 1));
    const decoded = decodePngGrayscale(encodeGrayscalePng({ width, height, pixels }));
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    for (let i = 0; i < pixels.length; i++)
      expect(Math.abs(decoded.pixels[i]! - pixels[i]!)).toBeLessThanOrEqual(0.5 / 255 + 1e-12);
  });

  it("clips out-of-range intensities instead of wrapping", () => {
    const decoded = decodePngGrayscale(
      encodeGrayscalePng({ width: 2, height: 1, pixels: Float64Array.of(-0.3, 1.7) }),
    );
    expect(Array.from(decoded.pixels)).toEqual([0, 1]);
  });

  it("decodes a JPEG to luma", () => {
    const width = 16;
    const height = 16;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set([200, 100, 50, 255], i * 4);
    const encoded = jpeg.encode({ width, height, data: rgba }, 100).data;
    const image = decodeJpegGrayscale(encoded);
    const expected = (0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255;
    expect(image.width).toBe(16);
    for (const value of image.pixels) expect(value).toBeCloseTo(expected, 1);
  });

  it("names the source of a broken file", () => {
    expect(() => decodeJpegGrayscale(Uint8Array.of(1, 2, 3), "photo.jpg")).toThrow(
      /^photo\.jpg: not a readable JPEG/,
    );
    expect(() => decodePngGrayscale(Uint8Array.of(1, 2, 3), "x.png")).toThrow(/^x\.png: not a readable PNG/);
  });
});
