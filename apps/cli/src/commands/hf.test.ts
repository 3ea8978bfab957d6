import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticCatalog, syntheticCsv } from "@lab/hf-recommender";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLab } from "../testing.js";
import { hfCommands } from "./hf.js";

const folder = mkdtempSync(join(tmpdir(), "lab-cli-hf-"));
const lab = (args: string[], env: NodeJS.ProcessEnv = {}) => runLab(args, { env, groups: [hfCommands] });

/** A generated catalog in the seed's CSV format: 200 models of ten families. */
const csv = join(folder, "models.csv");
writeFileSync(csv, syntheticCsv({ models: 200, seed: 4 }));
const catalog = syntheticCatalog({ models: 200, seed: 4 });
const query = catalog.ids[3]!;

describe("lab hf recommend", () => {
  it("returns {query, method, results: [{modelId, score}], seconds} and never the query itself", async () => {
    for (const method of ["jaccard", "cosine", "knn", "kmeans", "hierarchical", "dbscan"]) {
      const run = await lab([
        "hf",
        "recommend",
        "--data",
        csv,
        "--model",
        query,
        "--method",
        method,
        "--n",
        "4",
        "--json",
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`data: ${csv}`);
      expect(run.json).toMatchObject({ query, method });
      expect(typeof run.json.seconds).toBe("number");
      expect(run.json.results.length).toBeGreaterThan(0);
      expect(run.json.results.length).toBeLessThanOrEqual(4);
      for (const result of run.json.results) {
        expect(Object.keys(result).sort()).toEqual(["modelId", "score"]);
        expect(result.modelId).not.toBe(query);
        expect(catalog.has(result.modelId)).toBe(true);
      }
    }
  });

  it("knn scores are distances in ascending order; other methods' similarities descend", async () => {
    const knn = await lab([
      "hf",
      "recommend",
      "--data",
      csv,
      "--model",
      query,
      "--method",
      "knn",
      "--n",
      "10",
      "--json",
    ]);
    const distances = knn.json.results.map((r: { score: number }) => r.score);
    expect(knn.json.score_kind).toBe("distance");
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    const cosine = await lab([
      "hf",
      "recommend",
      "--data",
      csv,
      "--model",
      query,
      "--features",
      "tfidf",
      "--n",
      "10",
      "--json",
    ]);
    const similarities = cosine.json.results.map((r: { score: number }) => r.score);
    expect([...similarities].sort((a, b) => b - a)).toEqual(similarities);
    expect(cosine.json).toMatchObject({ method: "cosine", features: "tfidf", score_kind: "similarity" });
  });

  it("an unknown id exits 1 with one line suggesting close ids (and a JSON error under --json)", async () => {
    const typo = query.slice(0, -1);
    const run = await lab(["hf", "recommend", "--data", csv, "--model", typo]);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines.at(-1)).toMatch(
      new RegExp(`^lab: unknown model id "${typo}" in .*models.csv; did you mean "`),
    );
    const json = await lab(["hf", "recommend", "--data", csv, "--model", typo, "--json"]);
    expect(JSON.parse(json.stdout.trim().split("\n").at(-1)!).error.type).toBe("UnknownModelError");
  });

  it("rejects contradictory or misplaced options with exit 2", async () => {
    const both = await lab(["hf", "recommend", "--data", csv, "--hub", "--model", query]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give --data FILE or --hub, not both");
    const eps = await lab([
      "hf",
      "recommend",
      "--data",
      csv,
      "--model",
      query,
      "--method",
      "kmeans",
      "--eps",
      "0.3",
    ]);
    expect(eps.code).toBe(2);
    expect(eps.stderr).toContain("--eps applies to --method dbscan, not kmeans");
    const metric = await lab(["hf", "recommend", "--data", csv, "--model", query, "--metric", "cosine"]);
    expect(metric.code).toBe(2);
    const missing = await lab(["hf", "recommend", "--data", join(folder, "absent.csv"), "--model", query]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/absent.csv.*no such file/);
  });

  it("with no data it uses the embedded catalog and says so", async () => {
    const run = await lab(
      ["hf", "recommend", "--model", "FacebookAI/xlm-roberta-base", "--method", "jaccard", "--json"],
      {
        LAB_CACHE_DIR: join(folder, "empty-cache"),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^data: the embedded catalog: \d+ example models of @huggingface\/tasks/m);
    // The only other fill-mask example of the task page has the same one-hot row.
    expect(run.json.results[0]).toEqual({ modelId: "answerdotai/ModernBERT-large", score: 1 });
  });
});

describe("lab hf cluster", () => {
  it("kmeans, hierarchical and dbscan report {clusters, sizes, noise, seconds}", async () => {
    const kmeans = await lab([
      "hf",
      "cluster",
      "--data",
      csv,
      "--method",
      "kmeans",
      "--k",
      "5",
      "--n-init",
      "3",
      "--json",
    ]);
    expect(kmeans.code, kmeans.stderr).toBe(0);
    expect(kmeans.json).toMatchObject({ method: "kmeans", clusters: 5, noise: 0, models: 200 });
    expect(kmeans.json.sizes.reduce((a: number, b: number) => a + b, 0)).toBe(200);
    expect(typeof kmeans.json.details.inertia).toBe("number");
    const again = await lab([
      "hf",
      "cluster",
      "--data",
      csv,
      "--method",
      "kmeans",
      "--k",
      "5",
      "--n-init",
      "3",
      "--json",
    ]);
    expect(again.json.sizes).toEqual(kmeans.json.sizes);

    const ward = await lab([
      "hf",
      "cluster",
      "--data",
      csv,
      "--method",
      "hierarchical",
      "--clusters",
      "3",
      "--json",
    ]);
    expect(ward.json).toMatchObject({ method: "hierarchical", clusters: 3, noise: 0 });
    const byHeight = await lab([
      "hf",
      "cluster",
      "--data",
      csv,
      "--method",
      "hierarchical",
      "--distance",
      "0",
      "--json",
    ]);
    // Cut at height 0, only identical one-hot rows stay together: one cluster per distinct row.
    expect(byHeight.json.clusters).toBe(byHeight.json.details.clustered_rows);

    const dbscan = await lab([
      "hf",
      "cluster",
      "--data",
      csv,
      "--method",
      "dbscan",
      "--eps",
      "0.26",
      "--min-pts",
      "3",
      "--json",
    ]);
    expect(dbscan.json.method).toBe("dbscan");
    expect(dbscan.json.sizes.reduce((a: number, b: number) => a + b, 0) + dbscan.json.noise).toBe(200);
    const bad = await lab([
      "hf",
      "cluster",
      "--data",
      csv,
      "--method",
      "hierarchical",
      "--clusters",
      "3",
      "--distance",
      "1",
    ]);
    expect(bad.code).toBe(2);
  });
});

describe("lab hf search", () => {
  it("ranks models by the soup and reports unknown words", async () => {
    const run = await lab([
      "hf",
      "search",
      "wav2vec2 speech recognition zzzunknown",
      "--data",
      csv,
      "--n",
      "3",
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.terms).toEqual(["wav2vec2", "speech", "recognition"]);
    expect(run.json.unknown_terms).toEqual(["zzzunknown"]);
    expect(run.json.results).toHaveLength(3);
    for (const result of run.json.results) expect(result.modelId).toContain("/wav2vec2-");
    const none = await lab(["hf", "search", "zzzunknown", "--data", csv]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/none of the words/);
  });
});

describe("lab hf index", () => {
  it("writes an index that recommend and search load instead of the catalog", async () => {
    const path = join(folder, "index", "models.hfidx");
    const written = await lab(["hf", "index", "--data", csv, "--out", path, "--json"]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.json).toMatchObject({ path, models: 200 });
    expect(readFileSync(path).length).toBe(written.json.bytes);
    for (const method of ["cosine", "dbscan"]) {
      const fromCsv = await lab([
        "hf",
        "recommend",
        "--data",
        csv,
        "--model",
        query,
        "--method",
        method,
        "--json",
      ]);
      const fromIndex = await lab([
        "hf",
        "recommend",
        "--index",
        path,
        "--model",
        query,
        "--method",
        method,
        "--json",
      ]);
      expect(fromIndex.json.results).toEqual(fromCsv.json.results);
    }
    const both = await lab(["hf", "search", "bert", "--index", path, "--data", csv]);
    expect(both.code).toBe(2);
  });
});

describe("lab hf evaluate and reproduce", () => {
  it("evaluate prints precision@k per method and overlap", async () => {
    const run = await lab(["hf", "evaluate", "--data", csv, "--queries", "30", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.queries).toBe(30);
    expect(run.json.methods.map((m: { name: string }) => m.name)).toContain("cosine (tfidf)");
    for (const method of run.json.methods) expect(method.precision).toBeGreaterThanOrEqual(0);
    expect(run.json.overlap).toHaveLength(run.json.methods.length);
  });

  it("reproduce writes report.md and its plots", async () => {
    const out = join(folder, "report");
    const run = await lab([
      "hf",
      "reproduce",
      "--data",
      csv,
      "--queries",
      "20",
      "--map-points",
      "120",
      "--out",
      out,
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.report).toBe(join(out, "report.md"));
    for (const name of ["report.md", "clusters-tsne.svg", "precision.svg"])
      expect(existsSync(join(out, name))).toBe(true);
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain("## Evaluation");
    expect(report).toContain(`Data: ${csv}.`);
  });
});

describe("lab hf --hub", () => {
  // A local stand-in for the Hub's /api/models on the loopback interface, serving two pages.
  let server: Server;
  let url = "";
  let requests = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests++;
      const page = request.url?.includes("cursor=2") ? 2 : 1;
      const models =
        page === 1
          ? [
              {
                _id: "1",
                id: "google-bert/bert-base-uncased",
                author: "google-bert",
                downloads: 900,
                likes: 5,
                private: false,
                gated: false,
                lastModified: "2024-01-01T00:00:00.000Z",
                pipeline_tag: "fill-mask",
                library_name: "transformers",
                tags: ["transformers", "bert", "fill-mask"],
                config: { architectures: ["BertForMaskedLM"], model_type: "bert" },
              },
              {
                _id: "2",
                id: "acme/bert-small",
                author: "acme",
                downloads: 20,
                likes: 0,
                private: false,
                gated: false,
                lastModified: "2024-01-01T00:00:00.000Z",
                pipeline_tag: "fill-mask",
                library_name: "transformers",
                tags: ["transformers", "bert", "fill-mask"],
                config: { architectures: ["BertForMaskedLM"], model_type: "bert" },
              },
            ]
          : [
              {
                _id: "3",
                id: "openai-community/gpt2",
                author: "openai-community",
                downloads: 700,
                likes: 3,
                private: false,
                gated: false,
                lastModified: "2024-01-01T00:00:00.000Z",
                pipeline_tag: "text-generation",
                library_name: "transformers",
                tags: ["transformers", "gpt2", "text-generation"],
                config: { architectures: ["GPT2LMHeadModel"], model_type: "gpt2" },
              },
            ];
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      if (page === 1) headers.Link = `<${url}/api/models?cursor=2>; rel="next"`;
      response.writeHead(200, headers);
      response.end(JSON.stringify(models));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });

  it("lists the Hub, caches the listing and answers from the cache the second time", async () => {
    const cache = join(folder, "hub-cache");
    mkdirSync(cache, { recursive: true });
    const args = [
      "hf",
      "recommend",
      "--hub",
      "--hub-url",
      url,
      "--model",
      "acme/bert-small",
      "--method",
      "jaccard",
      "--json",
    ];
    const first = await lab(args, { LAB_CACHE_DIR: cache });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/data: the Hub's top 10000 models by downloads \(fetched .*, live\)/);
    expect(first.json.results[0]).toEqual({ modelId: "google-bert/bert-base-uncased", score: 1 });
    expect(requests).toBe(2);
    const second = await lab(args, { LAB_CACHE_DIR: cache });
    expect(second.stderr).toMatch(/cached at .*hf-hub/);
    expect(second.json.results).toEqual(first.json.results);
    expect(requests).toBe(2);
  });
});
