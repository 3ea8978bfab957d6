import { type ExportedFunction, encodeModule } from "@lab/core";

/** The part of the WebAssembly JS API used here; TypeScript's ES2023 lib and @types/node 20 lack it. */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => CompiledModule;
  Instance: new (
    module: CompiledModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Adds `pages` 64 KiB pages; every view of the old buffer is detached. */
  grow(pages: number): number;
}
export type CompiledModule = { readonly __compiledWasmModule: unique symbol };

const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;

export const PAGE_BYTES = 65536;
/** WebAssembly memories are addressed by 32-bit offsets. */
export const MAX_BYTES = 2 ** 32 - PAGE_BYTES;

/** Compiles the functions into one module, or returns null where WebAssembly SIMD is unavailable. */
export function compileKernels(functions: readonly ExportedFunction[]): CompiledModule | null {
  if (webAssembly === undefined) return null;
  const bytes = encodeModule(functions);
  return webAssembly.validate(bytes) ? new webAssembly.Module(bytes) : null;
}

/** A fresh memory of at least `bytes` bytes and an instance of `module` bound to it. */
export function instantiate(
  module: CompiledModule,
  bytes: number,
): { memory: WasmMemory; exports: Record<string, unknown> } {
  const api = webAssembly!;
  const memory = new api.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE_BYTES)) });
  const instance = new api.Instance(module, { env: { memory } });
  return { memory, exports: instance.exports };
}
