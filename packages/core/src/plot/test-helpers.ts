/** Helpers for the plot tests: read marks out of the SVG strings Vega writes. */

/** The inner markup of every `<g>` whose class contains `className` (mark groups hold no nested `<g>`). */
export function groups(svg: string, className: string): string[] {
  const found: string[] = [];
  const opening = new RegExp(`<g class="[^"]*\\b${className}\\b[^"]*"[^>]*>`, "g");
  for (const match of svg.matchAll(opening)) {
    const start = (match.index ?? 0) + match[0].length;
    found.push(svg.slice(start, svg.indexOf("</g>", start)));
  }
  return found;
}

/** How many times `needle` occurs in `haystack`. */
export function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** The elements `<tag` drawn by the mark named `name` (a spec's `name` + "_marks"). */
export function markCount(svg: string, name: string, tag: "path" | "text"): number {
  return groups(svg, `${name}_marks`).reduce((n, g) => n + count(g, `<${tag}`), 0);
}

/** The text contents of the `<text>` elements in groups of the given role, e.g. "role-axis-label". */
export function texts(svg: string, role: string): string[] {
  return groups(svg, role).flatMap((g) => [...g.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]));
}

/** Fails unless `svg` is a standalone SVG document with the SVG namespace and a white background. */
export function standalone(svg: string): boolean {
  return (
    svg.startsWith("<svg") &&
    svg.includes('xmlns="http://www.w3.org/2000/svg"') &&
    /^<svg[^>]*><rect width="[\d.]+" height="[\d.]+" fill="white"\/>/.test(svg) &&
    svg.trimEnd().endsWith("</svg>")
  );
}

/** The width and height attributes of the root element. */
export function svgSize(svg: string): [number, number] {
  const match = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  return match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
}
