import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { DataFormatError } from "../errors.js";
import { readDelimitedFile } from "../tabular/index.js";
import { datasetPath, type LocateOptions } from "./locate.js";

export interface SmsSpamMessage {
  readonly label: "ham" | "spam";
  readonly text: string;
}

export interface SmsSpamOptions extends LocateOptions {
  /** File to read inside the folder. Default: SMSSpamCollection, else SMSSpamCollection.dev. */
  file?: string;
}

const FILES = ["SMSSpamCollection", "SMSSpamCollection.dev"];

/**
 * Reads the SMS Spam Collection (`label\ttext` per line, UTF-8, unquoted). `source` is the dataset
 * folder, or lookup options (default: LAB_DATA_DIR, then the cache). Messages are returned as in the
 * file, duplicates included: de-duplicate before splitting.
 */
export async function loadSmsSpam(source?: string | SmsSpamOptions): Promise<SmsSpamMessage[]> {
  const options = typeof source === "object" ? source : {};
  const dir = typeof source === "string" ? resolve(source) : datasetPath("sms-spam", options);
  const file = options.file ?? FILES.find((name) => existsSync(join(dir, name))) ?? FILES[0];
  return readSmsSpamFile(join(dir, file));
}

/** Reads a file in the SMS Spam Collection format (any name). */
export async function readSmsSpamFile(path: string): Promise<SmsSpamMessage[]> {
  const { rows, lines } = await readDelimitedFile(path, {
    delimiter: "\t",
    quote: false,
    header: false,
    relaxColumnCount: true,
    encoding: "utf8",
  });
  const out: SmsSpamMessage[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const line = lines?.[i] ?? i + 1;
    if (row.length === 1 && row[0] === "") continue;
    const label = row[0];
    if (label !== "ham" && label !== "spam") {
      throw new DataFormatError(`label must be "ham" or "spam", got "${label}"`, path, line);
    }
    if (row.length < 2)
      throw new DataFormatError("expected a tab between the label and the text", path, line);
    // A tab inside the message splits it into more fields: join them back.
    out.push({ label, text: row.length === 2 ? row[1] : row.slice(1).join("\t") });
  }
  return out;
}
