import { describe, expect, it } from "vitest";
import { encodeModule, FunctionBody, signedLeb, unsignedLeb } from "./module-builder.js";

describe("LEB128", () => {
  it("encodes the specification's examples", () => {
    expect(unsignedLeb(0)).toEqual([0x00]);
    expect(unsignedLeb(127)).toEqual([0x7f]);
    expect(unsignedLeb(128)).toEqual([0x80, 0x01]);
    expect(unsignedLeb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(signedLeb(-1)).toEqual([0x7f]);
    expect(signedLeb(63)).toEqual([0x3f]);
    expect(signedLeb(64)).toEqual([0xc0, 0x00]);
    expect(signedLeb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });
});

describe("encodeModule", () => {
  it("writes a module that WebAssembly accepts and that computes what its code says", () => {
    // scale(address, count, factor): memory[address + 8i] *= factor for i < count, two at a time
    // where it can (count even), exercising loads, stores, loops and the SIMD instructions.
    const body = new FunctionBody(3);
    const [address, count, factor] = [0, 1, 2];
    const offset = body.local("i32");
    const end = body.local("i32");
    const pair = body.local("v128");
    body.localGet(count).i32Const(3).i32Shl().localSet(end);
    body.i32Const(0).localSet(offset);
    body.block().loop();
    body.localGet(offset).localGet(end).i32GeU().brIf(1);
    body.localGet(factor).f64x2Splat().localSet(pair);
    body.localGet(address).localGet(offset).i32Add();
    body.localGet(address).localGet(offset).i32Add().v128Load().localGet(pair).f64x2Mul();
    body.v128Store();
    body.localGet(offset).i32Const(16).i32Add().localSet(offset);
    body.br(0);
    body.end().end();
    const bytes = encodeModule([{ name: "scale", parameters: ["i32", "i32", "f64"], body }]);
    const api = (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly!;
    expect(api.validate(bytes)).toBe(true);
    const wasm = globalThis as unknown as {
      WebAssembly: {
        Module: new (bytes: Uint8Array) => object;
        Instance: new (
          module: object,
          imports: object,
        ) => { exports: { scale(a: number, n: number, f: number): void } };
        Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
      };
    };
    const memory = new wasm.WebAssembly.Memory({ initial: 1 });
    const instance = new wasm.WebAssembly.Instance(new wasm.WebAssembly.Module(bytes), { env: { memory } });
    const values = new Float64Array(memory.buffer, 64, 4);
    values.set([1, 2, 3, 4]);
    instance.exports.scale(64, 4, 2.5);
    expect(Array.from(values)).toEqual([2.5, 5, 7.5, 10]);
  });
});

describe("f32 kernels on a shared memory", () => {
  it("imports a shared memory and computes f32x4 and scalar f32 code as written", () => {
    // dot(a, b): 4 lanes of products, summed lane by lane; both instances see one SharedArrayBuffer.
    const body = new FunctionBody(2);
    const sum = body.local("v128");
    const total = body.local("f32");
    body.localGet(0).v128LoadAligned(0).localGet(1).v128LoadAligned(0).f32x4Mul().localSet(sum);
    body.localGet(sum).f32x4ExtractLane(0).localGet(sum).f32x4ExtractLane(1).f32Add();
    body
      .localGet(sum)
      .f32x4ExtractLane(2)
      .localGet(sum)
      .f32x4ExtractLane(3)
      .f32Add()
      .f32Add()
      .localSet(total);
    // Clamp to [0, 10] and truncate without trapping, as a table index would be.
    body.localGet(total).f32Const(0).f32Max().f32Const(10).f32Min().i32TruncSatF32S();
    const bytes = encodeModule([{ name: "dot", parameters: ["i32", "i32"], results: ["i32"], body }], {
      sharedMemory: true,
    });
    const wasm = (globalThis as unknown as { WebAssembly: Record<string, unknown> }).WebAssembly as {
      validate(bytes: Uint8Array): boolean;
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: { dot(a: number, b: number): number } };
      Memory: new (descriptor: {
        initial: number;
        maximum: number;
        shared: boolean;
      }) => { buffer: ArrayBufferLike };
    };
    expect(wasm.validate(bytes)).toBe(true);
    const memory = new wasm.Memory({ initial: 1, maximum: 2, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const module = new wasm.Module(bytes);
    const first = new wasm.Instance(module, { env: { memory } });
    const second = new wasm.Instance(module, { env: { memory } });
    new Float32Array(memory.buffer, 0, 8).set([1, 2, 3, 0.5, 0.5, 0.25, 1, 2]);
    // 0.5 + 0.5 + 3 + 1 = 5
    expect(first.exports.dot(0, 16)).toBe(5);
    new Float32Array(memory.buffer, 16, 1)[0] = 20;
    expect(second.exports.dot(0, 16)).toBe(10);
    expect(
      () =>
        new wasm.Instance(module, {
          env: { memory: new wasm.Memory({ initial: 1, maximum: 1, shared: false }) },
        }),
    ).toThrow();
  });
});
