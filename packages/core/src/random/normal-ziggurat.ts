import type { Rng } from "./rng.js";

/**
 * Standard normal draws by Marsaglia & Tsang's ziggurat method (J. Stat. Software 5(8), 2000), for
 * filling large noise inputs each training step: Rng.fillNormal's polar method needs two 53-bit
 * uniforms, a log and a square root per pair, which made drawing the seed 003 MLP's noise cost as
 * much as the training step itself. Here about 98% of draws take one 32-bit word, a table lookup,
 * a compare and a multiply.
 *
 * Following Doornik (2005), the layer index comes from bits independent of the value's bits
 * (one 32-bit word supplies the layer index of four draws), which avoids the correlation between
 * the two in Marsaglia & Tsang's original code.
 */
const LAYERS = 128;
/** Right edge of the base layer and the area of every layer, for 128 layers. */
const R = 3.442619855899;
const AREA = 9.91256303526217e-3;
const TWO_POW_31 = 2 ** 31;
const TWO_POW_MINUS_32 = 2 ** -32;

/** kn[i]: a |value| below this (in 31-bit units) lies inside layer i's rectangle, under the curve. */
const kn = new Float64Array(LAYERS);
/** wn[i]: the 31-bit integer to x scale of layer i. */
const wn = new Float64Array(LAYERS);
/** fn[i]: the density exp(−x²/2) at layer i's right edge. */
const fn = new Float64Array(LAYERS);

{
  let edge = R;
  let previous = edge;
  const q = AREA / Math.exp(-0.5 * edge * edge);
  kn[0] = Math.floor((edge / q) * TWO_POW_31);
  kn[1] = 0;
  wn[0] = q / TWO_POW_31;
  wn[LAYERS - 1] = edge / TWO_POW_31;
  fn[0] = 1;
  fn[LAYERS - 1] = Math.exp(-0.5 * edge * edge);
  for (let i = LAYERS - 2; i >= 1; i--) {
    edge = Math.sqrt(-2 * Math.log(AREA / edge + Math.exp(-0.5 * edge * edge)));
    kn[i + 1] = Math.floor((edge / previous) * TWO_POW_31);
    previous = edge;
    fn[i] = Math.exp(-0.5 * edge * edge);
    wn[i] = edge / TWO_POW_31;
  }
}

/** A uniform double in (0, 1) from one 32-bit word: never 0, so its log is finite. */
function openUniform(rng: Rng): number {
  return (rng.nextUint32() + 0.5) * TWO_POW_MINUS_32;
}

/** The slow path: the draw fell outside its layer's rectangle (the tail, for layer 0). */
function outsideRectangle(rng: Rng, value: number, layer: number): number {
  for (;;) {
    const x = value * wn[layer];
    if (layer === 0) {
      // The tail beyond R, by Marsaglia's exponential rejection.
      let tail: number;
      let y: number;
      do {
        tail = -Math.log(openUniform(rng)) / R;
        y = -Math.log(openUniform(rng));
      } while (y + y < tail * tail);
      return value > 0 ? R + tail : -R - tail;
    }
    if (fn[layer] + openUniform(rng) * (fn[layer - 1] - fn[layer]) < Math.exp(-0.5 * x * x)) return x;
    value = rng.nextUint32() | 0;
    layer = rng.nextUint32() & (LAYERS - 1);
    if (Math.abs(value) < kn[layer]) return value * wn[layer];
  }
}

/** Fills `target` with N(mean, std²) draws; deterministic for the generator's state. */
export function fillNormalFast<A extends Float32Array | Float64Array>(
  rng: Rng,
  target: A,
  mean = 0,
  std = 1,
): A {
  const length = target.length;
  let layerBits = 0;
  for (let i = 0; i < length; i++) {
    if ((i & 3) === 0) layerBits = rng.nextUint32();
    const layer = (layerBits >>> ((i & 3) << 3)) & (LAYERS - 1);
    const value = rng.nextUint32() | 0;
    const normal = Math.abs(value) < kn[layer] ? value * wn[layer] : outsideRectangle(rng, value, layer);
    target[i] = mean + std * normal;
  }
  return target;
}
