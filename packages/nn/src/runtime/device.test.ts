import { availableParallelism } from "node:os";
import { InvalidArgumentError } from "@lab/core";
import { describe, expect, it } from "vitest";
import { physicalCoreCount, resolveDevice } from "./device.js";

describe("resolveDevice", () => {
  it("defaults to CPU", () => {
    expect(resolveDevice({ env: {} })).toBe("cpu");
    expect(resolveDevice({ env: { LAB_DEVICE: "" } })).toBe("cpu");
  });

  it("reads LAB_DEVICE, ignoring case and surrounding spaces", () => {
    expect(resolveDevice({ env: { LAB_DEVICE: "cuda" } })).toBe("cuda");
    expect(resolveDevice({ env: { LAB_DEVICE: " CUDA\n" } })).toBe("cuda");
    expect(resolveDevice({ env: { LAB_DEVICE: "cpu" } })).toBe("cpu");
  });

  it("lets the option win over the environment", () => {
    expect(resolveDevice({ device: "cpu", env: { LAB_DEVICE: "cuda" } })).toBe("cpu");
    expect(resolveDevice({ device: "cuda", env: {} })).toBe("cuda");
  });

  it("rejects unknown devices, naming the source and the choices", () => {
    expect(() => resolveDevice({ env: { LAB_DEVICE: "gpu" } })).toThrow(InvalidArgumentError);
    expect(() => resolveDevice({ env: { LAB_DEVICE: "gpu" } })).toThrow(
      'LAB_DEVICE is "gpu"; expected one of: cpu, cuda',
    );
    expect(() => resolveDevice({ device: "tpu" as never })).toThrow(/the device option is "tpu"/);
  });
});

describe("physicalCoreCount", () => {
  it("is at least one and never more than the CPUs this process may use", () => {
    const cores = physicalCoreCount();
    expect(Number.isInteger(cores)).toBe(true);
    expect(cores).toBeGreaterThanOrEqual(1);
    expect(cores).toBeLessThanOrEqual(availableParallelism());
  });
});
