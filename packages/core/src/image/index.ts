export {
  decodeJpegGrayscale,
  decodePngGrayscale,
  encodeGrayscalePng,
  type GrayscaleImage,
} from "./grayscale.js";
