import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatasetUnavailableError, LabError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { loadHubCatalog, retryDelay } from "./hub.js";

const HUB = "https://hub.test";

/** Items shaped as /api/models answers with expand=author,tags,library_name,config (recorded shape). */
const PAGE_ONE = [
  {
    _id: "621ffdc036468d709f174338",
    id: "google-bert/bert-base-uncased",
    author: "google-bert",
    private: false,
    gated: false,
    downloads: 60_000_000,
    likes: 2100,
    lastModified: "2024-02-19T11:06:12.000Z",
    pipeline_tag: "fill-mask",
    library_name: "transformers",
    tags: [
      "transformers",
      "pytorch",
      "bert",
      "fill-mask",
      "en",
      "dataset:bookcorpus",
      "dataset:wikipedia",
      "license:apache-2.0",
    ],
    config: { architectures: ["BertForMaskedLM"], model_type: "bert" },
  },
  {
    _id: "65f1a0c0e2b1a0a0a0a0a0a1",
    id: "someone/bert-finetuned-ner",
    author: "someone",
    private: false,
    gated: false,
    downloads: 1200,
    likes: 3,
    lastModified: "2024-05-01T00:00:00.000Z",
    pipeline_tag: "token-classification",
    library_name: "transformers",
    tags: [
      "transformers",
      "bert",
      "token-classification",
      "base_model:google-bert/bert-base-uncased",
      "base_model:finetune:google-bert/bert-base-uncased",
    ],
    config: { architectures: ["BertForTokenClassification"], model_type: "bert" },
  },
];
const PAGE_TWO = [
  {
    _id: "65f1a0c0e2b1a0a0a0a0a0a2",
    id: "acme/ppo-LunarLander-v2",
    author: "acme",
    private: false,
    gated: false,
    downloads: 40,
    likes: 0,
    lastModified: "2023-01-01T00:00:00.000Z",
    library_name: "stable-baselines3",
    tags: ["stable-baselines3", "reinforcement-learning"],
  },
  // Offset pagination while downloads change can repeat a model on the next page.
  PAGE_ONE[1],
];

interface Recorder {
  readonly fetch: typeof fetch;
  readonly urls: string[];
}

/** Serves two pages; the second is rate limited `limited` times first. */
function hubServer(limited = 1, retryAfter: Record<string, string> = { "Retry-After": "3" }): Recorder {
  const urls: string[] = [];
  let refusals = 0;
  const fetchImpl = (async (input: string | URL | Request) => {
    const url = String(input);
    urls.push(url);
    if (!url.includes("cursor=")) {
      return new Response(JSON.stringify(PAGE_ONE), {
        status: 200,
        headers: {
          "Content-Type": "application/json",
          Link: `<${HUB}/api/models?cursor=page2&limit=2>; rel="next"`,
        },
      });
    }
    if (refusals < limited) {
      refusals++;
      return new Response(JSON.stringify({ error: "Too many requests" }), {
        status: 429,
        headers: { "Content-Type": "application/json", ...retryAfter },
      });
    }
    return new Response(JSON.stringify(PAGE_TWO), {
      status: 200,
      headers: { "Content-Type": "application/json" },
    });
  }) as typeof fetch;
  return { fetch: fetchImpl, urls };
}

const fixedNow = () => new Date("2026-11-23T12:00:00.000Z");

describe("loadHubCatalog", () => {
  it("pages through listModels, retries a 429 after Retry-After, normalizes and caches", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "hf-hub-"));
    const server = hubServer();
    const sleeps: number[] = [];
    const notices: string[] = [];
    const result = await loadHubCatalog({
      hubUrl: HUB,
      limit: 10,
      fetch: server.fetch,
      cacheDir,
      sleep: async (ms) => void sleeps.push(ms),
      onNotice: (line) => notices.push(line),
      now: fixedNow,
    });
    expect(result.origin).toBe("hub");
    expect(result.fetchedAt).toBe("2026-11-23T12:00:00.000Z");
    expect(result.catalog.ids).toEqual([
      "google-bert/bert-base-uncased",
      "someone/bert-finetuned-ner",
      "acme/ppo-LunarLander-v2",
    ]);
    expect(sleeps).toEqual([3000]);
    expect(notices).toEqual(["the Hub answered 429; retry 1 of 5 in 3.0 s"]);
    const first = new URL(server.urls[0]!);
    expect(first.pathname).toBe("/api/models");
    expect(first.searchParams.get("sort")).toBe("downloads");
    expect(first.searchParams.getAll("expand")).toEqual(
      expect.arrayContaining([
        "pipeline_tag",
        "downloads",
        "likes",
        "author",
        "tags",
        "library_name",
        "config",
      ]),
    );
    expect(result.catalog.get("google-bert/bert-base-uncased")).toEqual({
      id: "google-bert/bert-base-uncased",
      author: "google-bert",
      pipelineTag: "fill-mask",
      libraryName: "transformers",
      modelType: "bert",
      architectures: ["BertForMaskedLM"],
      tags: PAGE_ONE[0]!.tags,
      datasets: ["bookcorpus", "wikipedia"],
      downloads: 60_000_000,
      likes: 2100,
      baseModels: [],
      lastModified: "2024-02-19T11:06:12.000Z",
      description: null,
    });
    expect(result.catalog.get("someone/bert-finetuned-ner").baseModels).toEqual([
      "google-bert/bert-base-uncased",
    ]);
    const ppo = result.catalog.get("acme/ppo-LunarLander-v2");
    expect(ppo).toMatchObject({
      pipelineTag: null,
      architectures: [],
      modelType: null,
      libraryName: "stable-baselines3",
    });

    const cached = JSON.parse(readFileSync(result.cachePath, "utf8"));
    expect(cached).toMatchObject({
      format: "lab-hf-hub-models",
      version: 1,
      fetchedAt: "2026-11-23T12:00:00.000Z",
    });
    expect(cached.records).toHaveLength(3);

    // Within max-age the cache answers without a request.
    const again = await loadHubCatalog({
      hubUrl: HUB,
      limit: 10,
      fetch: server.fetch,
      cacheDir,
      now: fixedNow,
    });
    expect(again.origin).toBe("cache");
    expect(again.catalog.ids).toEqual(result.catalog.ids);
    expect(server.urls).toHaveLength(3);

    // Older than max-age: fetched again.
    const later = () => new Date("2026-11-25T12:00:00.000Z");
    const refreshed = await loadHubCatalog({
      hubUrl: HUB,
      limit: 10,
      fetch: hubServer(0).fetch,
      cacheDir,
      now: later,
      maxAgeSeconds: 3600,
    });
    expect(refreshed.origin).toBe("hub");
    expect(refreshed.fetchedAt).toBe("2026-11-25T12:00:00.000Z");
  });

  it("a different query has its own cache entry", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "hf-hub-"));
    const a = await loadHubCatalog({
      hubUrl: HUB,
      limit: 10,
      fetch: hubServer(0).fetch,
      cacheDir,
      now: fixedNow,
    });
    const b = await loadHubCatalog({
      hubUrl: HUB,
      limit: 3,
      fetch: hubServer(0).fetch,
      cacheDir,
      now: fixedNow,
    });
    expect(a.cachePath).not.toBe(b.cachePath);
    expect(b.origin).toBe("hub");
  });

  it("offline: a stale cache is used with a notice; without one, one clear error", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "hf-hub-"));
    const offline = (async () => {
      throw new TypeError("fetch failed", { cause: { code: "ENOTFOUND" } });
    }) as unknown as typeof fetch;
    await expect(loadHubCatalog({ hubUrl: HUB, fetch: offline, cacheDir })).rejects.toThrow(
      DatasetUnavailableError,
    );
    await expect(loadHubCatalog({ hubUrl: HUB, fetch: offline, cacheDir })).rejects.toThrow(
      /^cannot reach https:\/\/hub.test\/api\/models \(ENOTFOUND\); use --data FILE/,
    );

    await loadHubCatalog({ hubUrl: HUB, fetch: hubServer(0).fetch, cacheDir, now: fixedNow });
    const notices: string[] = [];
    const stale = await loadHubCatalog({
      hubUrl: HUB,
      fetch: offline,
      cacheDir,
      maxAgeSeconds: 0,
      now: () => new Date("2026-12-01T00:00:00.000Z"),
      onNotice: (line) => notices.push(line),
    });
    expect(stale.origin).toBe("stale-cache");
    expect(stale.catalog.size).toBe(3);
    expect(notices[0]).toMatch(/using the cached listing from 2026-11-23T12:00:00.000Z$/);
  });

  it("gives up after maxRetries with the Hub's status, backing off exponentially without Retry-After", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "hf-hub-"));
    const sleeps: number[] = [];
    const attempt = loadHubCatalog({
      hubUrl: HUB,
      fetch: hubServer(10, {}).fetch,
      cacheDir,
      maxRetries: 3,
      baseDelayMs: 100,
      sleep: async (ms) => void sleeps.push(ms),
    });
    await expect(attempt).rejects.toThrow(LabError);
    await expect(
      loadHubCatalog({ hubUrl: HUB, fetch: hubServer(10, {}).fetch, cacheDir, maxRetries: 0 }),
    ).rejects.toThrow(/^the Hub answered 429 for https:\/\/hub.test\/api\/models: Too many requests/);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it("ignores a corrupt cache file and fetches", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "hf-hub-"));
    const first = await loadHubCatalog({ hubUrl: HUB, fetch: hubServer(0).fetch, cacheDir, now: fixedNow });
    writeFileSync(first.cachePath, "{not json");
    const notices: string[] = [];
    const again = await loadHubCatalog({
      hubUrl: HUB,
      fetch: hubServer(0).fetch,
      cacheDir,
      now: fixedNow,
      onNotice: (line) => notices.push(line),
    });
    expect(again.origin).toBe("hub");
    expect(notices[0]).toMatch(/^ignoring the unreadable Hub cache/);
  });
});

describe("retryDelay", () => {
  const now = new Date("2026-01-01T00:00:00.000Z");
  it("reads Retry-After as seconds or a date, else the RateLimit reset", () => {
    expect(retryDelay(new Headers({ "Retry-After": "7" }), now)).toBe(7000);
    expect(retryDelay(new Headers({ "Retry-After": "Thu, 01 Jan 2026 00:00:05 GMT" }), now)).toBe(5000);
    expect(retryDelay(new Headers({ RateLimit: '"api";r=0;t=42' }), now)).toBe(42_000);
    expect(retryDelay(new Headers({}), now)).toBeNull();
  });
});
