import { InvalidArgumentError } from "@lab/core";
import type { TensorArray } from "../ir/ir.js";
import type { SparseOptimizer, SparseTableUpdate } from "../optim/sparse.js";
import type { TensorInput } from "../runtime/tensors.js";
import type { SparseTableGraph } from "./compile.js";

type FloatArray = Float32Array | Float64Array;

/**
 * One sparse embedding table in JS memory and the per-step work around the training graph: before
 * the step, find the distinct ids of the batch, copy their rows into the rows input and write each
 * id's index among them into the local-ids input; after it, apply the sparse optimizer to those
 * rows with the fetched gradients. Buffers are sized for a full batch once.
 */
export class SparseTable {
  /** The table, [vocabSize, dim] row-major; the eval graph reads it as a parameter. */
  readonly values: FloatArray;
  /** Row of the current step holding each id, or −1: makes finding distinct ids O(batch). */
  private readonly slotOfId: Int32Array;
  private readonly distinctIds: Int32Array;
  private distinctCount = 0;
  private readonly localIds: BigInt64Array;
  private readonly rows: FloatArray;
  private readonly gradients: FloatArray;
  private readonly update: SparseTableUpdate;

  constructor(
    readonly spec: SparseTableGraph,
    idsPerBatch: number,
    optimizer: SparseOptimizer,
  ) {
    const { vocabSize, dim } = spec;
    const capacity = Math.min(vocabSize, idsPerBatch);
    const FloatArrayType = spec.dtype === "float64" ? Float64Array : Float32Array;
    this.values = FloatArrayType.from(spec.initial);
    this.slotOfId = new Int32Array(vocabSize).fill(-1);
    this.distinctIds = new Int32Array(capacity);
    this.localIds = new BigInt64Array(idsPerBatch);
    this.rows = new FloatArrayType(capacity * dim);
    this.gradients = new FloatArrayType(capacity * dim);
    this.update = optimizer.forTable(vocabSize, dim);
  }

  /** Reads the batch's ids and points the rows, local-ids and gradient entries at this step's data. */
  prepare(ids: TensorArray, feeds: Record<string, TensorArray>, targets: Record<string, TensorInput>): void {
    const { vocabSize, dim } = this.spec;
    const slotOfId = this.slotOfId;
    let count = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = Number(ids[i]);
      if (!(id >= 0 && id < vocabSize && Number.isInteger(id))) {
        this.release(count);
        throw new InvalidArgumentError(
          `"${this.spec.ids}" holds id ${id}, outside the table's [0, ${vocabSize})`,
        );
      }
      let slot = slotOfId[id];
      if (slot < 0) {
        slot = count++;
        slotOfId[id] = slot;
        this.distinctIds[slot] = id;
        this.rows.set(this.values.subarray(id * dim, (id + 1) * dim), slot * dim);
      }
      this.localIds[i] = BigInt(slot);
    }
    this.distinctCount = count;
    feeds[this.spec.localIds] =
      ids.length === this.localIds.length ? this.localIds : this.localIds.subarray(0, ids.length);
    feeds[this.spec.rows] = this.rows.subarray(0, count * dim);
    // The gradient's shape is computed at run time (Shape of the rows), so the target carries dims.
    targets[this.spec.gradient] = { data: this.gradients.subarray(0, count * dim), dims: [count, dim] };
  }

  /** Updates the rows of the step just run from their gradients, then forgets the step's ids. */
  apply(learningRate: number, step: number): void {
    this.update.apply(this.values, this.distinctIds, this.distinctCount, this.gradients, learningRate, step);
    this.release(this.distinctCount);
  }

  private release(count: number): void {
    for (let slot = 0; slot < count; slot++) this.slotOfId[this.distinctIds[slot]] = -1;
    this.distinctCount = 0;
  }
}
