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

/** The format's limit: 65536 pages of 64 KiB. Shared memories must declare a maximum. */
const MAX_PAGES = 65536;

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
 * A fresh shared memory of at least `bytes` bytes and an instance of `module` bound to it. Its
 * maximum only reserves address space; growing keeps old views valid (at their old length).
 */
export function instantiate(
  module: CompiledModule,
  bytes: number,
): { memory: WasmMemory; exports: Record<string, unknown> } {
  const api = webAssembly!;
  const initial = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  const memory = new api.Memory({ initial, maximum: MAX_PAGES, shared: true });
  const instance = new api.Instance(module, { env: { memory } });
  return { memory, exports: instance.exports };
}
