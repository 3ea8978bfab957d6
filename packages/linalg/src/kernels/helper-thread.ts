import { Worker } from "node:worker_threads";
import { LabError } from "@lab/core";
import type { CompiledModule, WasmMemory } from "./wasm-runtime.js";

/*
 * A second thread that runs a recorded list of kernel calls (matrix products and zeroing) on the
 * same shared WebAssembly memory while the main thread works on something independent — in the
 * SVD, V's back-transformation while the main thread does U's.
 *
 * The list is claimed as a whole with a compare-and-swap on a state word: the helper claims it when
 * it wakes, and the main thread claims it itself when it gets to it first. So a helper that is slow
 * to wake, or whose core is busy with other work, never makes the main thread wait for it to start;
 * the main thread waits only for a list the helper has already begun. Either way the same calls run
 * in the same order on the same data, so the results are bit-identical.
 *
 * Commands are 11 Int32 words in the shared memory: [0, gemm's 10 arguments] or [1, byte address,
 * byte length, unused…] (fill with zeros).
 */
export const COMMAND_WORDS = 11;
export const GEMM_COMMAND = 0;
export const ZERO_COMMAND = 1;

// Control block slots (Int32 in a SharedArrayBuffer).
const STATE = 0;
const GENERATION = 1;
const COMMANDS = 2;
const COUNT = 3;
const READY = 4;
const FAILED = 5;
const STOP = 6;
const HELPER_RUNS = 7;
const SLOTS = 8;

// States of the posted list.
const IDLE = 0;
const POSTED = 1;
const HELPER = 2;
const DONE = 3;

// Plain JavaScript run by `new Worker(source, { eval: true })`: the same from the TypeScript sources
// (vitest, tsx) and from the tsup bundle, with no file path to resolve.
const HELPER_SOURCE = `
"use strict";
const { workerData } = require("node:worker_threads");
const { module, memory, control } = workerData;
const ctl = new Int32Array(control);
let gemm;
try {
  gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
  Atomics.store(ctl, ${READY}, 1);
} catch (error) {
  Atomics.store(ctl, ${FAILED}, 1);
}
let seen = Atomics.load(ctl, ${GENERATION});
while (gemm !== undefined && Atomics.load(ctl, ${STOP}) === 0) {
  Atomics.wait(ctl, ${GENERATION}, seen);
  seen = Atomics.load(ctl, ${GENERATION});
  if (Atomics.compareExchange(ctl, ${STATE}, ${POSTED}, ${HELPER}) !== ${POSTED}) continue;
  try {
    const words = new Int32Array(memory.buffer, ctl[${COMMANDS}], ctl[${COUNT}] * ${COMMAND_WORDS});
    for (let at = 0; at < words.length; at += ${COMMAND_WORDS}) {
      const w = words.subarray(at, at + ${COMMAND_WORDS});
      if (w[0] === ${GEMM_COMMAND}) gemm(w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10]);
      else new Uint8Array(memory.buffer, w[1], w[2]).fill(0);
    }
    Atomics.add(ctl, ${HELPER_RUNS}, 1);
  } catch (error) {
    Atomics.store(ctl, ${FAILED}, 1);
  }
  Atomics.store(ctl, ${STATE}, ${DONE});
  Atomics.notify(ctl, ${STATE});
}
`;

/** How long the main thread waits for a list the helper has begun before calling the helper dead. */
const STALLED_MS = 120_000;

export class HelperThread {
  private readonly control: Int32Array;

  private constructor(
    private readonly worker: Worker,
    control: SharedArrayBuffer,
  ) {
    this.control = new Int32Array(control);
  }

  /** Starts the helper on `memory` (which must be shared), or returns null where threads are unavailable. */
  static start(module: CompiledModule, memory: WasmMemory): HelperThread | null {
    const control = new SharedArrayBuffer(SLOTS * 4);
    try {
      const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { module, memory, control } });
      // The helper must not keep the process alive, and its failure only costs speed.
      worker.unref();
      worker.on("error", () => Atomics.store(new Int32Array(control), FAILED, 1));
      return new HelperThread(worker, control);
    } catch {
      return null;
    }
  }

  /** Whether the helper has started, nothing has failed and no list is outstanding. */
  get ready(): boolean {
    const ctl = this.control;
    return (
      Atomics.load(ctl, READY) === 1 && Atomics.load(ctl, FAILED) === 0 && Atomics.load(ctl, STATE) === IDLE
    );
  }

  /** Lists the helper has run so far (for tests). */
  get helperRuns(): number {
    return Atomics.load(this.control, HELPER_RUNS);
  }

  /** Offers the `count` commands at byte address `commands` to the helper. */
  post(commands: number, count: number): void {
    const ctl = this.control;
    ctl[COMMANDS] = commands;
    ctl[COUNT] = count;
    Atomics.store(ctl, STATE, POSTED);
    Atomics.add(ctl, GENERATION, 1);
    Atomics.notify(ctl, GENERATION, 1);
  }

  /**
   * Completes the posted list: returns false when the helper never began it (the caller then runs
   * it itself), or true once the helper has finished it.
   */
  finish(): boolean {
    const ctl = this.control;
    if (Atomics.compareExchange(ctl, STATE, POSTED, IDLE) === POSTED) return false;
    const started = performance.now();
    while (Atomics.load(ctl, STATE) === HELPER) {
      Atomics.wait(ctl, STATE, HELPER, 1000);
      if (performance.now() - started > STALLED_MS) {
        throw new LabError("internal error: the linear-algebra helper thread stopped while running kernels");
      }
    }
    Atomics.store(ctl, STATE, IDLE);
    if (Atomics.load(ctl, FAILED) !== 0) {
      throw new LabError("internal error: the linear-algebra helper thread failed while running kernels");
    }
    return true;
  }

  /** Stops the helper thread (tests; the process otherwise just exits with it unreferenced). */
  async stop(): Promise<void> {
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    await this.worker.terminate();
  }
}
