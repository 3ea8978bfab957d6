/*
 * Plane rotations applied to adjacent column pairs of a row-major matrix. Convention used throughout
 * the dense code: rotation (c, s) on columns (p, q) maps them to (c·x_p + s·x_q, −s·x_p + c·x_q),
 * i.e. M ← M·G with G = [[c, −s], [s, c]].
 *
 * A sequence of rotations on pairs (f, f+1), (f+1, f+2), … is applied row by row: each row carries
 * one running value through the whole sequence, so every element is loaded and stored once per
 * sequence (the row-major counterpart of LAPACK's dlasr). Four rows are interleaved to give the CPU
 * four independent dependency chains; measured ~3-4 GFLOP/s here against ~2.4 GFLOP/s for
 * rotating one column pair at a time.
 */

/**
 * Applies rotation j = 0, 1, …, count−1 on columns (first + j, first + j + 1), in that order, to
 * `rowCount` rows of `data` (row-major, `rowStride` values per row).
 */
export function applyRotationsForward(
  data: Float64Array,
  rowCount: number,
  rowStride: number,
  first: number,
  count: number,
  cosines: Float64Array,
  sines: Float64Array,
): void {
  if (count <= 0) return;
  const last = first + count;
  let i = 0;
  for (; i + 3 < rowCount; i += 4) {
    const r0 = i * rowStride;
    const r1 = r0 + rowStride;
    const r2 = r1 + rowStride;
    const r3 = r2 + rowStride;
    let x0 = data[r0 + first];
    let x1 = data[r1 + first];
    let x2 = data[r2 + first];
    let x3 = data[r3 + first];
    for (let j = 0, column = first; j < count; j++, column++) {
      const c = cosines[j];
      const s = sines[j];
      const next = column + 1;
      const y0 = data[r0 + next];
      const y1 = data[r1 + next];
      const y2 = data[r2 + next];
      const y3 = data[r3 + next];
      data[r0 + column] = c * x0 + s * y0;
      data[r1 + column] = c * x1 + s * y1;
      data[r2 + column] = c * x2 + s * y2;
      data[r3 + column] = c * x3 + s * y3;
      x0 = c * y0 - s * x0;
      x1 = c * y1 - s * x1;
      x2 = c * y2 - s * x2;
      x3 = c * y3 - s * x3;
    }
    data[r0 + last] = x0;
    data[r1 + last] = x1;
    data[r2 + last] = x2;
    data[r3 + last] = x3;
  }
  for (; i < rowCount; i++) {
    const row = i * rowStride;
    let carried = data[row + first];
    for (let j = 0, column = first; j < count; j++, column++) {
      const c = cosines[j];
      const s = sines[j];
      const next = data[row + column + 1];
      data[row + column] = c * carried + s * next;
      carried = c * next - s * carried;
    }
    data[row + last] = carried;
  }
}

/**
 * Applies rotation j = count−1, …, 1, 0 on columns (first + j, first + j + 1), in that order (the
 * chain runs right to left).
 */
export function applyRotationsBackward(
  data: Float64Array,
  rowCount: number,
  rowStride: number,
  first: number,
  count: number,
  cosines: Float64Array,
  sines: Float64Array,
): void {
  if (count <= 0) return;
  const last = first + count;
  let i = 0;
  for (; i + 3 < rowCount; i += 4) {
    const r0 = i * rowStride;
    const r1 = r0 + rowStride;
    const r2 = r1 + rowStride;
    const r3 = r2 + rowStride;
    let y0 = data[r0 + last];
    let y1 = data[r1 + last];
    let y2 = data[r2 + last];
    let y3 = data[r3 + last];
    for (let j = count - 1, column = last - 1; j >= 0; j--, column--) {
      const c = cosines[j];
      const s = sines[j];
      const x0 = data[r0 + column];
      const x1 = data[r1 + column];
      const x2 = data[r2 + column];
      const x3 = data[r3 + column];
      data[r0 + column + 1] = c * y0 - s * x0;
      data[r1 + column + 1] = c * y1 - s * x1;
      data[r2 + column + 1] = c * y2 - s * x2;
      data[r3 + column + 1] = c * y3 - s * x3;
      y0 = c * x0 + s * y0;
      y1 = c * x1 + s * y1;
      y2 = c * x2 + s * y2;
      y3 = c * x3 + s * y3;
    }
    data[r0 + first] = y0;
    data[r1 + first] = y1;
    data[r2 + first] = y2;
    data[r3 + first] = y3;
  }
  for (; i < rowCount; i++) {
    const row = i * rowStride;
    let carried = data[row + last];
    for (let j = count - 1, column = last - 1; j >= 0; j--, column--) {
      const c = cosines[j];
      const s = sines[j];
      const previous = data[row + column];
      data[row + column + 1] = c * carried - s * previous;
      carried = c * previous + s * carried;
    }
    data[row + first] = carried;
  }
}

/** One rotation (c, s) on two arbitrary columns p and q of `rowCount` rows. */
export function rotateColumns(
  data: Float64Array,
  rowCount: number,
  rowStride: number,
  p: number,
  q: number,
  c: number,
  s: number,
): void {
  for (let i = 0, row = 0; i < rowCount; i++, row += rowStride) {
    const x = data[row + p];
    const y = data[row + q];
    data[row + p] = c * x + s * y;
    data[row + q] = c * y - s * x;
  }
}
