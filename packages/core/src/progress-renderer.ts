import type { ProgressEvent, ProgressListener } from "./progress.js";

export interface ProgressRendererOptions {
  /** Where to draw; the CLI passes process.stderr so stdout stays clean for results. */
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Tasks shorter than this never draw, so quick commands stay quiet. Default 1000 ms. */
  delayMs?: number;
  /** Without a terminal, at most one plain line per this many ms per task. Default 5000 ms. */
  plainIntervalMs?: number;
}

function formatAmount(value: number, unit: string | undefined): string {
  if (unit === "bytes") {
    const mib = value / (1024 * 1024);
    return mib >= 1 ? `${mib.toFixed(1)} MiB` : `${(value / 1024).toFixed(0)} KiB`;
  }
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(2);
  return unit ? `${rounded} ${unit}` : rounded;
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
}

/**
 * Turns progress events into a bar on a terminal (redrawn in place) or into sparse plain lines when
 * the stream is a file or pipe. Draws nothing for tasks that end within `delayMs`.
 */
export function createProgressRenderer(options: ProgressRendererOptions): ProgressListener {
  const { stream } = options;
  const delayMs = options.delayMs ?? 1000;
  const plainIntervalMs = options.plainIntervalMs ?? 5000;
  const tasks = new Map<string, { startedAt: number; lastPlain: number; drawn: boolean }>();

  const line = (event: ProgressEvent, elapsedMs: number): string => {
    const { done, total, unit, message } = event;
    const elapsed = elapsedMs / 1000;
    const parts = [event.task];
    if (total && total > 0) {
      const fraction = Math.min(1, done / total);
      const width = 24;
      const filled = Math.round(fraction * width);
      const remaining = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : Number.NaN;
      parts.push(
        `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`,
        `${(fraction * 100).toFixed(0).padStart(3)}%`,
        `${formatAmount(done, unit)}/${formatAmount(total, unit)}`,
        `eta ${formatSeconds(remaining)}`,
      );
    } else {
      parts.push(formatAmount(done, unit), formatSeconds(elapsed));
    }
    if (message) parts.push(message);
    return parts.join(" ");
  };

  return (event) => {
    const now = Date.now();
    let state = tasks.get(event.task);
    if (event.phase === "start" || !state) {
      state = { startedAt: now, lastPlain: 0, drawn: false };
      tasks.set(event.task, state);
      if (event.phase === "start") return;
    }
    const elapsedMs = now - state.startedAt;
    if (event.phase === "end") tasks.delete(event.task);
    if (elapsedMs < delayMs && !(event.phase === "end" && state.drawn)) return;
    if (stream.isTTY) {
      const columns = stream.columns ?? 100;
      const text = line(event, elapsedMs).slice(0, columns - 1);
      stream.write(`\r\x1b[2K${text}${event.phase === "end" ? "\n" : ""}`);
      state.drawn = event.phase !== "end";
    } else if (event.phase === "end" || now - state.lastPlain >= plainIntervalMs) {
      state.lastPlain = now;
      state.drawn = true;
      stream.write(`${line(event, elapsedMs)}\n`);
    }
  };
}
