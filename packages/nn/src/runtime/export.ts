import { DataFormatError, readFileOrExplain, writeFileAtomic } from "@lab/core";
import type { ModelIR, ValueInfo } from "../ir/ir.js";
import { type ModelInfo, readModelInfo } from "../onnx/parse.js";
import { serializeModel } from "../onnx/serialize.js";
import type { Device } from "./device.js";
import {
  type Feeds,
  feedableInputs,
  type Outputs,
  openGraphSession,
  type SessionOptions,
} from "./session.js";

/** Writes a model as an .onnx file; readers see the old file or the whole new one, never a part. */
export async function exportModel(path: string, model: ModelIR): Promise<void> {
  await writeFileAtomic(path, serializeModel(model));
}

/** An exported model opened for inference. */
export interface Predictor {
  /** Values to feed (graph inputs without an initializer), with their declared shapes. */
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  /** The model's metadata_props (labels, preprocessing config, ...); see metadataJson. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly device: Device;
  run(feeds: Feeds, outputNames?: readonly string[]): Promise<Outputs>;
  release(): Promise<void>;
}

/**
 * Opens an ONNX model file (or its bytes) for inference. A missing, unreadable or corrupt file
 * throws a LabError whose one-line message names the file.
 */
export async function loadPredictor(
  source: string | Uint8Array,
  options: SessionOptions = {},
): Promise<Predictor> {
  const label = typeof source === "string" ? source : undefined;
  const bytes = typeof source === "string" ? await readFileOrExplain(source) : source;
  let info: ModelInfo;
  try {
    info = readModelInfo(bytes);
  } catch (error) {
    if (error instanceof DataFormatError) throw new DataFormatError(error.detail, label ?? "<model bytes>");
    throw error;
  }
  const inputs = feedableInputs(info.inputs, info.initializerNames);
  const session = await openGraphSession(
    bytes,
    inputs,
    info.outputs,
    options,
    label === undefined ? "the model" : `"${label}"`,
  );
  return {
    inputs,
    outputs: info.outputs,
    metadata: info.metadata,
    producerName: info.producerName,
    producerVersion: info.producerVersion,
    device: session.device,
    run: (feeds, outputNames) => session.run(feeds, outputNames),
    release: () => session.release(),
  };
}

/**
 * A JSON-valued metadata entry (labels, preprocessing config), parsed; undefined when the key is
 * absent. The value is not validated against any schema: callers check the shape they expect.
 */
export function metadataJson(
  source: { readonly metadata: Readonly<Record<string, string>> },
  key: string,
): unknown {
  if (!Object.hasOwn(source.metadata, key)) return undefined;
  try {
    return JSON.parse(source.metadata[key]);
  } catch (error) {
    throw new DataFormatError(`"${key}" is not valid JSON (${(error as Error).message})`, "model metadata");
  }
}
