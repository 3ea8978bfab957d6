import { encodeModule, FunctionBody } from "@lab/core";
import {
  ACCUMULATORS,
  LANES,
  MAX_UNROLLED_STRIDE,
  type Word2VecMethod,
  type Word2VecModel,
} from "./setup.js";
import { EXP_TABLE_SIZE, INDEX_SCALE, MAX_EXP } from "./tables.js";

/**
 * The word2vec training step as a WebAssembly SIMD function, emitted for one row stride, model and
 * method so that every loop over a vector's components is fully unrolled with constant offsets (no
 * index arithmetic, four independent dot-product accumulators); rows wider than
 * MAX_UNROLLED_STRIDE floats loop over blocks of four vectors instead, to bound the code size. reference.ts is the same algorithm
 * in TypeScript, operation for operation; see there for what is computed.
 *
 * train(config, scratch, firstSentence, endSentence, alpha) -> words kept by subsampling.
 * `config` points at CONFIG_FIELDS i32 values (pointers and sizes, below); `scratch` at one thread's
 * private area: its generator state (i32 at +0), running loss (f64 at +8), loss terms (f64 at +16),
 * then the gradient accumulator neu1e, the CBOW mean neu1 (one row each) and the subsampled sentence.
 * Several threads may run train() on one shared memory at once: that is Hogwild.
 */

export const CONFIG_FIELDS = [
  "vocabSize",
  "negative",
  "window",
  "corpus",
  "sentenceEnds",
  "keep",
  "aliasKeep",
  "alias",
  "pathOffsets",
  "paths",
  "sigmoid",
  "logSigmoid",
  "logOneMinusSigmoid",
  "syn0",
  "syn1",
] as const;
export type ConfigField = (typeof CONFIG_FIELDS)[number];

export const SCRATCH_HEADER_BYTES = 32;

export interface KernelShape {
  readonly stride: number;
  readonly model: Word2VecModel;
  readonly method: Word2VecMethod;
}

/** Structured control flow by name: br/brIf compute the label depth from the open blocks. */
class Emitter {
  private readonly open: string[] = [];
  constructor(readonly code: FunctionBody) {}

  block(label: string): void {
    this.code.block();
    this.open.push(label);
  }
  loop(label: string): void {
    this.code.loop();
    this.open.push(label);
  }
  if(label: string): void {
    this.code.if();
    this.open.push(label);
  }
  end(label: string): void {
    const top = this.open.pop();
    if (top !== label) throw new Error(`kernel emitter: closing ${label} but ${top} is open`);
    this.code.end();
  }
  br(label: string): void {
    this.code.br(this.depth(label));
  }
  brIf(label: string): void {
    this.code.brIf(this.depth(label));
  }
  private depth(label: string): number {
    const index = this.open.lastIndexOf(label);
    if (index < 0) throw new Error(`kernel emitter: no open block ${label}`);
    return this.open.length - 1 - index;
  }

  /**
   * while (!exit()) { body (may br "<name>.continue") ; step }. `exit` pushes an i32, non-zero to stop.
   */
  loopWhile(name: string, exit: () => void, body: () => void, step: () => void): void {
    this.block(`${name}.exit`);
    this.loop(`${name}.top`);
    exit();
    this.brIf(`${name}.exit`);
    this.block(`${name}.continue`);
    body();
    this.end(`${name}.continue`);
    step();
    this.br(`${name}.top`);
    this.end(`${name}.top`);
    this.end(`${name}.exit`);
  }
}

function kernelBody(shape: KernelShape): FunctionBody {
  const { stride, model, method } = shape;
  const vectors = stride / LANES;
  const rowBytes = stride * 4;
  const unrolled = stride <= MAX_UNROLLED_STRIDE;
  if (!unrolled && stride % (LANES * ACCUMULATORS) !== 0) {
    throw new Error(
      `kernel: a looped row stride must be a multiple of ${LANES * ACCUMULATORS}, got ${stride}`,
    );
  }
  let loopCount = 0;
  const parameterCount = 5;
  const [configPtr, scratch, firstSentence, endSentence, alpha] = [0, 1, 2, 3, 4];
  const code = new FunctionBody(parameterCount);
  const e = new Emitter(code);
  const i32 = () => code.local("i32");

  const cfg = Object.fromEntries(CONFIG_FIELDS.map((field) => [field, i32()])) as Record<ConfigField, number>;
  const [s, from, to, p, n, word, threshold, rng, kept, i, reduced, lo, hi, j, center] = Array.from(
    { length: 15 },
    i32,
  );
  const [inPtr, outPtr, buffer, neu1e, neu1, d, target, column, k, kEnd, entry, index, lossTable] =
    Array.from({ length: 13 }, i32);
  const [f, t, g, label, sigmoid, count] = Array.from({ length: 6 }, () => code.local("f32"));
  const [loss, lossTerms] = [code.local("f64"), code.local("f64")];
  const acc = Array.from({ length: ACCUMULATORS }, () => code.local("v128"));
  const [gv, vo] = [code.local("v128"), code.local("v128")];

  const nextRandom = () => {
    code.localGet(rng).localGet(rng).i32Const(13).i32Shl().i32Xor().localSet(rng);
    code.localGet(rng).localGet(rng).i32Const(17).i32ShrU().i32Xor().localSet(rng);
    code.localGet(rng).localGet(rng).i32Const(5).i32Shl().i32Xor().localSet(rng);
  };
  /** Pushes array[indexLocal] (i32 elements) from a base pointer local. */
  const loadAt = (base: number, indexLocal: number) =>
    code.localGet(base).localGet(indexLocal).i32Const(2).i32Shl().i32Add().i32LoadOffset(0);
  const increment = (local: number) => code.localGet(local).i32Const(1).i32Add().localSet(local);
  /** Sets `ptrLocal` = base + row * rowBytes. */
  const rowAddress = (ptrLocal: number, base: number, row: () => void) => {
    code.localGet(base);
    row();
    code.i32Const(rowBytes).i32Mul().i32Add().localSet(ptrLocal);
  };

  /**
   * Emits `body` once per 16-byte vector of a row, for rows starting at the given pointer locals.
   * Up to MAX_UNROLLED_STRIDE floats the rows are fully unrolled (constant offsets, no loop);
   * wider rows (stride a multiple of 16 floats) loop over blocks of four vectors. body(p, offset,
   * slot, first) addresses vector v as p[k] + offset; slot = v mod 4 picks the accumulator, and
   * `first` tells whether v is the first vector of its slot (only in unrolled code).
   */
  const blockPointers = Array.from({ length: 3 }, i32);
  const blockOffset = i32();
  const forEachVector = (
    pointers: readonly number[],
    body: (p: readonly number[], offset: number, slot: number, first: boolean) => void,
  ) => {
    if (unrolled) {
      for (let v = 0; v < vectors; v++) body(pointers, 16 * v, v % ACCUMULATORS, v < ACCUMULATORS);
      return;
    }
    const name = `vectors${loopCount++}`;
    code.i32Const(0).localSet(blockOffset);
    e.loopWhile(
      name,
      () => code.localGet(blockOffset).i32Const(rowBytes).i32GeS(),
      () => {
        pointers.forEach((pointer, k) => {
          code.localGet(pointer).localGet(blockOffset).i32Add().localSet(blockPointers[k]!);
        });
        const moved = blockPointers.slice(0, pointers.length);
        for (let q = 0; q < ACCUMULATORS; q++) body(moved, 16 * q, q, false);
      },
      () =>
        code
          .localGet(blockOffset)
          .i32Const(16 * ACCUMULATORS)
          .i32Add()
          .localSet(blockOffset),
    );
  };

  /** f = a·b, vector v into accumulator v mod 4, reduced ((0+1)+(2+3)) then lanes the same way. */
  const dot = (a: number, b: number) => {
    if (!unrolled) for (const slot of acc) code.v128Zero().localSet(slot);
    forEachVector([a, b], ([pa, pb], offset, slot, first) => {
      if (!first) code.localGet(acc[slot]!);
      code.localGet(pa!).v128LoadAligned(offset).localGet(pb!).v128LoadAligned(offset).f32x4Mul();
      if (!first) code.f32x4Add();
      code.localSet(acc[slot]!);
    });
    if (unrolled) for (let v = vectors; v < ACCUMULATORS; v++) code.v128Zero().localSet(acc[v]!);
    code.localGet(acc[0]!).localGet(acc[1]!).f32x4Add();
    code.localGet(acc[2]!).localGet(acc[3]!).f32x4Add();
    code.f32x4Add().localSet(vo);
    code.localGet(vo).f32x4ExtractLane(0).localGet(vo).f32x4ExtractLane(1).f32Add();
    code.localGet(vo).f32x4ExtractLane(2).localGet(vo).f32x4ExtractLane(3).f32Add();
    code.f32Add().localSet(f);
  };
  /** neu1e += g·out; out += g·in, reading out before writing it. */
  const update = (input: number, output: number) => {
    code.localGet(g).f32x4Splat().localSet(gv);
    forEachVector([input, output, neu1e], ([pi, po, pe], offset) => {
      code.localGet(po!).v128LoadAligned(offset).localSet(vo);
      code.localGet(pe!);
      code.localGet(pe!).v128LoadAligned(offset).localGet(gv).localGet(vo).f32x4Mul().f32x4Add();
      code.v128StoreAligned(offset);
      code.localGet(po!);
      code.localGet(vo).localGet(gv).localGet(pi!).v128LoadAligned(offset).f32x4Mul().f32x4Add();
      code.v128StoreAligned(offset);
    });
  };
  /** row[target] += row[source] for every vector. */
  const addRow = (targetPtr: number, sourcePtr: number) => {
    forEachVector([targetPtr, sourcePtr], ([pt, ps], offset) => {
      code.localGet(pt!);
      code.localGet(pt!).v128LoadAligned(offset).localGet(ps!).v128LoadAligned(offset).f32x4Add();
      code.v128StoreAligned(offset);
    });
  };
  const zeroRow = (ptr: number) => {
    forEachVector([ptr], ([pz], offset) => {
      code.localGet(pz!).v128Zero().v128StoreAligned(offset);
    });
  };
  /** t = (f + MAX_EXP)·scale; index = trunc(clamp(t, 0, EXP_TABLE_SIZE)); loss -= lossTable[index]. */
  const tableIndexAndLoss = () => {
    code.localGet(f).f32Const(MAX_EXP).f32Add().f32Const(INDEX_SCALE).f32Mul().localSet(t);
    code.localGet(t).f32Const(0).f32Max().f32Const(EXP_TABLE_SIZE).f32Min().i32TruncSatF32S().localSet(index);
    code.localGet(loss);
    code.localGet(lossTable).localGet(index).i32Const(2).i32Shl().i32Add().f32LoadOffset(0).f64PromoteF32();
    code.f64Sub().localSet(loss);
    code.localGet(lossTerms).f64Const(1).f64Add().localSet(lossTerms);
  };
  /** g = (label - sigmoid)·alpha. */
  const gradientScale = () => {
    code.localGet(label).localGet(sigmoid).f32Sub().localGet(alpha).f32Mul().localSet(g);
  };
  const sigmoidAtIndex = () =>
    code.localGet(cfg.sigmoid).localGet(index).i32Const(2).i32Shl().i32Add().f32LoadOffset(0);

  /** All output-layer updates of one prediction of `center` from the row at `input`. */
  const predict = (input: number) => {
    if (method === "hs") {
      code.localGet(cfg.pathOffsets).localGet(center).i32Const(2).i32Shl().i32Add().localSet(k);
      code.localGet(k).i32LoadOffset(4).localSet(kEnd);
      code.localGet(k).i32LoadOffset(0).localSet(k);
      e.loopWhile(
        "path",
        () => code.localGet(k).localGet(kEnd).i32GeS(),
        () => {
          loadAt(cfg.paths, k).localSet(entry);
          rowAddress(outPtr, cfg.syn1, () => code.localGet(entry).i32Const(1).i32ShrU());
          // bit 0 -> label 1 (log sigmoid), bit 1 -> label 0 (log(1 - sigmoid)).
          code
            .f32Const(0)
            .f32Const(1)
            .localGet(entry)
            .i32Const(1)
            .i32And()
            .localTee(index)
            .select()
            .localSet(label);
          code
            .localGet(cfg.logOneMinusSigmoid)
            .localGet(cfg.logSigmoid)
            .localGet(index)
            .select()
            .localSet(lossTable);
          dot(input, outPtr);
          tableIndexAndLoss();
          code.localGet(f).f32Const(-MAX_EXP).f32Le().localGet(f).f32Const(MAX_EXP).f32Ge().i32Or();
          e.brIf("path.continue");
          sigmoidAtIndex().localSet(sigmoid);
          gradientScale();
          update(input, outPtr);
        },
        () => increment(k),
      );
    } else {
      code.i32Const(0).localSet(d);
      e.loopWhile(
        "negative",
        () => code.localGet(d).localGet(cfg.negative).i32GtS(),
        () => {
          code.localGet(d).i32Eqz();
          e.if("positive");
          code.localGet(center).localSet(target);
          code.f32Const(1).localSet(label);
          code.localGet(cfg.logSigmoid).localSet(lossTable);
          code.else();
          nextRandom();
          code.localGet(rng).localGet(cfg.vocabSize).i32RemU().localSet(column);
          nextRandom();
          code.localGet(column);
          loadAt(cfg.alias, column);
          code.localGet(rng);
          loadAt(cfg.aliasKeep, column);
          code.i32LtU().select().localSet(target);
          code.f32Const(0).localSet(label);
          code.localGet(cfg.logOneMinusSigmoid).localSet(lossTable);
          e.end("positive");
          code.localGet(d).i32Eqz().i32Eqz().localGet(target).localGet(center).i32Eq().i32And();
          e.brIf("negative.continue");
          rowAddress(outPtr, cfg.syn1, () => code.localGet(target));
          dot(input, outPtr);
          tableIndexAndLoss();
          // sigmoid = f > MAX_EXP ? 1 : f < -MAX_EXP ? 0 : table[index] (index is clamped, so the
          // table read is always in bounds even when its value is not used).
          code.f32Const(1);
          code.f32Const(0);
          sigmoidAtIndex();
          code.localGet(f).f32Const(-MAX_EXP).f32Lt().select();
          code.localGet(f).f32Const(MAX_EXP).f32Gt().select().localSet(sigmoid);
          gradientScale();
          update(input, outPtr);
        },
        () => increment(d),
      );
    }
  };

  // Prologue: configuration into locals, thread state from scratch.
  CONFIG_FIELDS.forEach((field, position) => {
    code
      .localGet(configPtr)
      .i32LoadOffset(4 * position)
      .localSet(cfg[field]);
  });
  code.localGet(scratch).i32LoadOffset(0).localSet(rng);
  code.localGet(scratch).f64LoadOffset(8).localSet(loss);
  code.localGet(scratch).f64LoadOffset(16).localSet(lossTerms);
  code.localGet(scratch).i32Const(SCRATCH_HEADER_BYTES).i32Add().localSet(neu1e);
  code.localGet(neu1e).i32Const(rowBytes).i32Add().localSet(neu1);
  code.localGet(neu1).i32Const(rowBytes).i32Add().localSet(buffer);
  code.i32Const(0).localSet(kept);

  code.localGet(firstSentence).localSet(s);
  e.loopWhile(
    "sentence",
    () => code.localGet(s).localGet(endSentence).i32GeS(),
    () => {
      // from = s == 0 ? 0 : ends[s - 1]
      code.i32Const(0).localSet(from);
      code.localGet(s);
      e.if("notFirst");
      code.localGet(cfg.sentenceEnds).localGet(s).i32Const(2).i32Shl().i32Add().i32Const(-4).i32Add();
      code.i32LoadOffset(0).localSet(from);
      e.end("notFirst");
      loadAt(cfg.sentenceEnds, s).localSet(to);

      // Subsample into the sentence buffer.
      code.i32Const(0).localSet(n);
      code.localGet(from).localSet(p);
      e.loopWhile(
        "read",
        () => code.localGet(p).localGet(to).i32GeS(),
        () => {
          loadAt(cfg.corpus, p).localSet(word);
          loadAt(cfg.keep, word).localTee(threshold).i32Const(-1).i32Ne();
          e.if("maybeDrop");
          nextRandom();
          code.localGet(rng).localGet(threshold).i32GtU();
          e.brIf("read.continue");
          e.end("maybeDrop");
          code.localGet(buffer).localGet(n).i32Const(2).i32Shl().i32Add().localGet(word).i32StoreOffset(0);
          increment(n);
        },
        () => increment(p),
      );
      code.localGet(kept).localGet(n).i32Add().localSet(kept);

      code.i32Const(0).localSet(i);
      e.loopWhile(
        "position",
        () => code.localGet(i).localGet(n).i32GeS(),
        () => {
          nextRandom();
          code.localGet(cfg.window).localGet(rng).localGet(cfg.window).i32RemU().i32Sub().localSet(reduced);
          // lo = max(0, i - reduced); hi = min(n - 1, i + reduced)
          code
            .localGet(i)
            .localGet(reduced)
            .i32Sub()
            .localTee(lo)
            .i32Const(0)
            .localGet(lo)
            .i32Const(0)
            .i32GeS();
          code.select().localSet(lo);
          code.localGet(i).localGet(reduced).i32Add().localTee(hi);
          code.localGet(n).i32Const(-1).i32Add().localTee(j);
          code.localGet(hi).localGet(j).i32LeS().select().localSet(hi);
          loadAt(buffer, i).localSet(center);
          if (model === "skipgram") {
            code.localGet(lo).localSet(j);
            e.loopWhile(
              "context",
              () => code.localGet(j).localGet(hi).i32GtS(),
              () => {
                code.localGet(j).localGet(i).i32Eq();
                e.brIf("context.continue");
                rowAddress(inPtr, cfg.syn0, () => loadAt(buffer, j));
                zeroRow(neu1e);
                predict(inPtr);
                addRow(inPtr, neu1e);
              },
              () => increment(j),
            );
          } else {
            code.localGet(hi).localGet(lo).i32Eq();
            e.brIf("position.continue");
            zeroRow(neu1);
            const forContext = (name: string, body: () => void) => {
              code.localGet(lo).localSet(j);
              e.loopWhile(
                name,
                () => code.localGet(j).localGet(hi).i32GtS(),
                () => {
                  code.localGet(j).localGet(i).i32Eq();
                  e.brIf(`${name}.continue`);
                  rowAddress(inPtr, cfg.syn0, () => loadAt(buffer, j));
                  body();
                },
                () => increment(j),
              );
            };
            forContext("sum", () => addRow(neu1, inPtr));
            code.localGet(hi).localGet(lo).i32Sub().f32ConvertI32S().localSet(count);
            code.localGet(count).f32x4Splat().localSet(gv);
            forEachVector([neu1], ([pn], offset) => {
              code.localGet(pn!).localGet(pn!).v128LoadAligned(offset).localGet(gv).f32x4Div();
              code.v128StoreAligned(offset);
            });
            zeroRow(neu1e);
            predict(neu1);
            forContext("spread", () => addRow(inPtr, neu1e));
          }
        },
        () => increment(i),
      );
    },
    () => increment(s),
  );

  code.localGet(scratch).localGet(rng).i32StoreOffset(0);
  code.localGet(scratch).localGet(loss).f64StoreOffset(8);
  code.localGet(scratch).localGet(lossTerms).f64StoreOffset(16);
  code.localGet(kept);
  return code;
}

/** The kernel module's bytes for one shape; the module imports a shared memory. */
export function kernelModuleBytes(shape: KernelShape): Uint8Array {
  return encodeModule(
    [
      {
        name: "train",
        parameters: ["i32", "i32", "i32", "i32", "f32"],
        results: ["i32"],
        body: kernelBody(shape),
      },
    ],
    { sharedMemory: true },
  );
}
