import { InvalidArgumentError } from "@lab/core";
import type { DType, TensorArray, ValueInfo } from "../ir/ir.js";
import { allocateArray, isArrayOfDType } from "../onnx/dtypes.js";

/**
 * Training or evaluation data: one typed array per graph input (features, targets), named as the
 * input and holding its rows one after another (row-major). Row i of input "x" of shape
 * [batch, 512] is x[512 i .. 512 i + 511]; every column must hold the same number of rows.
 */
export type Dataset = Readonly<Record<string, TensorArray>>;

/**
 * The size of one row of a batched input: inputs are [batch, ...fixed], with exactly one symbolic
 * dimension (the batch) first, so a row has a fixed size and a batch's dims follow from its length.
 */
export function rowShape(info: ValueInfo, what: string): { batchDim: string; rowSize: number } {
  const shape = info.shape;
  if (shape === null || shape.length === 0 || typeof shape[0] !== "string") {
    throw new InvalidArgumentError(
      `${what} "${info.name}" must be declared [batch, ...] with a named batch dimension first; got ${describeShape(shape)}`,
    );
  }
  let rowSize = 1;
  for (let axis = 1; axis < shape.length; axis++) {
    const dim = shape[axis];
    if (typeof dim !== "number") {
      throw new InvalidArgumentError(
        `${what} "${info.name}" must have fixed sizes after the batch dimension; got ${describeShape(shape)}`,
      );
    }
    rowSize *= dim;
  }
  return { batchDim: shape[0], rowSize };
}

function describeShape(shape: ValueInfo["shape"]): string {
  return shape === null ? "an unknown rank" : `[${shape.join(", ")}]`;
}

/**
 * Rows at least this long are copied with one native set() of a subarray view (a small object per
 * row); shorter ones element by element, where the view would cost more than the copy.
 */
const WIDE_ROW = 16;

/**
 * A column and its batch buffer viewed as one typed-array type: they always share one (checked in
 * rowCount), and set/subarray/indexing work the same for every type.
 */
type SameTypeArray = Float32Array & { [index: number]: number };

/** One batched input: its preallocated batch buffer and cached views of it. */
interface Column {
  readonly name: string;
  readonly dtype: DType;
  readonly rowSize: number;
  readonly buffer: TensorArray;
  /** The view of the first `partialRows` rows, kept so that the short last batch allocates once. */
  partial: TensorArray;
  partialRows: number;
}

/**
 * Assembles batches of a dataset's rows into buffers allocated once, for the inputs of one session.
 * `feeds` maps each input to the current batch (the whole buffer, or a cached view of its first rows
 * for a short batch), so a caller passes the same object to every run.
 */
export class BatchAssembler {
  readonly feeds: Record<string, TensorArray> = {};
  private readonly columns: Column[];

  constructor(
    inputs: readonly ValueInfo[],
    readonly batchSize: number,
  ) {
    this.columns = inputs.map((info) => {
      const { rowSize } = rowShape(info, "data input");
      const buffer = allocateArray(info.dtype, batchSize * rowSize);
      return { name: info.name, dtype: info.dtype, rowSize, buffer, partial: buffer, partialRows: batchSize };
    });
  }

  get inputNames(): string[] {
    return this.columns.map((column) => column.name);
  }

  /** The number of rows of `data`, after checking it has a well-formed column for every input. */
  rowCount(data: Dataset, what = "the data"): number {
    let rows = -1;
    let first = "";
    for (const column of this.columns) {
      const values = data[column.name];
      if (values === undefined) {
        throw new InvalidArgumentError(
          `${what} lacks the column "${column.name}" (needed: ${this.inputNames.join(", ")}; given: ${Object.keys(data).join(", ") || "none"})`,
        );
      }
      if (!ArrayBuffer.isView(values) || !isArrayOfDType(values, column.dtype)) {
        throw new InvalidArgumentError(
          `${what}: column "${column.name}" must be a typed array of ${column.dtype}`,
        );
      }
      if (values.length % column.rowSize !== 0) {
        throw new InvalidArgumentError(
          `${what}: column "${column.name}" has ${values.length} values, not a whole number of rows of ${column.rowSize}`,
        );
      }
      const count = values.length / column.rowSize;
      if (rows === -1) {
        rows = count;
        first = column.name;
      } else if (count !== rows) {
        throw new InvalidArgumentError(
          `${what}: column "${column.name}" has ${count} rows but "${first}" has ${rows}`,
        );
      }
    }
    if (rows <= 0) throw new InvalidArgumentError(`${what} has no rows`);
    return rows;
  }

  /** Copies rows order[start .. start + count) of `data` into the batch buffers and points `feeds` at them. */
  gather(data: Dataset, order: Uint32Array | null, start: number, count: number): void {
    for (const column of this.columns) {
      const source = data[column.name] as SameTypeArray;
      const target = column.buffer as SameTypeArray;
      const rowSize = column.rowSize;
      if (order === null) {
        target.set(source.subarray(start * rowSize, (start + count) * rowSize), 0);
      } else if (rowSize >= WIDE_ROW) {
        for (let i = 0; i < count; i++) {
          const from = order[start + i] * rowSize;
          target.set(source.subarray(from, from + rowSize), i * rowSize);
        }
      } else {
        for (let i = 0; i < count; i++) {
          const from = order[start + i] * rowSize;
          const to = i * rowSize;
          for (let k = 0; k < rowSize; k++) target[to + k] = source[from + k];
        }
      }
      this.feeds[column.name] = viewOfRows(column, count);
    }
  }
}

/** The first `rows` rows of a column's buffer: the buffer itself when full, else a cached view. */
export function viewOfRows(column: Column, rows: number): TensorArray {
  if (rows === column.buffer.length / column.rowSize) return column.buffer;
  if (column.partialRows !== rows) {
    column.partial = column.buffer.subarray(0, rows * column.rowSize) as TensorArray;
    column.partialRows = rows;
  }
  return column.partial;
}
