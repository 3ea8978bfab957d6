import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { DataFormatError, InvalidArgumentError } from "../errors.js";

/** A single-channel image: row-major intensities in [0, 1], row 0 at the top. */
export interface GrayscaleImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Float64Array;
}

// ITU-R BT.601 luma weights, the usual choice for turning photographs into grayscale.
const LUMA = [0.299, 0.587, 0.114] as const;

function rgbaToGrayscale(width: number, height: number, rgba: Uint8Array): GrayscaleImage {
  const pixels = new Float64Array(width * height);
  for (let i = 0, p = 0; i < pixels.length; i++, p += 4) {
    pixels[i] = (LUMA[0] * rgba[p]! + LUMA[1] * rgba[p + 1]! + LUMA[2] * rgba[p + 2]!) / 255;
  }
  return { width, height, pixels };
}

/** Decodes a baseline JPEG into a grayscale image. */
export function decodeJpegGrayscale(bytes: Uint8Array, source = "<jpeg>"): GrayscaleImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  } catch (error) {
    throw new DataFormatError(
      `not a readable JPEG (${error instanceof Error ? error.message : String(error)})`,
      source,
    );
  }
  return rgbaToGrayscale(decoded.width, decoded.height, decoded.data);
}

/** Encodes a grayscale image as an 8-bit PNG; intensities are clipped to [0, 1]. */
export function encodeGrayscalePng(image: GrayscaleImage): Uint8Array {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height) {
    throw new InvalidArgumentError(
      `a ${width}×${height} image needs ${width * height} pixels, got ${pixels.length}`,
    );
  }
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  const buffer = Buffer.alloc(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i]!;
    buffer[i] = Math.round(255 * Math.min(1, Math.max(0, value)));
  }
  png.data = buffer;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

/** Decodes a PNG (any color type) into a grayscale image. */
export function decodePngGrayscale(bytes: Uint8Array, source = "<png>"): GrayscaleImage {
  let decoded: PNG;
  try {
    decoded = PNG.sync.read(Buffer.from(bytes));
  } catch (error) {
    throw new DataFormatError(
      `not a readable PNG (${error instanceof Error ? error.message : String(error)})`,
      source,
    );
  }
  return rgbaToGrayscale(decoded.width, decoded.height, decoded.data);
}
