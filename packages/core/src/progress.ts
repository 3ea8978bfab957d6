/**
 * Libraries report long work through progress events and never print. A caller (the CLI, a server,
 * a test) decides what to do with them by passing a listener.
 */
export interface ProgressEvent {
  /** What is running, e.g. "download movielens-100k" or "train epoch". */
  readonly task: string;
  readonly phase: "start" | "update" | "end";
  /** Units done so far. */
  readonly done: number;
  /** Units in all, when known. */
  readonly total?: number;
  /** Name of a unit, e.g. "bytes", "epochs", "words". */
  readonly unit?: string;
  /** Short status, e.g. "loss 0.231". */
  readonly message?: string;
}

export type ProgressListener = (event: ProgressEvent) => void;

export interface ProgressTask {
  /** Sets the absolute amount done and, optionally, a status message. */
  update(done: number, message?: string): void;
  /** Adds `amount` to the amount done. */
  advance(amount?: number, message?: string): void;
  end(message?: string): void;
}

export interface ProgressOptions {
  total?: number;
  unit?: string;
  /** Minimum milliseconds between two update events; start and end always go out. Default 100. */
  minIntervalMs?: number;
}

const silentTask: ProgressTask = { update() {}, advance() {}, end() {} };

/**
 * Starts a task that emits throttled events to `listener`. With no listener it costs nothing, so
 * library code can call it unconditionally.
 */
export function startProgress(
  listener: ProgressListener | undefined,
  task: string,
  options: ProgressOptions = {},
): ProgressTask {
  if (!listener) return silentTask;
  const { total, unit } = options;
  const minIntervalMs = options.minIntervalMs ?? 100;
  let done = 0;
  let lastEmit = 0;
  let ended = false;
  listener({ task, phase: "start", done, total, unit });
  const emit = (message?: string) => {
    const now = Date.now();
    if (now - lastEmit < minIntervalMs) return;
    lastEmit = now;
    listener({ task, phase: "update", done, total, unit, message });
  };
  return {
    update(value, message) {
      done = value;
      emit(message);
    },
    advance(amount = 1, message) {
      done += amount;
      emit(message);
    },
    end(message) {
      if (ended) return;
      ended = true;
      listener({ task, phase: "end", done: total ?? done, total, unit, message });
    },
  };
}
