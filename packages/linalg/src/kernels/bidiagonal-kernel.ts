import { FunctionBody, type ValueType } from "@lab/core";

/**
 * One step of the one-pass Golub–Kahan sweep (see dense/bidiagonalize.ts for the algebra) over the
 * rows below the pivot row, in WebAssembly SIMD:
 *
 *   bidiagonalRows(first, rows, width, stride, projection, reflector, tail, leftScale, rightScale,
 *                  columnScale)
 *
 * For each of `rows` row segments of `width` doubles (the first at byte `first`, the next `stride`
 * bytes on), with x₋ the entry just before the segment (the current column, which becomes the
 * left reflector's vector once scaled, x₋ ← columnScale·x₋, done here while the row is loaded):
 *   row ← row − leftScale·x₋·projection;  row ← row − rightScale·(row·reflector)·reflector;
 *   tail[c] += row[0]·row[c] for c < width,
 * so tail[0] gathers the next column's squared norm and tail[1…] its products with the trailing
 * columns. Rows go four at a time (each load of projection, reflector and tail serves four rows) and
 * the segment is processed in pairs, rounded up: the caller keeps projection[width] =
 * reflector[width] = 0 and one readable, writable double after the matrix, so the extra lane
 * rewrites a value unchanged and adds a product to tail[width], which is unused.
 */
export const BIDIAGONAL_ROWS_PARAMETERS: readonly ValueType[] = [
  "i32",
  "i32",
  "i32",
  "i32",
  "i32",
  "i32",
  "i32",
  "f64",
  "f64",
  "f64",
];

export function bidiagonalRowsBody(): FunctionBody {
  const [first, rows, width, stride, projection, reflector, tail, leftScale, rightScale, columnScale] =
    BIDIAGONAL_ROWS_PARAMETERS.map((_, index) => index) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
  const code = new FunctionBody(BIDIAGONAL_ROWS_PARAMETERS.length);
  const widthBytes = code.local("i32");
  const offset = code.local("i32");
  const row = [code.local("i32"), code.local("i32"), code.local("i32"), code.local("i32")];
  const factor = [code.local("v128"), code.local("v128"), code.local("v128"), code.local("v128")];
  const dot = [code.local("v128"), code.local("v128"), code.local("v128"), code.local("v128")];
  const head = [code.local("v128"), code.local("v128"), code.local("v128"), code.local("v128")];
  const pair = code.local("v128");
  const shared = code.local("v128");
  const reflectorPair = code.local("v128");
  const sum = code.local("v128");
  const right = code.local("f64");
  const scaled = code.local("f64");
  const columnEntry = code.local("i32");

  code.localGet(width).i32Const(3).i32Shl().localSet(widthBytes);

  const group = (count: number) => {
    for (let r = 0; r < count; r++) {
      if (r === 0) code.localGet(first).localSet(row[0]!);
      else
        code
          .localGet(row[r - 1]!)
          .localGet(stride)
          .i32Add()
          .localSet(row[r]!);
      code.localGet(row[r]!).i32Const(8).i32Sub().localTee(columnEntry);
      code.localGet(columnEntry).f64Load().localGet(columnScale).f64Mul().localTee(scaled).f64Store();
      code.localGet(leftScale).localGet(scaled).f64Mul().f64x2Splat().localSet(factor[r]!);
      code.v128Zero().localSet(dot[r]!);
    }
    // Left reflector, and each row's product with the right reflector.
    code.i32Const(0).localSet(offset);
    code.block().loop();
    code.localGet(offset).localGet(widthBytes).i32GeU().brIf(1);
    code.localGet(projection).localGet(offset).i32Add().v128Load().localSet(shared);
    code.localGet(reflector).localGet(offset).i32Add().v128Load().localSet(reflectorPair);
    for (let r = 0; r < count; r++) {
      code.localGet(row[r]!).localGet(offset).i32Add();
      code.localGet(row[r]!).localGet(offset).i32Add().v128Load();
      code.localGet(factor[r]!).localGet(shared).f64x2Mul().f64x2Sub().localTee(pair).v128Store();
      code.localGet(dot[r]!).localGet(pair).localGet(reflectorPair).f64x2Mul().f64x2Add().localSet(dot[r]!);
    }
    code.localGet(offset).i32Const(16).i32Add().localSet(offset);
    code.br(0);
    code.end().end();
    // factor ← rightScale·dot; head ← the row's updated first entry (reflector[0] = 1).
    for (let r = 0; r < count; r++) {
      code.localGet(rightScale);
      code.localGet(dot[r]!).f64x2ExtractLane(0).localGet(dot[r]!).f64x2ExtractLane(1).f64Add();
      code.f64Mul().localTee(right).f64x2Splat().localSet(factor[r]!);
      code.localGet(row[r]!).f64Load().localGet(right).f64Sub().f64x2Splat().localSet(head[r]!);
    }
    // Right reflector, and the next column's products, gathered while the rows are in L1.
    code.i32Const(0).localSet(offset);
    code.block().loop();
    code.localGet(offset).localGet(widthBytes).i32GeU().brIf(1);
    code.localGet(reflector).localGet(offset).i32Add().v128Load().localSet(reflectorPair);
    code.localGet(tail).localGet(offset).i32Add().v128Load().localSet(sum);
    for (let r = 0; r < count; r++) {
      code.localGet(row[r]!).localGet(offset).i32Add();
      code.localGet(row[r]!).localGet(offset).i32Add().v128Load();
      code.localGet(factor[r]!).localGet(reflectorPair).f64x2Mul().f64x2Sub().localTee(pair).v128Store();
      code.localGet(sum).localGet(head[r]!).localGet(pair).f64x2Mul().f64x2Add().localSet(sum);
    }
    code.localGet(tail).localGet(offset).i32Add().localGet(sum).v128Store();
    code.localGet(offset).i32Const(16).i32Add().localSet(offset);
    code.br(0);
    code.end().end();
    code
      .localGet(row[count - 1]!)
      .localGet(stride)
      .i32Add()
      .localSet(first);
    code.localGet(rows).i32Const(count).i32Sub().localSet(rows);
  };

  code.block().loop();
  code.localGet(rows).i32Const(4).i32LtS().brIf(1);
  group(4);
  code.br(0);
  code.end().end();
  code.block().loop();
  code.localGet(rows).i32Const(1).i32LtS().brIf(1);
  group(1);
  code.br(0);
  code.end().end();
  return code;
}
