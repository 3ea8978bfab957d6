import { InvalidArgumentError } from "@lab/core";
import type { AttributeValue, DType, TensorData } from "../../ir/ir.js";
import type { SymbolicShape } from "../shape.js";
import { isFloatDType, Tensor, type TensorLike } from "../tensor.js";

/** The type of a value as shape inference sees it. */
export interface TensorType {
  readonly dtype: DType;
  readonly shape: SymbolicShape | null;
}

/** An op input during shape inference; `value` is set when the input is a constant of the graph. */
export interface InferenceInput extends TensorType {
  readonly value?: TensorData;
}

export type Attributes = Readonly<Record<string, AttributeValue>>;

/**
 * Output types of a node from its input types and attributes, throwing InvalidArgumentError for
 * inputs the op rejects. `inputs[i]` is null for an omitted optional input.
 */
export type ShapeInference = (
  inputs: readonly (InferenceInput | null)[],
  attributes: Attributes,
  outputCount: number,
) => TensorType[];

export const attr = {
  int: (value: number): AttributeValue => ({ kind: "int", value }),
  float: (value: number): AttributeValue => ({ kind: "float", value }),
  string: (value: string): AttributeValue => ({ kind: "string", value }),
  ints: (value: readonly number[]): AttributeValue => ({ kind: "ints", value }),
  floats: (value: readonly number[]): AttributeValue => ({ kind: "floats", value }),
  tensor: (value: TensorData): AttributeValue => ({ kind: "tensor", value }),
};

export function readInt(attributes: Attributes, name: string, fallback: number): number {
  const value = attributes[name];
  return value !== undefined && value.kind === "int" ? value.value : fallback;
}

export function readFloat(attributes: Attributes, name: string, fallback: number): number {
  const value = attributes[name];
  return value !== undefined && value.kind === "float" ? value.value : fallback;
}

export function readInts(attributes: Attributes, name: string): readonly number[] | undefined {
  const value = attributes[name];
  return value !== undefined && value.kind === "ints" ? value.value : undefined;
}

export function readString(attributes: Attributes, name: string, fallback: string): string {
  const value = attributes[name];
  return value !== undefined && value.kind === "string" ? value.value : fallback;
}

export function readTensor(attributes: Attributes, name: string): TensorData | undefined {
  const value = attributes[name];
  return value !== undefined && value.kind === "tensor" ? value.value : undefined;
}

/** The integer values of a constant input (int64 or int32), or null when the input is not constant. */
export function constantInts(input: InferenceInput | null | undefined): number[] | null {
  const data = input?.value?.data;
  if (data === undefined) return null;
  return Array.from(data as ArrayLike<number | bigint>, (value) => Number(value));
}

export function requireInput(
  op: string,
  inputs: readonly (InferenceInput | null)[],
  index: number,
  what: string,
): InferenceInput {
  const input = inputs[index];
  if (!input) throw new InvalidArgumentError(`${op} needs its ${what} input`);
  return input;
}

export function requireFloat(op: string, input: TensorType, what = "input"): void {
  if (!isFloatDType(input.dtype)) {
    throw new InvalidArgumentError(`${op} needs a float32 or float64 ${what}, got ${input.dtype}`);
  }
}

export function requireSameDType(op: string, types: readonly TensorType[]): DType {
  const dtype = types[0].dtype;
  for (const type of types) {
    if (type.dtype !== dtype) {
      throw new InvalidArgumentError(
        `${op} needs operands of one dtype, got ${types.map((t) => t.dtype).join(" and ")}`,
      );
    }
  }
  return dtype;
}

/** Turns plain numbers into scalar constants of the tensor operand's dtype. */
export function tensorOperands(op: string, ...operands: TensorLike[]): Tensor[] {
  const reference = operands.find((operand): operand is Tensor => operand instanceof Tensor);
  if (!reference) throw new InvalidArgumentError(`${op} needs at least one tensor operand`);
  return operands.map((operand) =>
    operand instanceof Tensor ? operand : reference.builder.scalar(operand, reference.dtype),
  );
}

/** Checks that every axis is an integer in [-rank, rank) and returns them in [0, rank), sorted. */
export function normalizeAxes(op: string, axes: readonly number[], rank: number): number[] {
  const normalized = axes.map((axis) => {
    if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
      throw new InvalidArgumentError(`${op}: axis ${axis} is out of range for rank ${rank}`);
    }
    return axis < 0 ? axis + rank : axis;
  });
  if (new Set(normalized).size !== normalized.length) {
    throw new InvalidArgumentError(`${op}: axes [${axes.join(", ")}] repeat an axis`);
  }
  return normalized.sort((a, b) => a - b);
}
