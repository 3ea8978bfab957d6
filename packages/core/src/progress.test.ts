import { describe, expect, it } from "vitest";
import { type ProgressEvent, startProgress } from "./progress.js";
import { createProgressRenderer } from "./progress-renderer.js";

describe("startProgress", () => {
  it("emits start, throttled updates and one end event", () => {
    const events: ProgressEvent[] = [];
    const task = startProgress((event) => events.push(event), "count", {
      total: 3,
      unit: "items",
      minIntervalMs: 0,
    });
    task.advance();
    task.advance(2, "almost");
    task.end();
    task.end();
    expect(events.map((e) => e.phase)).toEqual(["start", "update", "update", "end"]);
    expect(events[2]).toMatchObject({ done: 3, total: 3, unit: "items", message: "almost" });
  });

  it("drops updates closer together than minIntervalMs", () => {
    const events: ProgressEvent[] = [];
    const task = startProgress((event) => events.push(event), "fast", { minIntervalMs: 60_000 });
    for (let i = 0; i < 100; i++) task.advance();
    task.end();
    expect(events.filter((e) => e.phase === "update").length).toBe(1);
    expect(events.at(-1)).toMatchObject({ phase: "end", done: 100 });
  });

  it("costs nothing without a listener", () => {
    const task = startProgress(undefined, "quiet", { total: 10 });
    expect(() => {
      task.advance();
      task.end();
    }).not.toThrow();
  });
});

describe("createProgressRenderer", () => {
  function capture(isTTY: boolean) {
    const chunks: string[] = [];
    const stream = { isTTY, columns: 200, write: (chunk: string) => chunks.push(chunk) === 0 };
    return { chunks, stream: stream as unknown as NodeJS.WritableStream & { isTTY: boolean } };
  }

  it("stays silent for tasks that end before the delay", () => {
    const { chunks, stream } = capture(false);
    const render = createProgressRenderer({ stream, delayMs: 60_000 });
    const task = startProgress(render, "short", { total: 2, minIntervalMs: 0 });
    task.advance();
    task.end();
    expect(chunks).toEqual([]);
  });

  it("draws a bar with percentage on a terminal", () => {
    const { chunks, stream } = capture(true);
    const render = createProgressRenderer({ stream, delayMs: 0 });
    const task = startProgress(render, "download", { total: 4, unit: "files", minIntervalMs: 0 });
    task.advance(2);
    task.end();
    expect(chunks[0]).toContain("download [############------------]  50% 2 files/4 files");
    expect(chunks.at(-1)).toMatch(/100%.*\n$/);
  });
});
