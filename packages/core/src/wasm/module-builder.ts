/**
 * Just enough of the WebAssembly binary format to write numeric kernels by hand (recsys SGD, word2vec): one imported
 * memory, functions with i32 / f64 / v128 locals, and the instructions that kernel uses. The
 * format is the one in the WebAssembly core specification (sections, LEB128 integers, opcodes);
 * names of the emitting methods follow the instruction names of its text format.
 */

export type ValueType = "i32" | "f32" | "f64" | "v128";

const VALUE_TYPE_CODES: Record<ValueType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Unsigned LEB128, the format's variable-length integer. */
export function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

/** Signed LEB128 (for i32.const). */
export function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...unsignedLeb(bytes.length), ...bytes];
}

function section(id: number, contents: number[]): number[] {
  return [id, ...unsignedLeb(contents.length), ...contents];
}

function vector(items: number[][]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

/** The byte code of one function body, written instruction by instruction. */
export class FunctionBody {
  private readonly code: number[] = [];
  private readonly localTypes: ValueType[] = [];

  constructor(private readonly parameterCount: number) {}

  /** Declares a local after the parameters and returns its index. */
  local(type: ValueType): number {
    this.localTypes.push(type);
    return this.parameterCount + this.localTypes.length - 1;
  }

  localGet(index: number): this {
    return this.emit(0x20, ...unsignedLeb(index));
  }
  localSet(index: number): this {
    return this.emit(0x21, ...unsignedLeb(index));
  }
  i32Const(value: number): this {
    return this.emit(0x41, ...signedLeb(value));
  }
  i32Add(): this {
    return this.emit(0x6a);
  }
  i32Mul(): this {
    return this.emit(0x6c);
  }
  i32And(): this {
    return this.emit(0x71);
  }
  i32Shl(): this {
    return this.emit(0x74);
  }
  i32GeU(): this {
    return this.emit(0x4f);
  }
  i32LtU(): this {
    return this.emit(0x49);
  }
  /** Loads take their address from the stack; `align` is log2 of the alignment promised. */
  i32Load(): this {
    return this.emit(0x28, 2, 0);
  }
  f32Load(): this {
    return this.emit(0x2a, 2, 0);
  }
  f64Load(): this {
    return this.emit(0x2b, 3, 0);
  }
  f64Store(): this {
    return this.emit(0x39, 3, 0);
  }
  f64Add(): this {
    return this.emit(0xa0);
  }
  f64Sub(): this {
    return this.emit(0xa1);
  }
  f64Mul(): this {
    return this.emit(0xa2);
  }
  f64PromoteF32(): this {
    return this.emit(0xbb);
  }
  /** Factor rows start at multiples of 8 bytes, so v128 accesses promise 8-byte alignment only. */
  v128Load(): this {
    return this.simd(0x00, 3, 0);
  }
  v128Store(): this {
    return this.simd(0x0b, 3, 0);
  }
  v128Zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  f64x2ExtractLane(lane: 0 | 1): this {
    return this.simd(0x21, lane);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  f64x2Sub(): this {
    return this.simd(0xf1);
  }
  /** Loads one f64 and fills both lanes with it (movddup), with a constant byte offset. */
  v128Load64Splat(offset = 0): this {
    return this.simd(0x0a, 3, ...unsignedLeb(offset));
  }
  /** v128.load / v128.store with a constant byte offset added to the address (unrolled code). */
  v128LoadOffset(offset: number): this {
    return this.simd(0x00, 3, ...unsignedLeb(offset));
  }
  v128StoreOffset(offset: number): this {
    return this.simd(0x0b, 3, ...unsignedLeb(offset));
  }
  f64LoadOffset(offset: number): this {
    return this.emit(0x2b, 3, ...unsignedLeb(offset));
  }
  f64StoreOffset(offset: number): this {
    return this.emit(0x39, 3, ...unsignedLeb(offset));
  }
  localTee(index: number): this {
    return this.emit(0x22, ...unsignedLeb(index));
  }
  i32Sub(): this {
    return this.emit(0x6b);
  }
  i32GtU(): this {
    return this.emit(0x4b);
  }
  i32GtS(): this {
    return this.emit(0x4a);
  }
  i32LtS(): this {
    return this.emit(0x48);
  }
  /** block ... end with no result; `br n` to it jumps past its end. */
  block(): this {
    return this.emit(0x02, 0x40);
  }
  /** loop ... end with no result; `br n` to it jumps back to its start. */
  loop(): this {
    return this.emit(0x03, 0x40);
  }
  if(): this {
    return this.emit(0x04, 0x40);
  }
  br(depth: number): this {
    return this.emit(0x0c, ...unsignedLeb(depth));
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...unsignedLeb(depth));
  }
  end(): this {
    return this.emit(0x0b);
  }

  // f32 scalars and f32x4 vectors, for single-precision kernels (word2vec).
  i32Or(): this {
    return this.emit(0x72);
  }
  i32Xor(): this {
    return this.emit(0x73);
  }
  i32ShrU(): this {
    return this.emit(0x76);
  }
  i32RemU(): this {
    return this.emit(0x70);
  }
  i32Eq(): this {
    return this.emit(0x46);
  }
  i32Ne(): this {
    return this.emit(0x47);
  }
  i32Eqz(): this {
    return this.emit(0x45);
  }
  i32GeS(): this {
    return this.emit(0x4e);
  }
  i32LeU(): this {
    return this.emit(0x4d);
  }
  i32LeS(): this {
    return this.emit(0x4c);
  }
  f64Const(value: number): this {
    return this.emit(0x44, ...new Uint8Array(new Float64Array([value]).buffer));
  }
  i32LoadOffset(offset: number): this {
    return this.emit(0x28, 2, ...unsignedLeb(offset));
  }
  i32StoreOffset(offset: number): this {
    return this.emit(0x36, 2, ...unsignedLeb(offset));
  }
  f32LoadOffset(offset: number): this {
    return this.emit(0x2a, 2, ...unsignedLeb(offset));
  }
  f32StoreOffset(offset: number): this {
    return this.emit(0x38, 2, ...unsignedLeb(offset));
  }
  f32Const(value: number): this {
    const bytes = new Uint8Array(new Float32Array([value]).buffer);
    return this.emit(0x43, ...bytes);
  }
  f32Add(): this {
    return this.emit(0x92);
  }
  f32Sub(): this {
    return this.emit(0x93);
  }
  f32Mul(): this {
    return this.emit(0x94);
  }
  f32Div(): this {
    return this.emit(0x95);
  }
  f32Min(): this {
    return this.emit(0x96);
  }
  f32Max(): this {
    return this.emit(0x97);
  }
  f32Lt(): this {
    return this.emit(0x5d);
  }
  f32Gt(): this {
    return this.emit(0x5e);
  }
  f32Le(): this {
    return this.emit(0x5f);
  }
  f32Ge(): this {
    return this.emit(0x60);
  }
  f32ConvertI32S(): this {
    return this.emit(0xb2);
  }
  /** Float to int without trapping: NaN gives 0 and out-of-range values saturate. */
  i32TruncSatF32S(): this {
    return this.emit(0xfc, 0x00);
  }
  /** Pops c, b, a; pushes a when c is non-zero, else b. */
  select(): this {
    return this.emit(0x1b);
  }
  else(): this {
    return this.emit(0x05);
  }
  /** v128.load / v128.store promising 16-byte alignment, with a constant byte offset. */
  v128LoadAligned(offset = 0): this {
    return this.simd(0x00, 4, ...unsignedLeb(offset));
  }
  v128StoreAligned(offset = 0): this {
    return this.simd(0x0b, 4, ...unsignedLeb(offset));
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f32x4ExtractLane(lane: 0 | 1 | 2 | 3): this {
    return this.simd(0x1f, lane);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f32x4Div(): this {
    return this.simd(0xe7);
  }

  /** The code section entry: locals grouped by type, the instructions, and the final end. */
  encode(): number[] {
    const groups: number[][] = [];
    for (const type of this.localTypes) groups.push([1, VALUE_TYPE_CODES[type]]);
    const body = [...vector(groups), ...this.code, 0x0b];
    return [...unsignedLeb(body.length), ...body];
  }

  private simd(opcode: number, ...immediates: number[]): this {
    return this.emit(0xfd, ...unsignedLeb(opcode), ...immediates);
  }

  private emit(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
}

export interface ExportedFunction {
  readonly name: string;
  readonly parameters: readonly ValueType[];
  /** At most one result in practice; none by default. */
  readonly results?: readonly ValueType[];
  readonly body: FunctionBody;
}

export interface ModuleOptions {
  /**
   * Import a shared memory (a SharedArrayBuffer that several workers' instances update at once, as
   * Hogwild training does). The module then accepts any shared memory of up to 65536 pages (4 GiB).
   */
  readonly sharedMemory?: boolean;
}

/** A module importing its memory as env.memory and exporting the given functions. */
export function encodeModule(
  functions: readonly ExportedFunction[],
  options: ModuleOptions = {},
): Uint8Array {
  const valueTypes = (types: readonly ValueType[]) => vector(types.map((type) => [VALUE_TYPE_CODES[type]]));
  const types = functions.map((fn) => [0x60, ...valueTypes(fn.parameters), ...valueTypes(fn.results ?? [])]);
  // Limits: flag 0x00 = minimum only; 0x03 = minimum and maximum, shared (shared memories need a maximum).
  const limits = options.sharedMemory
    ? [0x03, ...unsignedLeb(1), ...unsignedLeb(65536)]
    : [0x00, ...unsignedLeb(1)];
  const memoryImport = [...name("env"), ...name("memory"), 0x02, ...limits];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, index) => unsignedLeb(index)))),
    ...section(7, vector(functions.map((fn, index) => [...name(fn.name), 0x00, ...unsignedLeb(index)]))),
    ...section(10, vector(functions.map((fn) => fn.body.encode()))),
  ];
  return Uint8Array.from(bytes);
}
