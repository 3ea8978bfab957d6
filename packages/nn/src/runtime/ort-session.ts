/**
 * Opening onnxruntime sessions: quiet native logging, CUDA availability found out once per process,
 * and the fallback to CPU with a single warning line.
 */
import * as ort from "onnxruntime-node";
import { DEFAULT_OPSET } from "../ir/ir.js";
import { serializeModel } from "../onnx/serialize.js";
import type { Device, WarningHandler } from "./device.js";

/** onnxruntime's native log severities, mildest first (sessionOptions.logSeverityLevel 0-4). */
export type NativeLogLevel = "verbose" | "info" | "warning" | "error" | "fatal";
const SEVERITY: Readonly<Record<NativeLogLevel, 0 | 1 | 2 | 3 | 4>> = {
  verbose: 0,
  info: 1,
  warning: 2,
  error: 3,
  fatal: 4,
};

export function nativeLogSeverity(level: NativeLogLevel): 0 | 1 | 2 | 3 | 4 {
  return SEVERITY[level];
}

/**
 * onnxruntime's native logger writes multi-line, coloured records straight to stderr, past any JS
 * logger, for conditions that also reach JS as exceptions (a missing CUDA library, a shape error in
 * a run). Its process-wide level is read once, when the first session of the process is created,
 * so it is lowered before our first session. A level the application chose itself (anything but
 * ORT's default "warning") is left alone.
 */
function quietNativeLoggingOnce(): void {
  if (ort.env.logLevel === "warning") ort.env.logLevel = "fatal";
}

export interface OrtSessionRequest {
  readonly device: Device;
  readonly threads: number;
  readonly graphOptimizationLevel: "disabled" | "basic" | "extended" | "all";
  readonly nativeLogLevel: NativeLogLevel;
  readonly onWarning: WarningHandler;
}

export interface OpenedSession {
  readonly session: ort.InferenceSession;
  /** The device the session really uses (CPU after a CUDA fallback). */
  readonly device: Device;
}

type CudaStatus = { readonly available: true } | { readonly available: false; readonly reason: string };
let cudaStatus: Promise<CudaStatus> | undefined;

/**
 * Finds out once per process whether the CUDA provider can be used, by opening a one-node session on
 * it: a failure there can only come from the provider (missing library, no GPU), never from the
 * caller's model, so it is safe to remember. The caller that triggers the probe gets the warning;
 * later callers see `device: "cpu"` on their session without a repeated warning.
 */
async function cudaAvailability(onWarning: WarningHandler): Promise<CudaStatus> {
  if (cudaStatus !== undefined) return cudaStatus;
  cudaStatus = probeCuda();
  const status = await cudaStatus;
  if (!status.available) {
    onWarning(
      `CUDA was requested but onnxruntime-node cannot use it (${status.reason}); running on CPU. ` +
        "Install the CUDA provider with ONNXRUNTIME_NODE_INSTALL=cuda12 to use the GPU.",
    );
  }
  return status;
}

async function probeCuda(): Promise<CudaStatus> {
  const probe = serializeModel({
    graph: {
      name: "cuda_probe",
      nodes: [{ op: "Identity", name: "identity", inputs: ["x"], outputs: ["y"], attributes: {} }],
      inputs: [{ name: "x", dtype: "float32", shape: [1] }],
      outputs: [{ name: "y", dtype: "float32", shape: [1] }],
      initializers: [],
    },
    opsetVersion: DEFAULT_OPSET,
    producerName: "@lab/nn",
    producerVersion: "",
    metadata: {},
  });
  try {
    const session = await ort.InferenceSession.create(probe, {
      executionProviders: ["cuda"],
      logSeverityLevel: 4,
    });
    await session.release();
    return { available: true };
  } catch (error) {
    return { available: false, reason: firstLine(error) };
  }
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n", 1)[0].trim();
}

export async function openOrtSession(bytes: Uint8Array, request: OrtSessionRequest): Promise<OpenedSession> {
  quietNativeLoggingOnce();
  let device: Device = "cpu";
  if (request.device === "cuda" && (await cudaAvailability(request.onWarning)).available) device = "cuda";
  const session = await ort.InferenceSession.create(bytes, {
    // CPU stays listed after CUDA so that ops without a CUDA kernel still run.
    executionProviders: device === "cuda" ? ["cuda", "cpu"] : ["cpu"],
    intraOpNumThreads: request.threads,
    graphOptimizationLevel: request.graphOptimizationLevel,
    logSeverityLevel: nativeLogSeverity(request.nativeLogLevel),
  });
  return { session, device };
}
