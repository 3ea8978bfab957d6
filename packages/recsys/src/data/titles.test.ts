import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { movieLensFolder, movieLensSkipNote, temporaryFolder, writeFixture } from "../test-support/files.js";
import { findTitlesBeside, readItemTitles } from "./titles.js";

const flags = "|0".repeat(19);

describe("readItemTitles", () => {
  const folder = temporaryFolder("titles");

  it("reads u.item as Latin-1", async () => {
    const line = (id: number, title: string) => `${id}|${title}|01-Jan-1995||http://x${flags}\n`;
    const bytes = Buffer.from(line(1, "Toy Story (1995)") + line(2, "Café Society (1995)"), "latin1");
    const titles = await readItemTitles(writeFixture(folder, "u.item", bytes));
    expect(titles.get(1)).toBe("Toy Story (1995)");
    expect(titles.get(2)).toBe("Café Society (1995)");
  });

  it("reads movies.dat (::, Latin-1) and movies.csv (quoted, header)", async () => {
    const dat = await readItemTitles(
      writeFixture(
        folder,
        "movies.dat",
        Buffer.from("1::Toy Story (1995)::Animation\n2::Jumanji (1995)::Adventure\n", "latin1"),
      ),
    );
    expect(dat.get(2)).toBe("Jumanji (1995)");
    const csv = await readItemTitles(
      writeFixture(
        folder,
        "movies.csv",
        'movieId,title,genres\n11,"American President, The (1995)",Comedy\n',
      ),
    );
    expect(csv.get(11)).toBe("American President, The (1995)");
  });

  it("finds the title file beside a ratings file", () => {
    const dir = temporaryFolder("beside");
    const ratings = writeFixture(dir, "u.data", "1\t1\t5\t0\n");
    expect(findTitlesBeside(ratings)).toBeNull();
    writeFixture(dir, "u.item", `1|A${flags}\n`);
    expect(findTitlesBeside(ratings)).toBe(join(dir, "u.item"));
  });

  it(`reads the 1,682 titles of the real u.item${movieLensSkipNote}`, async (context) => {
    const dir = movieLensFolder();
    if (!dir) return context.skip();
    const titles = await readItemTitles(join(dir, "u.item"));
    expect(titles.size).toBe(1682);
    expect(titles.get(1)).toBe("Toy Story (1995)");
  });
});
