import type { TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { canonicalizeSvgIds, renderVegaLite } from "./render.js";
import { standalone, texts } from "./test-helpers.js";

const spec: TopLevelSpec = {
  width: 200,
  height: 100,
  title: "Raw",
  data: {
    values: [
      { a: "x", b: 1 },
      { a: "y", b: 3 },
    ],
  },
  mark: "bar",
  encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
};

describe("renderVegaLite", () => {
  it("renders any Vega-Lite spec to a standalone SVG", async () => {
    const svg = await renderVegaLite(spec);
    expect(standalone(svg)).toBe(true);
    expect(texts(svg, "role-title-text")).toEqual(["Raw"]);
  });

  it("gives ids that do not depend on what was rendered before", async () => {
    const gradient: TopLevelSpec = {
      data: { values: [{ a: 1, b: 2, c: 3 }] },
      mark: "rect",
      encoding: {
        x: { field: "a", type: "ordinal" },
        y: { field: "b", type: "ordinal" },
        color: { field: "c", type: "quantitative" },
      },
    };
    const first = await renderVegaLite(gradient);
    await renderVegaLite(gradient);
    await renderVegaLite(spec);
    const again = await renderVegaLite(gradient);
    expect(again).toBe(first);
    expect(first).toMatch(/id="p[0-9a-f]{8}-1"/);
    expect(first).toMatch(/url\(#p[0-9a-f]{8}-1\)/);
  });

  it("reports warnings only to onWarning", async () => {
    const warnings: string[] = [];
    const odd = {
      ...spec,
      encoding: { ...spec.encoding, size: { field: "missing", type: "nominal" } },
    } as TopLevelSpec;
    await renderVegaLite(odd, { onWarning: (m) => warnings.push(m) });
    expect(warnings.length).toBeGreaterThan(0);
  });

  it("throws InvalidArgumentError on a spec it cannot compile", async () => {
    await expect(renderVegaLite({ mark: "nonsense" } as unknown as TopLevelSpec)).rejects.toThrow(
      InvalidArgumentError,
    );
  });
});

describe("canonicalizeSvgIds", () => {
  it("renames ids and their references in order of appearance", () => {
    const svg =
      '<svg><defs><clipPath id="clip7"/><linearGradient id="gradient_3"/></defs><g clip-path="url(#clip7)" fill="url(#gradient_3)"/></svg>';
    const out = canonicalizeSvgIds(svg);
    const prefix = /id="(p[0-9a-f]{8})-1"/.exec(out)?.[1];
    expect(prefix).toBeDefined();
    expect(out).toBe(
      `<svg><defs><clipPath id="${prefix}-1"/><linearGradient id="${prefix}-2"/></defs><g clip-path="url(#${prefix}-1)" fill="url(#${prefix}-2)"/></svg>`,
    );
    expect(canonicalizeSvgIds(svg.replaceAll("clip7", "clip9"))).toBe(out);
  });
});
