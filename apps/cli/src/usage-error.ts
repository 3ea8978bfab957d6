import { LabError } from "@lab/core";

/** The command line itself is wrong (unknown command, bad option value). Exit code 2. */
export class UsageError extends LabError {
  override readonly name = "UsageError";
}
