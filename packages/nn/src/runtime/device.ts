import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { InvalidArgumentError } from "@lab/core";

/** Where a graph runs: onnxruntime's CPU execution provider, or its CUDA one when installed. */
export type Device = "cpu" | "cuda";

export const DEVICES: readonly Device[] = ["cpu", "cuda"];

export interface DeviceOptions {
  /** Explicit choice; wins over the environment. */
  readonly device?: Device;
  /** Where LAB_DEVICE is read from (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The device a caller asked for: the `device` option, else LAB_DEVICE, else CPU. This is a request;
 * whether CUDA is actually usable is found out when a session is created (see createSession).
 */
export function resolveDevice(options: DeviceOptions = {}): Device {
  const { device, env = process.env } = options;
  if (device !== undefined) return checkDevice(device, "the device option");
  const fromEnv = env.LAB_DEVICE?.trim().toLowerCase();
  if (fromEnv === undefined || fromEnv === "") return "cpu";
  return checkDevice(fromEnv, "LAB_DEVICE");
}

function checkDevice(value: string, source: string): Device {
  if ((DEVICES as readonly string[]).includes(value)) return value as Device;
  throw new InvalidArgumentError(`${source} is "${value}"; expected one of: ${DEVICES.join(", ")}`);
}

let cachedCoreCount: number | undefined;

/**
 * Physical cores available to this process: ORT's intra-op threads each keep one core busy, so
 * hyper-threads add little and oversubscription slows every step. Linux reports cores in
 * /proc/cpuinfo; elsewhere (or if it cannot be read) the logical CPU count is the best estimate.
 */
export function physicalCoreCount(): number {
  if (cachedCoreCount === undefined) {
    const logical = availableParallelism();
    const physical = linuxPhysicalCores();
    // availableParallelism honours CPU affinity (taskset, container cpusets); never exceed it.
    cachedCoreCount = Math.max(1, Math.min(physical ?? logical, logical));
  }
  return cachedCoreCount;
}

function linuxPhysicalCores(): number | undefined {
  if (process.platform !== "linux") return undefined;
  let text: string;
  try {
    text = readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return undefined;
  }
  const cores = new Set<string>();
  for (const block of text.split(/\n\s*\n/)) {
    const physicalId = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
    const coreId = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
    if (physicalId !== undefined && coreId !== undefined) cores.add(`${physicalId}:${coreId}`);
  }
  return cores.size > 0 ? cores.size : undefined;
}

/** Receives one-line, human-readable warnings (libraries report, applications decide where they go). */
export type WarningHandler = (message: string) => void;

/**
 * The handler used when the caller passes none: Node's process.emitWarning, which prints one line
 * to stderr by default and can be silenced (--no-warnings) or routed (process.on("warning")).
 */
export function emitProcessWarning(message: string): void {
  process.emitWarning(message, { type: "LabWarning" });
}
