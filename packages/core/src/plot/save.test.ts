import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { linePlot } from "./line.js";
import { savePlot } from "./save.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("savePlot", () => {
  it("writes the SVG, creating folders, and leaves no temporary file", async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-plot-"));
    const svg = await linePlot({ series: [{ name: "s", x: [1, 2], y: [2, 1] }] });
    const path = join(dir, "plots", "loss.svg");
    await savePlot(path, svg);
    expect(await readFile(path, "utf8")).toBe(`${svg}\n`);
    expect(await readdir(join(dir, "plots"))).toEqual(["loss.svg"]);
  });

  it("refuses what is not an SVG document", async () => {
    await expect(savePlot("/tmp/never-written.svg", "hello")).rejects.toThrow(InvalidArgumentError);
  });
});
