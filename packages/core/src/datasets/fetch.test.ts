import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DataFormatError, DatasetUnavailableError } from "../errors.js";
import type { ProgressEvent } from "../progress.js";
import type { DatasetDefinition, DownloadSource } from "./definitions.js";
import { ChecksumMismatchError, type FetchFunction, fetchDataset } from "./fetch.js";
import { locateDataset } from "./locate.js";

const RATINGS = "1\t10\t4\t881250949\n2\t11\t5\t891717742\n";
const ITEMS = "10|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n";
const README = "test archive\n";
const ZIP = zipSync({
  "toy/u.data": strToU8(RATINGS),
  "toy/u.item": strToU8(ITEMS),
  "toy/README": strToU8(README),
  "toy/unwanted.bin": new Uint8Array(1000),
});
const CSV = '"1","title","description"\n';

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");
const md5 = (data: Uint8Array | string) => createHash("md5").update(data).digest("hex");

let server: Server;
let base: string;
let requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    if (request.url === "/toy.zip") {
      response.writeHead(200, { "content-type": "application/zip", "content-length": String(ZIP.length) });
      response.end(ZIP);
    } else if (request.url === "/train.csv") {
      response.writeHead(200, { "content-type": "text/csv" });
      response.end(CSV);
    } else if (request.url === "/stall.zip") {
      // Sends a little, then nothing: the idle timeout must end the download.
      response.writeHead(200, { "content-length": String(ZIP.length) });
      response.write(ZIP.subarray(0, 50));
    } else if (request.url === "/truncated.zip") {
      // Announces more bytes than it sends, then drops the connection.
      response.writeHead(200, { "content-length": String(ZIP.length * 2) });
      response.write(ZIP.subarray(0, 50));
      setTimeout(() => response.socket?.destroy(), 10);
    } else {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let cacheDir: string;
beforeEach(async () => {
  requests = [];
  cacheDir = await mkdtemp(join(tmpdir(), "lab-datasets-fetch-"));
  vi.stubEnv("LAB_DATA_DIR", "");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(cacheDir, { recursive: true, force: true });
});

function zipSource(overrides: Partial<DownloadSource> = {}): DownloadSource {
  return {
    url: `${base}/toy.zip`,
    sha256: sha256(ZIP),
    md5: md5(ZIP),
    size: ZIP.length,
    archive: "zip",
    members: [
      { member: "toy/u.data", file: "u.data" },
      { member: "toy/u.item", file: "u.item" },
      { member: "toy/README", file: "README" },
      { member: "toy/u.genre", file: "u.genre", optional: true },
    ],
    ...overrides,
  };
}

function toyDefinition(
  downloads: DownloadSource[],
  fileSha256: Record<string, string> = {},
  name = "toy-set",
): DatasetDefinition {
  return {
    name,
    title: "Toy",
    description: "A toy dataset served by the test.",
    license: "test",
    homepage: base,
    source: { kind: "download", downloads, fileSha256 },
    markers: ["u.data", "train.csv"],
  };
}

/** Everything under the cache root, hidden entries included. */
async function cacheEntries(): Promise<string[]> {
  return (await readdir(cacheDir)).sort();
}

describe("fetchDataset", () => {
  it("downloads, verifies, extracts and moves the folder into place, with progress", async () => {
    const events: ProgressEvent[] = [];
    const definition = toyDefinition([zipSource()], { "u.data": sha256(RATINGS) });
    const path = await fetchDataset(definition, { cacheDir, onProgress: (event) => events.push(event) });

    expect(path).toBe(join(cacheDir, "toy-set"));
    expect(await readFile(join(path, "u.data"), "utf8")).toBe(RATINGS);
    expect(await readFile(join(path, "u.item"), "utf8")).toBe(ITEMS);
    expect(await readFile(join(path, "README"), "utf8")).toBe(README);
    expect(existsSync(join(path, "unwanted.bin"))).toBe(false);
    expect(existsSync(join(path, "u.genre"))).toBe(false);
    // Only the finished folder is left: no temporary folder or partial download.
    expect(await cacheEntries()).toEqual(["toy-set"]);
    expect((await readdir(path)).filter((file) => file.startsWith(".")).sort()).toEqual([
      ".lab-dataset.json",
    ]);
    const manifest = JSON.parse(await readFile(join(path, ".lab-dataset.json"), "utf8"));
    expect(manifest.sources[0]).toMatchObject({
      url: `${base}/toy.zip`,
      sha256: sha256(ZIP),
      verified: true,
    });

    expect(events[0]).toMatchObject({ phase: "start", total: ZIP.length, unit: "bytes", done: 0 });
    expect(events[0].task).toContain("toy-set");
    expect(events.at(-1)).toMatchObject({ phase: "end", done: ZIP.length });

    const location = locateDataset(definition, { cacheDir });
    expect(location).toEqual({
      name: "toy-set",
      status: "cache",
      path,
      files: ["README", "u.data", "u.item"],
    });
  });

  it("returns a present set without downloading, and downloads again with force", async () => {
    const definition = toyDefinition([zipSource()]);
    const first = await fetchDataset(definition, { cacheDir });
    expect(requests).toEqual(["/toy.zip"]);
    await writeFile(join(first, "stale.txt"), "old copy");

    expect(await fetchDataset(definition, { cacheDir })).toBe(first);
    expect(requests).toEqual(["/toy.zip"]);

    expect(await fetchDataset(definition, { cacheDir, force: true })).toBe(first);
    expect(requests).toEqual(["/toy.zip", "/toy.zip"]);
    expect(existsSync(join(first, "stale.txt"))).toBe(false);
    expect(await cacheEntries()).toEqual(["toy-set"]);
  });

  it("uses a complete copy in the data dir, but downloads when it holds only a subset", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "lab-datasets-datadir-"));
    try {
      const definition = toyDefinition([zipSource()]);
      await mkdir(join(dataDir, "toy-set"));
      await writeFile(join(dataDir, "toy-set", "u.data"), "subset\n");
      expect(await fetchDataset(definition, { cacheDir, dataDir })).toBe(join(cacheDir, "toy-set"));
      expect(requests).toEqual(["/toy.zip"]);
      // The data dir copy still wins the lookup; it is never checksum-verified.
      expect(locateDataset(definition, { cacheDir, dataDir }).path).toBe(join(dataDir, "toy-set"));

      await writeFile(join(dataDir, "toy-set", "u.item"), "subset\n");
      await writeFile(join(dataDir, "toy-set", "README"), "subset\n");
      await rm(join(cacheDir, "toy-set"), { recursive: true });
      expect(await fetchDataset(definition, { cacheDir, dataDir })).toBe(join(dataDir, "toy-set"));
      expect(requests).toEqual(["/toy.zip"]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("saves plain files under their names and verifies MD5-only sources", async () => {
    const definition = toyDefinition([
      {
        url: `${base}/train.csv`,
        sha256: null,
        md5: md5(CSV),
        size: null,
        archive: "none",
        file: "train.csv",
      },
    ]);
    const events: ProgressEvent[] = [];
    const path = await fetchDataset(definition, { cacheDir, onProgress: (event) => events.push(event) });
    expect(await readFile(join(path, "train.csv"), "utf8")).toBe(CSV);
    // No content-length and no known size: the total stays unknown.
    expect(events[0]).toMatchObject({ phase: "start", total: undefined });
    expect(events.at(-1)).toMatchObject({ phase: "end", done: CSV.length });
  });

  it("rejects a wrong checksum, naming URL, expected and actual, and leaves nothing behind", async () => {
    const wrong = "0".repeat(64);
    const definition = toyDefinition([zipSource({ sha256: wrong })]);
    const error = await fetchDataset(definition, { cacheDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    const message = (error as Error).message;
    expect(message).toContain(`${base}/toy.zip`);
    expect(message).toContain(wrong);
    expect(message).toContain(sha256(ZIP));
    expect(await cacheEntries()).toEqual([]);
    expect(locateDataset(definition, { cacheDir }).status).toBe("missing");
  });

  it("rejects a wrong MD5 and a wrong size", async () => {
    const badMd5 = toyDefinition([zipSource({ sha256: null, md5: "f".repeat(32) })]);
    await expect(fetchDataset(badMd5, { cacheDir })).rejects.toThrow(/expected md5 f{32}, got [0-9a-f]{32}/);
    const badSize = toyDefinition([zipSource({ sha256: null, md5: null, size: 12 })]);
    await expect(fetchDataset(badSize, { cacheDir })).rejects.toThrow(
      new RegExp(`expected size 12 bytes, got ${ZIP.length} bytes`),
    );
    expect(await cacheEntries()).toEqual([]);
  });

  it("checks the per-file checksums after extraction", async () => {
    const definition = toyDefinition([zipSource()], { "u.item": "a".repeat(64) });
    await expect(fetchDataset(definition, { cacheDir })).rejects.toThrow(
      /Checksum mismatch for u\.item from/,
    );
    expect(await cacheEntries()).toEqual([]);
  });

  it("fails when a required archive member is missing", async () => {
    const definition = toyDefinition([
      zipSource({ members: [{ member: "toy/u.missing", file: "u.missing" }] }),
    ]);
    const error = await fetchDataset(definition, { cacheDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as Error).message).toContain('no member "toy/u.missing"');
    expect(await cacheEntries()).toEqual([]);
  });

  it("keeps nothing of a multi-file set when a later file fails", async () => {
    const definition = toyDefinition([
      { url: `${base}/train.csv`, sha256: sha256(CSV), size: null, archive: "none", file: "train.csv" },
      { url: `${base}/test.csv`, sha256: null, size: null, archive: "none", file: "test.csv" },
    ]);
    await expect(fetchDataset(definition, { cacheDir })).rejects.toThrow(DatasetUnavailableError);
    expect(await cacheEntries()).toEqual([]);
  });

  it("turns HTTP 404 into one line naming the URL and where to put the file by hand", async () => {
    const definition = toyDefinition([zipSource({ url: `${base}/missing.zip` })]);
    const error = await fetchDataset(definition, { cacheDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatasetUnavailableError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    expect(message).toContain(`${base}/missing.zip`);
    expect(message).toContain("HTTP 404");
    expect(message).toContain(`into ${join(cacheDir, "toy-set")}`);
    expect(message).toContain("LAB_DATA_DIR");
    expect(await cacheEntries()).toEqual([]);
  });

  it("turns a refused connection into one line naming the URL and the manual path", async () => {
    // Find a free port, then close it, so nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/train.csv`;
    const definition = toyDefinition([{ url, sha256: null, size: null, archive: "none", file: "train.csv" }]);

    const error = await fetchDataset(definition, { cacheDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatasetUnavailableError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    expect(message).toContain(url);
    expect(message).toContain("connection refused");
    expect(message).toContain(`save it as ${join(cacheDir, "toy-set", "train.csv")}`);
    expect(await cacheEntries()).toEqual([]);
  });

  it("reports an offline machine (DNS failure) through an injected fetch", async () => {
    const offline: FetchFunction = async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }),
      });
    };
    const definition = toyDefinition([zipSource({ url: "https://example.invalid/toy.zip" })]);
    await expect(fetchDataset(definition, { cacheDir, fetch: offline })).rejects.toThrow(
      /Cannot download toy-set from https:\/\/example\.invalid\/toy\.zip: host not found \(offline\?\)/,
    );
  });

  it("reports a transfer that breaks off midway and keeps nothing", async () => {
    const definition = toyDefinition([zipSource({ url: `${base}/truncated.zip` })]);
    await expect(fetchDataset(definition, { cacheDir })).rejects.toThrow(DatasetUnavailableError);
    expect(await cacheEntries()).toEqual([]);
  });

  it("gives up on a server that stops sending, and keeps nothing", async () => {
    const definition = toyDefinition([zipSource({ url: `${base}/stall.zip` })]);
    await expect(fetchDataset(definition, { cacheDir, idleTimeoutMs: 200 })).rejects.toThrow(
      /the transfer failed after 50 bytes \(no data for 0\.2 s \(timed out\)\)/,
    );
    expect(await cacheEntries()).toEqual([]);
  });

  it("stops when the caller aborts, and keeps nothing", async () => {
    const controller = new AbortController();
    const definition = toyDefinition([zipSource({ url: `${base}/stall.zip` })]);
    const pending = fetchDataset(definition, { cacheDir, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(DatasetUnavailableError);
    expect((error as Error).name).toBe("AbortError");
    expect(await cacheEntries()).toEqual([]);
  });

  it("replaces an incomplete folder in the cache", async () => {
    await mkdir(join(cacheDir, "toy-set"));
    await writeFile(join(cacheDir, "toy-set", "notes.txt"), "partial manual copy");
    const path = await fetchDataset(toyDefinition([zipSource()]), { cacheDir });
    expect((await readdir(path)).sort()).toEqual([".lab-dataset.json", "README", "u.data", "u.item"]);
  });

  it("uses an injected fetch", async () => {
    const calls: string[] = [];
    const fake: FetchFunction = async (url) => {
      calls.push(url);
      return new Response(ZIP, { status: 200, headers: { "content-length": String(ZIP.length) } });
    };
    const definition = toyDefinition([zipSource({ url: "https://files.example/toy.zip" })]);
    const path = await fetchDataset(definition, { cacheDir, fetch: fake });
    expect(calls).toEqual(["https://files.example/toy.zip"]);
    expect(await readFile(join(path, "u.data"), "utf8")).toBe(RATINGS);
  });

  it("returns the installed package folder for npm sets", async () => {
    const path = await fetchDataset("moby-dick");
    expect(existsSync(join(path, "package.json"))).toBe(true);
  });
});
