export {
  DEVICES,
  type Device,
  type DeviceOptions,
  emitProcessWarning,
  physicalCoreCount,
  resolveDevice,
  type WarningHandler,
} from "./device.js";
export { exportModel, loadPredictor, metadataJson, type Predictor } from "./export.js";
export type { NativeLogLevel } from "./ort-session.js";
export {
  createSession,
  type Feeds,
  type GraphSession,
  type Outputs,
  type SessionOptions,
} from "./session.js";
export type { TensorInput, TensorOutput } from "./tensors.js";
