import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLab } from "../testing.js";
import { recsysCommands } from "./recsys.js";

const lab = (args: string[], env: NodeJS.ProcessEnv = {}) => runLab(args, { env, groups: [recsysCommands] });

const folder = mkdtempSync(join(tmpdir(), "lab-cli-recsys-"));

/** Ratings of a rank-2 pattern with 1-based ids, as set 5's tab-separated train/test files. */
function setFiles(): { train: string; test: string; item: string; trainCount: number; testCount: number } {
  const rows: string[] = [];
  for (let user = 1; user <= 30; user++) {
    for (let item = 1; item <= 20; item++) {
      if ((user * 7 + item * 3) % 4 === 0) continue;
      const rating = Math.max(1, Math.min(5, Math.round(3 + ((user % 3) - 1) * ((item % 4) - 1.5))));
      rows.push(`${user}\t${item}\t${rating}`);
    }
  }
  const test = rows.filter((_, index) => index % 10 === 0);
  const train = rows.filter((_, index) => index % 10 !== 0);
  const flags = "|0".repeat(19);
  const items = Array.from(
    { length: 20 },
    (_, i) => `${i + 1}|Film ${i + 1} (1995)|01-Jan-1995||http://x${flags}`,
  );
  const dir = mkdtempSync(join(folder, "set-"));
  writeFileSync(join(dir, "train.txt"), `${train.join("\r\n")}\r\n`);
  writeFileSync(join(dir, "test.txt"), `${test.join("\n")}\n`);
  writeFileSync(join(dir, "u.item"), `${items.join("\n")}\n`);
  return {
    train: join(dir, "train.txt"),
    test: join(dir, "test.txt"),
    item: join(dir, "u.item"),
    trainCount: train.length,
    testCount: test.length,
  };
}

describe("lab recsys", () => {
  const files = setFiles();

  it("train with neither file uses the embedded synthetic data and says so on stderr", async () => {
    const out = join(folder, "synthetic-model");
    const result = await lab(["recsys", "train", "--k", "4", "--out", out, "--json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^data: synthetic ratings \(seed 1\): 600 users × 400 items, true rank 4/m);
    expect(result.json).toMatchObject({ method: "sgd", k: 4, lambda: 0, index_base: 1, held_out: true, out });
    for (const key of ["epochs", "e_in", "e_out", "rmse_train", "rmse_test", "seconds"]) {
      expect(typeof result.json[key]).toBe("number");
    }
    expect(result.json.rmse_test).toBeCloseTo(Math.sqrt(2 * result.json.e_out), 12);
    expect(existsSync(join(out, "model.json"))).toBe(true);
  });

  it("train on set 5's train/test files reports the same numbers for the same seed", async () => {
    const args = [
      "recsys",
      "train",
      "--train",
      files.train,
      "--test",
      files.test,
      "--k",
      "3",
      "--lambda",
      "0.01",
    ];
    const first = await lab([...args, "--seed", "5", "--out", join(folder, "a"), "--json"]);
    const second = await lab([...args, "--seed", "5", "--out", join(folder, "b"), "--json"]);
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ method: "sgd", k: 3, lambda: 0.01, index_base: 1, held_out: false });
    expect(first.json).toMatchObject({ train_ratings: files.trainCount, test_ratings: files.testCount });
    const { seconds: _a, out: _outA, files: _filesA, ...firstNumbers } = first.json;
    const { seconds: _b, out: _outB, files: _filesB, ...secondNumbers } = second.json;
    expect(secondNumbers).toEqual(firstNumbers);
    expect(first.stderr).toContain(`titles from ${files.item}`);
  });

  it("train --method als and --method biased; only --train holds out a fifth itself", async () => {
    const als = await lab([
      "recsys",
      "train",
      "--train",
      files.train,
      "--method",
      "als",
      "--k",
      "3",
      "--lambda",
      "0.1",
      "--out",
      join(folder, "als"),
      "--json",
    ]);
    const heldOut = Math.ceil(0.2 * files.trainCount);
    expect(als.json).toMatchObject({
      method: "als",
      held_out: true,
      train_ratings: files.trainCount - heldOut,
      test_ratings: heldOut,
    });
    const biased = await lab([
      "recsys",
      "train",
      "--train",
      files.train,
      "--method",
      "biased",
      "--k",
      "5",
      "--epochs",
      "20",
      "--out",
      join(folder, "biased"),
      "--json",
    ]);
    expect(biased.json).toMatchObject({ method: "biased", k: 5, lambda: 0.066, epochs: 20 });
  });

  it("recommend lists unrated items with titles; similar lists neighbours", async () => {
    const model = join(folder, "model-for-recommend");
    await lab(["recsys", "train", "--train", files.train, "--test", files.test, "--k", "3", "--out", model]);
    const picks = await lab(["recsys", "recommend", "--model", model, "--user", "2", "--n", "4", "--json"]);
    expect(picks.code).toBe(0);
    expect(picks.json.user).toBe(2);
    expect(picks.json.recommendations).toHaveLength(4);
    const trainText = readFileSync(files.train, "utf8");
    for (const pick of picks.json.recommendations) {
      expect(pick.title).toBe(`Film ${pick.item} (1995)`);
      expect(trainText).not.toMatch(new RegExp(`^2\\t${pick.item}\\t`, "m"));
    }
    const human = await lab(["recsys", "recommend", "--model", model, "--user", "2", "--n", "2"]);
    expect(human.stdout).toMatch(/^user 2 rated \d+ items in training; top 2 of the rest:\n {2}1\. /);
    const similar = await lab(["recsys", "similar", "--model", model, "--item", "1", "--n", "3", "--json"]);
    expect(similar.json).toMatchObject({ item: 1, title: "Film 1 (1995)" });
    expect(similar.json.similar).toHaveLength(3);
  });

  it("sweep writes tables, rows and one plot per error", async () => {
    const out = join(folder, "sweep");
    const result = await lab([
      "recsys",
      "sweep",
      "--train",
      files.train,
      "--test",
      files.test,
      "--k",
      "2,4",
      "--lambda",
      "0,0.1",
      "--out",
      out,
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(result.json.rows).toHaveLength(4);
    expect(result.json.rows[0]).toMatchObject({ k: 2, lambda: 0 });
    expect(readFileSync(join(out, "e-out-vs-k.svg"), "utf8")).toMatch(/^<svg/);
    expect(readFileSync(join(out, "sweep.md"), "utf8")).toContain("| λ \\ k | 2 | 4 |");
    expect(JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")).rows).toHaveLength(4);
  });

  it("reproduce writes the set 5 part 2 report on synthetic data when asked", async () => {
    const out = join(folder, "reproduce");
    const result = await lab([
      "recsys",
      "reproduce",
      "--data",
      "synthetic",
      "--k",
      "2,4",
      "--lambda",
      "0,0.1",
      "--epochs",
      "30",
      "--out",
      out,
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ data: "synthetic" });
    expect(result.json.als.objective_increases).toBe(0);
    expect(result.json.gradient_check.max_error).toBeLessThan(1e-7);
    expect(result.stderr).toContain("movielens-100k not requested");
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("Problem 2E");
  });

  it("fails with one line naming the problem", async () => {
    const missing = await lab([
      "recsys",
      "train",
      "--train",
      join(folder, "nope.txt"),
      "--out",
      join(folder, "x"),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/no such file/);
    const bad = join(folder, "bad.txt");
    writeFileSync(bad, "1\t2\t3\n1\t2\n");
    const malformed = await lab(["recsys", "train", "--train", bad, "--out", join(folder, "y")]);
    expect(malformed).toMatchObject({
      code: 1,
      stderr: `lab: ${bad}, line 2: expected at least 3 tab-separated fields (user, item, rating), got 2\n`,
    });
    const testOnly = await lab(["recsys", "train", "--test", files.test]);
    expect(testOnly).toMatchObject({ code: 2, stderr: "lab: recsys train: --test needs --train\n" });
    const unknownUser = await lab([
      "recsys",
      "recommend",
      "--model",
      join(folder, "synthetic-model"),
      "--user",
      "100000",
    ]);
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toContain(
      "unknown user id 100000; the model knows 600 users with ids from 1 to 600",
    );
    const noModel = await lab(["recsys", "recommend", "--model", join(folder, "none"), "--user", "1"]);
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toMatch(/model\.json.*no such file/);
    const wrongMethod = await lab(["recsys", "train", "--method", "svd"]);
    expect(wrongMethod.code).toBe(2);
    const biasLambda = await lab(["recsys", "train", "--bias-lambda", "0.1"]);
    expect(biasLambda).toMatchObject({
      code: 2,
      stderr: "lab: recsys train: --bias-lambda applies to --method biased only\n",
    });
    const alsRate = await lab(["recsys", "train", "--method", "als", "--learning-rate", "0.1"]);
    expect(alsRate.code).toBe(2);
    const fraction = await lab(["recsys", "train", "--test-fraction", "1"]);
    expect(fraction.code).toBe(2);
  });
});
