import { describe, expect, it } from "vitest";
import { syntheticCatalog } from "./data/synthetic.js";
import { oneHotFeatures } from "./features/one-hot.js";
import { buildHfRecommenderReport } from "./reproduce.js";

describe("buildHfRecommenderReport", () => {
  it("writes every section with computed numbers, the tables and two SVG plots", async () => {
    const catalog = syntheticCatalog({ models: 150, seed: 2 });
    const report = await buildHfRecommenderReport({
      catalog,
      evaluationQueries: 40,
      clusters: { kmeans: { k: 4, nInit: 2 }, hierarchical: { clusters: 4 } },
    });
    expect(Object.keys(report.files).sort()).toEqual(["clusters-tsne.svg", "precision.svg", "report.md"]);
    expect(report.files["clusters-tsne.svg"]).toMatch(/^<svg/);
    expect(report.files["precision.svg"]).toMatch(/^<svg/);
    const md = report.markdown;
    for (const heading of [
      "## Features",
      "## Jaccard similarity",
      "## Cosine similarity over the soup",
      "## Exact nearest neighbours",
      "## KMeans, then cosine within the cluster",
      "## Hierarchical (Ward) clustering, then cosine within the cluster",
      "## DBSCAN on cosine distance, then cosine within the cluster",
      "## Free-text search",
      "## Evaluation",
      "## Map",
    ]) {
      expect(md).toContain(heading);
    }
    // Neither seed query is in a synthetic catalog: its two most downloaded fill-mask models stand in.
    const fillMask = catalog.records
      .map((record, i) => ({ id: record.id, task: record.pipelineTag, rank: catalog.tieRank[i]! }))
      .filter((entry) => entry.task === "fill-mask")
      .sort((a, b) => a.rank - b.rank)
      .map((entry) => entry.id);
    expect(report.queries).toEqual(fillMask.slice(0, 2));
    expect(md).toContain(`| # | ${fillMask[0]} | ${fillMask[1]} |`);
    expect(md).toContain(`Data: ${catalog.source}.`);
    const columns = oneHotFeatures(catalog.records).columns.length;
    expect(md).toContain(`(the seed's minimal model): ${catalog.size} × ${columns},`);
    for (const method of ["kmeans", "hierarchical", "dbscan"] as const) {
      const { sizes, noise } = report.clusters[method];
      expect(sizes.reduce((a, b) => a + b, 0) + noise).toBe(catalog.size);
    }
    expect(report.clusters.kmeans.clusters).toBe(4);
    expect(report.clusters.hierarchical.clusters).toBe(4);
    expect(md).toContain("| method | precision@5 |");
    expect(md).toContain("| overlap@5 | jaccard |");
    // Ten configurations per query, each a list of at most 5.
    expect(report.recommendations).toHaveLength(10 * 2);
    for (const list of report.recommendations) expect(list.results.length).toBeLessThanOrEqual(5);
  });
});
