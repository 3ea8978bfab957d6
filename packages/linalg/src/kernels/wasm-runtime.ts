import {
  type CompiledWasmModule,
  type ExportedFunction,
  encodeModule,
  type WasmMemory,
  webAssemblyApi as webAssembly,
} from "@lab/core";

export type { WasmMemory };
export type CompiledModule = CompiledWasmModule;

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
