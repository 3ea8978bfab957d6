import { FunctionBody, type ValueType } from "@lab/core";

/**
 * gemm(m, n, k, a, aRowStride, aDepthStride, b, bRowStride, c, cRowStride): C (m×n) += op(A)·B (k×n)
 * in WebAssembly SIMD, where op(A)(i, p) sits at byte a + i·aRowStride + p·aDepthStride, so one
 * kernel serves A·B and Aᵀ·B; B and C rows are contiguous. Pointers and strides are in bytes.
 *
 * The register tile is 4 rows × 4 columns: eight f64x2 accumulators live in registers for the whole
 * depth loop, and each step loads two B pairs and four A values (each splatted to both lanes) for
 * sixteen multiply-adds; C is read and written once per tile. Edge tiles (fewer than 4 rows or
 * columns) are the same code with fewer accumulators. The depth is taken `DEPTH_BLOCK` at a time
 * (C is read and written once per block): a 4-row slice of A (8 KiB) and the 4-column strip of B it
 * meets then stay in L1 through the depth loop, and the B panel stays in L2 across row tiles.
 */
export const DEPTH_BLOCK = 256;

export const GEMM_PARAMETERS: readonly ValueType[] = [
  "i32",
  "i32",
  "i32",
  "i32",
  "i32",
  "i32",
  "i32",
  "i32",
  "i32",
  "i32",
];

export function gemmBody(): FunctionBody {
  const [m, n, k, a, aRow, aDepth, b, bRow, c, cRow] = GEMM_PARAMETERS.map((_, index) => index) as [
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
  const code = new FunctionBody(GEMM_PARAMETERS.length);
  const nBytes = code.local("i32");
  const j = code.local("i32");
  const i = code.local("i32");
  const p = code.local("i32");
  const pa = code.local("i32");
  const pb = code.local("i32");
  const pc = code.local("i32");
  const aRow2 = code.local("i32");
  const aRow3 = code.local("i32");
  const slice = code.local("i32");
  const remaining = code.local("i32");
  const av = code.local("v128");
  const bv = [code.local("v128"), code.local("v128")];
  const acc = Array.from({ length: 4 }, () => [code.local("v128"), code.local("v128")]);

  code.localGet(n).i32Const(3).i32Shl().localSet(nBytes);
  code.localGet(aRow).i32Const(1).i32Shl().localSet(aRow2);
  code.localGet(aRow2).localGet(aRow).i32Add().localSet(aRow3);

  /** C[i…i+rows, j…j+width] += A[i…i+rows, :]·B[:, j…j+width]. */
  const tile = (rows: number, width: 1 | 2 | 4) => {
    const vectors = width === 4 ? 2 : 1;
    for (let r = 0; r < rows; r++) for (let v = 0; v < vectors; v++) code.v128Zero().localSet(acc[r]![v]!);
    code.localGet(a).localGet(i).localGet(aRow).i32Mul().i32Add().localSet(pa);
    code.localGet(b).localGet(j).i32Add().localSet(pb);
    code.localGet(slice).localSet(p);
    code.block().loop();
    code.localGet(p).i32Const(1).i32LtS().brIf(1);
    if (width === 1) {
      code.localGet(pb).v128Load64Splat().localSet(bv[0]!);
    } else {
      code.localGet(pb).v128Load().localSet(bv[0]!);
      if (width === 4) code.localGet(pb).v128LoadOffset(16).localSet(bv[1]!);
    }
    for (let r = 0; r < rows; r++) {
      code.localGet(pa);
      if (r === 1) code.localGet(aRow).i32Add();
      if (r === 2) code.localGet(aRow2).i32Add();
      if (r === 3) code.localGet(aRow3).i32Add();
      code.v128Load64Splat().localSet(av);
      for (let v = 0; v < vectors; v++) {
        code.localGet(acc[r]![v]!).localGet(av).localGet(bv[v]!).f64x2Mul().f64x2Add().localSet(acc[r]![v]!);
      }
    }
    code.localGet(pa).localGet(aDepth).i32Add().localSet(pa);
    code.localGet(pb).localGet(bRow).i32Add().localSet(pb);
    code.localGet(p).i32Const(1).i32Sub().localSet(p);
    code.br(0);
    code.end().end();
    code.localGet(c).localGet(i).localGet(cRow).i32Mul().i32Add().localGet(j).i32Add().localSet(pc);
    for (let r = 0; r < rows; r++) {
      for (let v = 0; v < vectors; v++) {
        if (width === 1) {
          code
            .localGet(pc)
            .localGet(pc)
            .f64Load()
            .localGet(acc[r]![0]!)
            .f64x2ExtractLane(0)
            .f64Add()
            .f64Store();
        } else {
          code
            .localGet(pc)
            .localGet(pc)
            .v128LoadOffset(16 * v)
            .localGet(acc[r]![v]!)
            .f64x2Add();
          code.v128StoreOffset(16 * v);
        }
      }
      if (r + 1 < rows) code.localGet(pc).localGet(cRow).i32Add().localSet(pc);
    }
  };

  /** All rows for the current column block: groups of four, then one at a time. */
  const panel = (width: 1 | 2 | 4) => {
    code.i32Const(0).localSet(i);
    code.block().loop();
    code.localGet(i).i32Const(4).i32Add().localGet(m).i32GtU().brIf(1);
    tile(4, width);
    code.localGet(i).i32Const(4).i32Add().localSet(i);
    code.br(0);
    code.end().end();
    code.block().loop();
    code.localGet(i).localGet(m).i32GeU().brIf(1);
    tile(1, width);
    code.localGet(i).i32Const(1).i32Add().localSet(i);
    code.br(0);
    code.end().end();
  };

  // Depth blocks: slice = min(DEPTH_BLOCK, remaining); A and B advance by a block after each.
  code.localGet(k).localSet(remaining);
  code.block().loop();
  code.localGet(remaining).i32Const(1).i32LtS().brIf(1);
  code.localGet(remaining).i32Const(DEPTH_BLOCK).localGet(remaining).i32Const(DEPTH_BLOCK).i32LtS().select();
  code.localSet(slice);
  code.i32Const(0).localSet(j);
  code.block().loop();
  code.localGet(j).i32Const(32).i32Add().localGet(nBytes).i32GtU().brIf(1);
  panel(4);
  code.localGet(j).i32Const(32).i32Add().localSet(j);
  code.br(0);
  code.end().end();
  code.block();
  code.localGet(j).i32Const(16).i32Add().localGet(nBytes).i32GtU().brIf(0);
  panel(2);
  code.localGet(j).i32Const(16).i32Add().localSet(j);
  code.end();
  code.block();
  code.localGet(j).localGet(nBytes).i32GeU().brIf(0);
  panel(1);
  code.end();
  code.localGet(a).localGet(aDepth).i32Const(DEPTH_BLOCK).i32Mul().i32Add().localSet(a);
  code.localGet(b).localGet(bRow).i32Const(DEPTH_BLOCK).i32Mul().i32Add().localSet(b);
  code.localGet(remaining).i32Const(DEPTH_BLOCK).i32Sub().localSet(remaining);
  code.br(0);
  code.end().end();
  return code;
}
