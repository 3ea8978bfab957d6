import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadSmsSpam, readSmsSpamFile } from "./sms-spam.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "lab-sms-"));
  vi.stubEnv("LAB_DATA_DIR", "");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

describe("loadSmsSpam", () => {
  it("reads label<TAB>text lines, unquoted, UTF-8", async () => {
    const dir = join(root, "sms-spam");
    await mkdir(dir);
    await writeFile(
      join(dir, "SMSSpamCollection"),
      'ham\tOk lar... "Joking" wif u oni...\nspam\tFree £1000 prize!\tcall now\nham\t\n',
    );
    expect(await loadSmsSpam(dir)).toEqual([
      { label: "ham", text: 'Ok lar... "Joking" wif u oni...' },
      { label: "spam", text: "Free £1000 prize!\tcall now" },
      { label: "ham", text: "" },
    ]);
  });

  it("falls back to the .dev subset file, in LAB_DATA_DIR before the cache", async () => {
    await mkdir(join(root, "data", "sms-spam"), { recursive: true });
    await writeFile(join(root, "data", "sms-spam", "SMSSpamCollection.dev"), "spam\tdev copy\n");
    await mkdir(join(root, "cache", "sms-spam"), { recursive: true });
    await writeFile(join(root, "cache", "sms-spam", "SMSSpamCollection"), "ham\tcached copy\n");
    vi.stubEnv("LAB_DATA_DIR", join(root, "data"));
    const cacheDir = join(root, "cache");
    expect(await loadSmsSpam({ cacheDir })).toEqual([{ label: "spam", text: "dev copy" }]);
    expect(await loadSmsSpam({ cacheDir, file: "SMSSpamCollection" })).toEqual([
      { label: "ham", text: "cached copy" },
    ]);
  });

  it("rejects unknown labels with file and line", async () => {
    const path = join(root, "bad");
    await writeFile(path, "ham\tfine\nspamm\ttypo\n");
    await expect(readSmsSpamFile(path)).rejects.toThrow(
      /bad, line 2: label must be "ham" or "spam", got "spamm"/,
    );
  });
});

const dataDir = process.env.LAB_DATA_DIR ? resolve(process.env.LAB_DATA_DIR) : null;
const hasReal =
  dataDir !== null &&
  (existsSync(join(dataDir, "sms-spam", "SMSSpamCollection")) ||
    existsSync(join(dataDir, "sms-spam", "SMSSpamCollection.dev")));

describe("SMS Spam Collection (real data)", () => {
  it.skipIf(!hasReal)(
    hasReal
      ? "reads messages labelled ham or spam"
      : "skipped: LAB_DATA_DIR is unset or has no sms-spam/SMSSpamCollection[.dev]",
    async () => {
      vi.stubEnv("LAB_DATA_DIR", dataDir ?? "");
      const messages = await loadSmsSpam();
      expect(messages.length).toBeGreaterThanOrEqual(4464);
      const spam = messages.filter((message) => message.label === "spam").length;
      expect(spam + messages.filter((message) => message.label === "ham").length).toBe(messages.length);
      if (messages.length === 4464) expect(spam).toBe(589);
      expect(messages[0]).toEqual({
        label: "ham",
        text: "Go until jurong point, crazy.. Available only in bugis n great world la e buffet... Cine there got amore wat...",
      });
    },
  );
});
