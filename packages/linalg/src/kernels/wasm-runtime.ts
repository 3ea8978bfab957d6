import { type ExportedFunction, encodeModule } from "@lab/core";

/** The part of the WebAssembly JS API used here; TypeScript's ES2023 lib and @types/node 20 lack it. */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => CompiledModule;
  Instance: new (
    module: CompiledModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  /** Adds `pages` 64 KiB pages. */
  grow(pages: number): number;
}
export type CompiledModule = { readonly __compiledWasmModule: unique symbol };

const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;

export const PAGE_BYTES = 65536;
/** WebAssembly memories are addressed by 32-bit offsets. */
export const MAX_BYTES = 2 ** 32 - PAGE_BYTES;

/**
 * Compiles the functions into one module importing a shared memory (so a helper thread can work on
 * the same arrays), or returns null where WebAssembly SIMD or shared memories are unavailable.
 */
export function compileKernels(functions: readonly ExportedFunction[]): CompiledModule | null {
  if (webAssembly === undefined || typeof SharedArrayBuffer === "undefined") return null;
  const bytes = encodeModule(functions, { sharedMemory: true });
  return webAssembly.validate(bytes) ? new webAssembly.Module(bytes) : null;
}

/**
 * A fresh shared memory of at least `bytes` bytes, able to grow to `maximumBytes` (shared memories
 * reserve their maximum up front, so it is kept tight), and an instance of `module` bound to it;
 * null when the runtime refuses the memory (e.g. under an address-space limit). Growing keeps old
 * views valid, at their old length.
 */
export function instantiate(
  module: CompiledModule,
  bytes: number,
  maximumBytes: number = bytes,
): { memory: WasmMemory; exports: Record<string, unknown> } | null {
  const api = webAssembly!;
  const initial = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  const maximum = Math.max(initial, Math.ceil(maximumBytes / PAGE_BYTES));
  try {
    const memory = new api.Memory({ initial, maximum, shared: true });
    const instance = new api.Instance(module, { env: { memory } });
    return { memory, exports: instance.exports };
  } catch {
    return null;
  }
}
