import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { take } from "./take.js";

describe("take", () => {
  it("gathers plain arrays in index order, repeats allowed", () => {
    expect(take(["a", "b", "c"], [2, 0, 2])).toEqual(["c", "a", "c"]);
  });

  it("returns the same typed array type", () => {
    const values = Float32Array.of(0.5, 1.5, 2.5);
    const picked = take(values, Uint32Array.of(1, 2));
    expect(picked).toBeInstanceOf(Float32Array);
    expect(Array.from(picked)).toEqual([1.5, 2.5]);
    const big = take(BigInt64Array.of(1n, 2n), [1]);
    expect(big).toBeInstanceOf(BigInt64Array);
    expect(big[0]).toBe(2n);
  });

  it("rejects indices outside the array", () => {
    expect(() => take([1, 2], [2])).toThrow(InvalidArgumentError);
    expect(() => take(new Float64Array(2), [-1])).toThrow(InvalidArgumentError);
    expect(() => take([1, 2], [0.5])).toThrow(InvalidArgumentError);
  });
});
