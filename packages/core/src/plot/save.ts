import { InvalidArgumentError } from "../errors.js";
import { writeFileAtomic } from "../fs.js";

/**
 * Writes an SVG string from this module to `path` atomically (temporary sibling, then rename),
 * creating the parent folders. Readers never see a half-written file.
 *
 * @throws InvalidArgumentError when `svg` is not an SVG document.
 */
export async function savePlot(path: string, svg: string): Promise<void> {
  if (typeof svg !== "string" || !svg.trimStart().startsWith("<svg")) {
    throw new InvalidArgumentError(
      `savePlot: expected an SVG document (a string starting with "<svg") for ${path}`,
    );
  }
  await writeFileAtomic(path, svg.endsWith("\n") ? svg : `${svg}\n`);
}
