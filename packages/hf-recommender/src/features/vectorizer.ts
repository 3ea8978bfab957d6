import { InvalidArgumentError } from "@lab/core";
import { CsrMatrix } from "@lab/linalg";
import { compareCodePoints } from "../data/strings.js";
import { tokenize } from "./tokenize.js";

/** Terms in scikit-learn's order (sorted by code point) and each term's column. */
export interface Vocabulary {
  readonly terms: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

/** How soup counts are weighted: raw counts (CountVectorizer) or TF-IDF (TfidfVectorizer's defaults). */
export type Weighting = "counts" | "tfidf";

export function vocabularyOf(terms: readonly string[]): Vocabulary {
  const index = new Map<string, number>();
  terms.forEach((term, column) => {
    if (index.has(term)) throw new InvalidArgumentError(`vocabulary lists ${JSON.stringify(term)} twice`);
    if (column > 0 && compareCodePoints(terms[column - 1]!, term) > 0) {
      throw new InvalidArgumentError(
        `vocabulary is not sorted: ${JSON.stringify(terms[column - 1])} before ${JSON.stringify(term)}`,
      );
    }
    index.set(term, column);
  });
  return { terms, index };
}

/** Every distinct token of the documents, sorted as CountVectorizer.fit sorts its vocabulary_. */
export function buildVocabulary(tokenLists: readonly (readonly string[])[]): Vocabulary {
  const distinct = new Set<string>();
  for (const tokens of tokenLists) for (const token of tokens) distinct.add(token);
  return vocabularyOf([...distinct].sort(compareCodePoints));
}

/** Term counts per document (rows) over the vocabulary (columns); unknown tokens are ignored, as in `transform`. */
export function countMatrix(tokenLists: readonly (readonly string[])[], vocabulary: Vocabulary): CsrMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  tokenLists.forEach((tokens, row) => {
    for (const token of tokens) {
      const column = vocabulary.index.get(token);
      if (column === undefined) continue;
      rows.push(row);
      cols.push(column);
    }
  });
  // fromTriplets sums repeated (row, column) pairs into counts.
  return CsrMatrix.fromTriplets(
    tokenLists.length,
    vocabulary.terms.length,
    rows,
    cols,
    new Float64Array(rows.length).fill(1),
  );
}

/** Documents per term: the stored entries of each column. */
export function documentFrequencies(counts: CsrMatrix): Float64Array {
  const frequencies = new Float64Array(counts.cols);
  for (let t = 0; t < counts.nnz; t++) frequencies[counts.indices[t]!]++;
  return frequencies;
}

/**
 * TfidfTransformer's idf: ln((1 + n) / (1 + df)) + 1 with `smooth` (the default), else
 * ln(n / df) + 1, where n is the number of documents.
 */
export function inverseDocumentFrequency(
  frequencies: ArrayLike<number>,
  documents: number,
  smooth = true,
): Float64Array {
  const idf = new Float64Array(frequencies.length);
  for (let c = 0; c < frequencies.length; c++) {
    const df = frequencies[c]!;
    idf[c] = smooth ? Math.log((1 + documents) / (1 + df)) + 1 : Math.log(documents / df) + 1;
  }
  return idf;
}

/** Counts times idf per column, each row scaled to unit L2 norm (TfidfTransformer's norm="l2"); zero rows stay zero. */
export function tfidfWeights(counts: CsrMatrix, idf: Float64Array): CsrMatrix {
  if (idf.length !== counts.cols) {
    throw new InvalidArgumentError(`idf has ${idf.length} entries for ${counts.cols} columns`);
  }
  const values = new Float64Array(counts.nnz);
  for (let t = 0; t < counts.nnz; t++) values[t] = counts.values[t]! * idf[counts.indices[t]!]!;
  return new CsrMatrix(counts.rows, counts.cols, counts.indptr, counts.indices, values).normalizeRows("l2");
}

/**
 * A fitted bag-of-words model: the vocabulary, the documents' count matrix and the idf, with
 * scikit-learn's defaults (CountVectorizer(): lowercase, token_pattern `(?u)\b\w\w+\b`, min_df 1,
 * no stop words; TfidfTransformer(): smooth_idf, norm l2, no sublinear tf).
 */
export class TextVectorizer {
  readonly vocabulary: Vocabulary;
  /** The fitted documents' counts. */
  readonly counts: CsrMatrix;
  readonly idf: Float64Array;
  private tfidfCache: CsrMatrix | null = null;

  constructor(vocabulary: Vocabulary, counts: CsrMatrix) {
    if (counts.cols !== vocabulary.terms.length) {
      throw new InvalidArgumentError(
        `a ${counts.cols}-column count matrix for a ${vocabulary.terms.length}-term vocabulary`,
      );
    }
    this.vocabulary = vocabulary;
    this.counts = counts;
    this.idf = inverseDocumentFrequency(documentFrequencies(counts), counts.rows);
  }

  static fit(documents: readonly string[]): TextVectorizer {
    const tokenLists = documents.map(tokenize);
    const vocabulary = buildVocabulary(tokenLists);
    return new TextVectorizer(vocabulary, countMatrix(tokenLists, vocabulary));
  }

  /** The fitted documents under a weighting. */
  matrix(weighting: Weighting): CsrMatrix {
    if (weighting === "counts") return this.counts;
    this.tfidfCache ??= tfidfWeights(this.counts, this.idf);
    return this.tfidfCache;
  }

  /** New documents over the fitted vocabulary (unknown words dropped), weighted with the fitted idf. */
  transform(documents: readonly string[], weighting: Weighting): CsrMatrix {
    const counts = countMatrix(documents.map(tokenize), this.vocabulary);
    return weighting === "counts" ? counts : tfidfWeights(counts, this.idf);
  }
}
