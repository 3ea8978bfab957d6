import { createHash } from "node:crypto";
import type { ViewOptions } from "vega";
import { parse, View } from "vega";
import type { TopLevelSpec } from "vega-lite";
import { compile } from "vega-lite";
import { InvalidArgumentError } from "../errors.js";
import { installTextMeasure } from "./text-width.js";

/** Options of {@link renderVegaLite}. */
export interface RenderOptions {
  /** Called with each warning of the Vega-Lite compiler or the Vega runtime (they are silent otherwise). */
  onWarning?: (message: string) => void;
}

type Logger = NonNullable<ViewOptions["logger"]>;

function messageOf(args: readonly unknown[]): string {
  return args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
}

function quietLogger(onWarning: ((message: string) => void) | undefined, errors: string[]): Logger {
  let level = 2;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      errors.push(messageOf(args));
      return logger;
    },
    warn(...args: readonly unknown[]) {
      onWarning?.(messageOf(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as Logger;
}

/**
 * Renders a Vega-Lite spec to a standalone SVG document (a string starting with `<svg` and carrying
 * the SVG namespace), headless: no browser and no canvas package. Text is laid out with the character
 * widths of DejaVu Sans (wider than Arial and Helvetica), so labels have room in any browser; this
 * replaces Vega's process-wide text measure once, unless another tool replaced it first.
 *
 * The output is deterministic: the ids Vega gives clip paths and gradients (a process-wide counter)
 * are renamed in order of appearance with a prefix derived from the content, so the same spec always
 * gives the same bytes, and several plots can be inlined in one HTML page without id clashes.
 *
 * This is the escape hatch behind every plot function of this module; the `*Spec` functions return
 * the specs they render, to adjust before calling this.
 *
 * @throws InvalidArgumentError when the spec cannot be compiled or run.
 */
export async function renderVegaLite(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  installTextMeasure();
  const errors: string[] = [];
  const logger = quietLogger(options.onWarning, errors);
  const fail = (detail: string) =>
    new InvalidArgumentError(`renderVegaLite: invalid Vega-Lite spec: ${detail}`);
  let view: View;
  try {
    const vegaSpec = compile(spec, { logger }).spec;
    view = new View(parse(vegaSpec), { renderer: "none", logger });
  } catch (error) {
    throw fail(messageOf([error]));
  }
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw fail(errors[0]);
    return canonicalizeSvgIds(svg);
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw error;
    throw fail(messageOf([error]));
  } finally {
    view.finalize();
  }
}

/**
 * Renames every `id="..."` of an SVG document, and the `url(#...)` / `href="#..."` references to it,
 * to `<prefix>-<n>` in order of first appearance, where the prefix is a hash of the document with its
 * ids blanked out. Same drawing -> same ids, different drawings -> different ids.
 */
export function canonicalizeSvgIds(svg: string): string {
  const ids: string[] = [];
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!ids.includes(match[1])) ids.push(match[1]);
  }
  if (ids.length === 0) return svg;
  const blanked = svg.replace(/\sid="[^"]+"/g, ' id=""').replace(/url\(#[^)]+\)/g, "url(#)");
  const prefix = `p${createHash("sha256").update(blanked).digest("hex").slice(0, 8)}`;
  const renamed = new Map(ids.map((id, i) => [id, `${prefix}-${i + 1}`]));
  const rename = (id: string) => renamed.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}${rename(id)}${b}`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
    .replace(/(href=")#([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}#${rename(id)}${b}`);
}
