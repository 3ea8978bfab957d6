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
