import * as vega from "vega";

/**
 * Advance widths of the printable ASCII characters (32..126) in DejaVu Sans, in thousandths of an em:
 * the default sans-serif font of Linux, and wider than Arial or Helvetica, so text laid out with
 * these widths has room in any browser.
 */
const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636,
  636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295,
  295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838,
  500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521,
  392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];

/** DejaVu Sans Bold is on average this much wider. */
const BOLD_FACTOR = 1.12;

function charWidth(code: number): number {
  if (code >= 32 && code <= 126) return REGULAR[code - 32];
  if (code === 0x2026 || code === 0x2014) return 1000; // … —
  if ((code >= 0x2070 && code <= 0x209f) || code === 0xb9 || code === 0xb2 || code === 0xb3) return 420; // ⁰¹²...
  if (
    code >= 0x1100 &&
    (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3))
  )
    return 1000; // Hangul, CJK
  if ((code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xff60) || code >= 0x1f000)
    return 1000;
  if (code < 32) return 0;
  return 650;
}

function isBold(weight: unknown): boolean {
  if (typeof weight === "number") return weight >= 600;
  return typeof weight === "string" && (weight === "bold" || weight === "bolder" || Number(weight) >= 600);
}

/** Width in pixels of `text` in a sans-serif font of `fontSize` pixels. */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let thousandths = 0;
  for (const char of text) thousandths += charWidth(char.codePointAt(0) ?? 0);
  return (thousandths / 1000) * fontSize * (bold ? BOLD_FACTOR : 1);
}

interface TextItem {
  fontSize?: number | string | null;
  fontWeight?: unknown;
  limit?: number;
}

interface TextMetrics {
  width: (item: TextItem, text: unknown) => number;
  estimateWidth: (item: TextItem, text: unknown) => number;
  measureWidth: (item: TextItem, text: unknown) => number;
}

/**
 * Vega's text width for layout: per-character widths instead of Vega's own headless estimate (0.8 em
 * for every character, which leaves wide margins, hides tick labels and truncates legends early).
 *
 * Vega calls it both for a text as drawn (truncated to `item.limit`) and, while truncating, for raw
 * prefixes; returning `min(width, limit)` answers both correctly: a text that fits is measured, one
 * that does not is as wide as its limit, which is where the truncation stops.
 */
function layoutWidth(item: TextItem, text: unknown): number {
  const line = text == null ? "" : String(text).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const width = estimateTextWidth(line, size, isBold(item.fontWeight));
  const limit = Number(item.limit);
  return limit > 0 ? Math.min(width, limit) : width;
}

let installed = false;

/**
 * Makes Vega lay text out with {@link layoutWidth}, also where a canvas package would let it measure
 * fonts, so the same spec gives the same SVG on every machine. Leaves alone a measure someone else
 * installed (as vl-convert does).
 */
export function installTextMeasure(): void {
  if (installed) return;
  installed = true;
  const metrics = (vega as unknown as { textMetrics?: TextMetrics }).textMetrics;
  if (metrics && (metrics.width === metrics.estimateWidth || metrics.width === metrics.measureWidth)) {
    metrics.width = layoutWidth;
  }
}
