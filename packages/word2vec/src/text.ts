import { InvalidArgumentError } from "@lab/core";

/**
 * How text becomes words.
 *
 * The default is set 5's `load_word_list`: split on whitespace, delete every character that is not
 * a letter or a digit (Python's `str.isalnum`, so apostrophes, hyphens and underscores go too:
 * "don't" -> "dont", "sub-sub" -> "subsub"), drop what became empty, lowercase.
 */
export interface TokenizeOptions {
  /** Lowercase every word (default true). */
  readonly lowercase?: boolean;
  /**
   * "strip" (default, the set's rule): whitespace-separated chunks with their non-alphanumeric
   * characters deleted, so "ago—never" is one word "agonever". "split": every maximal run of
   * letters and digits is a word, so punctuation separates words ("ago", "never").
   */
  readonly mode?: "strip" | "split";
  /**
   * Keep an apostrophe (' or ’, written as ') that sits between two letters or digits: "don't",
   * "whale's". Apostrophes at a word's edge are still removed.
   */
  readonly keepApostrophes?: boolean;
  /**
   * Words are the matches of this regular expression (the `g` flag is added when missing); overrides
   * `mode` and `keepApostrophes`. Example: /[a-z]+/gi keeps ASCII letters only.
   */
  readonly pattern?: RegExp;
}

export interface SentenceOptions extends TokenizeOptions {
  /**
   * Where sentences end: at every line break ("line", default, as gensim's LineSentence and the C
   * tool's newline handling), at blank lines ("paragraph"), or after ., ! or ? followed by
   * whitespace or a line break ("sentence").
   */
  readonly by?: "line" | "paragraph" | "sentence";
}

const ALNUM = /[^\p{L}\p{N}]+/gu;
const ALNUM_KEEP_APOSTROPHE = /[^\p{L}\p{N}'’]+/gu;
const RUNS = /[\p{L}\p{N}]+/gu;
const RUNS_WITH_APOSTROPHES = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
const WHITESPACE = /\s+/u;

function globalPattern(pattern: RegExp): RegExp {
  if (!(pattern instanceof RegExp)) {
    throw new InvalidArgumentError(`tokenize: pattern must be a RegExp, got ${String(pattern)}`);
  }
  return pattern.flags.includes("g") ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
}

/** Removes apostrophes that are not between two letters/digits, and writes ’ as '. */
function trimApostrophes(chunk: string): string {
  const chars = chunk.replace(/’/g, "'");
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c !== "'") {
      out += c;
      continue;
    }
    if (out.length > 0 && out[out.length - 1] !== "'" && i + 1 < chars.length && chars[i + 1] !== "'") {
      out += c;
    }
  }
  return out;
}

/** A compiled tokenizer: text -> words. */
export function createTokenizer(options: TokenizeOptions = {}): (text: string) => string[] {
  const lowercase = options.lowercase ?? true;
  const mode = options.mode ?? "strip";
  if (mode !== "strip" && mode !== "split") {
    throw new InvalidArgumentError(`tokenize: mode must be "strip" or "split", got "${String(mode)}"`);
  }
  const finish = (word: string) => (lowercase ? word.toLowerCase() : word);
  if (options.pattern !== undefined) {
    const pattern = globalPattern(options.pattern);
    return (text) => {
      const words: string[] = [];
      for (const match of text.matchAll(pattern)) if (match[0] !== "") words.push(finish(match[0]));
      return words;
    };
  }
  const apostrophes = options.keepApostrophes ?? false;
  if (mode === "split") {
    const runs = apostrophes ? RUNS_WITH_APOSTROPHES : RUNS;
    return (text) => {
      const words: string[] = [];
      for (const match of text.matchAll(runs)) words.push(finish(match[0].replace(/’/g, "'")));
      return words;
    };
  }
  const strip = apostrophes ? ALNUM_KEEP_APOSTROPHE : ALNUM;
  return (text) => {
    const words: string[] = [];
    for (const chunk of text.split(WHITESPACE)) {
      let word = chunk.replace(strip, "");
      if (apostrophes) word = trimApostrophes(word);
      if (word !== "") words.push(finish(word));
    }
    return words;
  };
}

/** Text to words; by default exactly as set 5's load_word_list (see {@link TokenizeOptions}). */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  return createTokenizer(options)(text);
}

/** Splits text into sentences (see {@link SentenceOptions}) and each into words; empty ones are dropped. */
export function tokenizeSentences(text: string, options: SentenceOptions = {}): string[][] {
  const by = options.by ?? "line";
  let pieces: string[];
  if (by === "line") pieces = text.split(/\r\n|\r|\n/);
  else if (by === "paragraph") pieces = text.split(/(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)/);
  else if (by === "sentence")
    pieces = text.split(/(?<=[.!?]["'’”)\]]*)\s+|(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)/u);
  else {
    throw new InvalidArgumentError(
      `tokenizeSentences: by must be "line", "paragraph" or "sentence", got "${String(by)}"`,
    );
  }
  const words = createTokenizer(options);
  const sentences: string[][] = [];
  for (const piece of pieces) {
    const sentence = words(piece);
    if (sentence.length > 0) sentences.push(sentence);
  }
  return sentences;
}
