/**
 * The part of the WebAssembly JavaScript API our hand-emitted kernels use, typed here because
 * TypeScript's ES2023 lib and @types/node 20 do not declare the WebAssembly namespace.
 */
export interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => CompiledWasmModule;
  Instance: new (
    module: CompiledWasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

export interface WasmMemory {
  /** A SharedArrayBuffer when the memory was created shared. */
  readonly buffer: ArrayBufferLike;
  /** Adds `pages` 64 KiB pages and returns the previous size in pages. */
  grow(pages: number): number;
}

/** A compiled module (WebAssembly.Module): opaque, but it can be posted to worker threads. */
export type CompiledWasmModule = { readonly __compiledWasmModule: unique symbol };

/** The runtime's WebAssembly object, or undefined where there is none (callers fall back to TS). */
export const webAssemblyApi: WebAssemblyApi | undefined = (globalThis as { WebAssembly?: WebAssemblyApi })
  .WebAssembly;
