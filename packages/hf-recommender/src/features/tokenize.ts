/**
 * A word character as Python's `re` module sees one in a str pattern: a letter or number in
 * Unicode's sense (what str.isalnum() accepts), or the underscore. Combining marks are not word
 * characters, so a decomposed accent splits a word, exactly as in Python.
 */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/**
 * scikit-learn's CountVectorizer default analyzer: lowercase (str.lower, which JavaScript's
 * toLowerCase matches, final sigma included), then every match of `(?u)\b\w\w+\b`. Those matches
 * are exactly the maximal runs of word characters at least two long, which is what this scans
 * for: JavaScript's `\b` is ASCII-only even under the u flag, so the regex cannot be reused as is.
 */
export function tokenize(text: string): string[] {
  const lower = text.toLowerCase();
  const tokens: string[] = [];
  let start = -1;
  let length = 0;
  let index = 0;
  for (const character of lower) {
    if (WORD_CHARACTER.test(character)) {
      if (start < 0) {
        start = index;
        length = 0;
      }
      length++;
    } else if (start >= 0) {
      if (length >= 2) tokens.push(lower.slice(start, index));
      start = -1;
    }
    index += character.length;
  }
  if (start >= 0 && length >= 2) tokens.push(lower.slice(start));
  return tokens;
}
