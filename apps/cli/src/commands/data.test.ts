import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runLab } from "../testing.js";

function makeDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "lab-cli-data-"));
  mkdirSync(join(dir, "movielens-100k"));
  writeFileSync(join(dir, "movielens-100k", "u.data"), "1\t1\t5\t874965758\n");
  return dir;
}

describe("lab data", () => {
  const dataDir = makeDataDir();
  const env = { LAB_DATA_DIR: dataDir, LAB_CACHE_DIR: join(dataDir, "empty-cache") };

  it("lists every dataset with where it was found", async () => {
    const result = await runLab(["data", "list", "--json"], { env });
    expect(result.code).toBe(0);
    const { datasets } = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    const byName = Object.fromEntries(datasets.map((entry: { name: string }) => [entry.name, entry]));
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining([
        "movielens-100k",
        "ag-news",
        "sms-spam",
        "hf-models",
        "moby-dick",
        "sotu",
        "spam-assassin",
      ]),
    );
    expect(byName["movielens-100k"]).toMatchObject({
      status: "data-dir",
      path: join(dataDir, "movielens-100k"),
    });
    expect(byName["ag-news"]).toMatchObject({ status: "missing", path: null });
    expect(byName["moby-dick"].status).toBe("npm");
  });

  it("prints the folder of a present set", async () => {
    const result = await runLab(["data", "path", "movielens-100k"], { env });
    expect(result).toMatchObject({ code: 0, stdout: `${join(dataDir, "movielens-100k")}\n`, stderr: "" });
  });

  it("explains in one line how to get a missing set", async () => {
    const result = await runLab(["data", "path", "ag-news"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("lab data fetch ag-news");
    expect(result.stderr).toContain("https://");
  });

  it("rejects an unknown dataset name, listing the known ones", async () => {
    const result = await runLab(["data", "path", "imagenet"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lab: .*imagenet.*movielens-100k.*\n$/);
  });

  it("keeps the contract as a real process: JSON last on stdout, errors one line on stderr", () => {
    const bin = fileURLToPath(new URL("../../bin/lab.js", import.meta.url));
    const run = (args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
    const ok = run(["data", "list", "--json"]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout.trim().split("\n").at(-1)!).datasets.length).toBeGreaterThanOrEqual(7);
    const bad = run(["data", "path"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("lab: data path: missing argument <name> (see lab data path --help)\n");
  });
});
