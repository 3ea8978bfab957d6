import { InvalidArgumentError } from "@lab/core";
import { Matrix, SimilarityIndex } from "@lab/linalg";

/** A word and its cosine similarity to a query. */
export interface SimilarWord {
  readonly word: string;
  readonly similarity: number;
}

/** An ordered pair of distinct words and the cosine similarity of their vectors. */
export interface WordPair {
  readonly a: string;
  readonly b: string;
  readonly similarity: number;
}

/**
 * Which pairs `topPairs` ranks.
 * - "all": every ordered pair (a, b), a ≠ b. Cosine is symmetric, so each unordered pair shows up
 *   twice, (a, b) then (b, a), with the same similarity.
 * - "nearest": set 5's `most_similar_pairs`: for each word a only its nearest word b. A pair then
 *   appears in both orders only when the two are each other's nearest (the set's solution G lists
 *   (took, down) without (down, took), because down's nearest word is town).
 */
export type PairMode = "all" | "nearest";

/** An unknown word, with up to three vocabulary words spelled nearly the same. */
export class UnknownWordError extends InvalidArgumentError {
  constructor(
    readonly word: string,
    readonly suggestions: readonly string[],
  ) {
    super(
      `"${word}" is not in the vocabulary${suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : ""}`,
    );
  }
}

/**
 * Word vectors: words (row order) and a V × D Float32 matrix, with cosine queries. Searches use
 * @lab/linalg's dense top-k (heaps over one pass of the rows); nothing V × V is ever formed.
 */
export class WordVectors {
  readonly words: readonly string[];
  readonly vectors: Float32Array;
  readonly dim: number;
  readonly index: ReadonlyMap<string, number>;
  private searchIndex: SimilarityIndex | undefined;
  private unitRows: Float64Array | undefined;

  constructor(words: readonly string[], vectors: Float32Array, dim: number) {
    if (!Number.isSafeInteger(dim) || dim < 1) {
      throw new InvalidArgumentError(`dim must be a positive integer, got ${dim}`);
    }
    if (vectors.length !== words.length * dim) {
      throw new InvalidArgumentError(
        `${words.length} words × ${dim} dimensions need ${words.length * dim} values, got ${vectors.length}`,
      );
    }
    const index = new Map<string, number>();
    words.forEach((word, id) => {
      if (typeof word !== "string" || word === "") {
        throw new InvalidArgumentError(`word ${id} must be a non-empty string`);
      }
      if (index.has(word))
        throw new InvalidArgumentError(
          `the word "${word}" appears twice (rows ${index.get(word)} and ${id})`,
        );
      index.set(word, id);
    });
    this.words = words;
    this.vectors = vectors;
    this.dim = dim;
    this.index = index;
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  /** The row of `word`; an unknown word throws {@link UnknownWordError} with near spellings. */
  idOf(word: string): number {
    const id = this.index.get(word);
    if (id === undefined) throw new UnknownWordError(word, this.suggest(word));
    return id;
  }

  /** A copy of the vector of `word`. */
  vector(word: string): Float32Array {
    const id = this.idOf(word);
    return this.vectors.slice(id * this.dim, (id + 1) * this.dim);
  }

  /** Cosine similarity of two words' vectors (0 when either is all zeros). */
  similarity(a: string, b: string): number {
    const i = this.idOf(a);
    const j = this.idOf(b);
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let d = 0; d < this.dim; d++) {
      const x = this.vectors[i * this.dim + d]!;
      const y = this.vectors[j * this.dim + d]!;
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    const norms = Math.sqrt(na) * Math.sqrt(nb);
    return norms === 0 ? 0 : dot / norms;
  }

  /** The n words nearest to `word` by cosine, best first, the word itself left out. */
  mostSimilar(word: string, n = 10): SimilarWord[] {
    checkCount(n, "n");
    const id = this.idOf(word);
    const query = this.matrix().data.subarray(id * this.dim, (id + 1) * this.dim);
    return this.search(query, n, [id]);
  }

  /**
   * The n words nearest to an arbitrary vector (length dim), best first, leaving out `exclude`.
   */
  nearestToVector(vector: ArrayLike<number>, n = 10, exclude: readonly string[] = []): SimilarWord[] {
    checkCount(n, "n");
    if (vector.length !== this.dim) {
      throw new InvalidArgumentError(`the query vector must have ${this.dim} values, got ${vector.length}`);
    }
    return this.search(
      Float64Array.from(vector),
      n,
      exclude.map((word) => this.idOf(word)),
    );
  }

  /**
   * a : b :: c : ? by 3CosAdd (Mikolov et al. 2013): the words nearest by cosine to b̂ − â + ĉ over
   * unit vectors, leaving out a, b and c — what gensim's most_similar(positive=[b, c],
   * negative=[a]) returns (gensim averages the same unit vectors, which changes only the length).
   */
  analogy(a: string, b: string, c: string, n = 10): SimilarWord[] {
    checkCount(n, "n");
    const ids = [this.idOf(a), this.idOf(b), this.idOf(c)];
    const unit = this.unit();
    const target = new Float64Array(this.dim);
    const signs = [-1, 1, 1];
    for (let q = 0; q < 3; q++) {
      const row = ids[q]! * this.dim;
      for (let d = 0; d < this.dim; d++) target[d]! += signs[q]! * unit[row + d]!;
    }
    return this.search(target, n, ids);
  }

  /**
   * The n most similar ordered pairs of distinct words, by cosine, best first; ties go to the pair
   * whose first word, then second word, has the lower row. "all" (default) ranks every ordered pair
   * from each row's top-n list (a pair in the global top n is in its first word's top n), so the
   * work is one top-n search per row and no V × V matrix; "nearest" is set 5's list.
   */
  topPairs(n = 30, options: { readonly mode?: PairMode } = {}): WordPair[] {
    checkCount(n, "n");
    const mode = options.mode ?? "all";
    if (mode !== "all" && mode !== "nearest") {
      throw new InvalidArgumentError(`mode must be "all" or "nearest", got "${String(mode)}"`);
    }
    if (this.size < 2) return [];
    const perRow = mode === "nearest" ? 1 : Math.min(n, this.size - 1);
    const { k, indices, scores } = this.similarityIndex().allPairs(perRow);
    const candidates: { a: number; b: number; similarity: number }[] = [];
    for (let row = 0; row < this.size; row++) {
      for (let t = 0; t < k; t++) {
        candidates.push({ a: row, b: indices[row * k + t]!, similarity: scores[row * k + t]! });
      }
    }
    candidates.sort((x, y) => y.similarity - x.similarity || x.a - y.a || x.b - y.b);
    return candidates
      .slice(0, n)
      .map((pair) => ({ a: this.words[pair.a]!, b: this.words[pair.b]!, similarity: pair.similarity }));
  }

  /** The vectors of `words` (all words by default), in that order, as a new WordVectors. */
  subset(words: readonly string[]): WordVectors {
    const vectors = new Float32Array(words.length * this.dim);
    words.forEach((word, row) => {
      const id = this.idOf(word);
      vectors.set(this.vectors.subarray(id * this.dim, (id + 1) * this.dim), row * this.dim);
    });
    return new WordVectors([...words], vectors, this.dim);
  }

  /** The vectors as a V × D float64 Matrix (shared with the similarity searches; do not modify). */
  matrix(): Matrix {
    return this.similarityIndexMatrix();
  }

  private cachedMatrix: Matrix | undefined;

  private similarityIndexMatrix(): Matrix {
    this.cachedMatrix ??= new Matrix(this.size, this.dim, Float64Array.from(this.vectors));
    return this.cachedMatrix;
  }

  private similarityIndex(): SimilarityIndex {
    this.searchIndex ??= new SimilarityIndex(this.similarityIndexMatrix(), { metric: "cosine" });
    return this.searchIndex;
  }

  private unit(): Float64Array {
    if (this.unitRows === undefined) {
      const unit = Float64Array.from(this.vectors);
      for (let row = 0; row < this.size; row++) {
        let norm = 0;
        for (let d = 0; d < this.dim; d++) norm += unit[row * this.dim + d]! ** 2;
        norm = Math.sqrt(norm);
        if (norm > 0) for (let d = 0; d < this.dim; d++) unit[row * this.dim + d]! /= norm;
      }
      this.unitRows = unit;
    }
    return this.unitRows;
  }

  private search(query: Float64Array, n: number, exclude: readonly number[]): SimilarWord[] {
    const { indices, scores } = this.similarityIndex().query(query, n, { exclude });
    return Array.from(indices, (id, t) => ({ word: this.words[id]!, similarity: scores[t]! }));
  }

  /**
   * Up to three words within edit distance 2 of `word`, closest first (ties: more frequent first,
   * when rows are by frequency). Only runs when a lookup fails, so the O(V) scan costs nothing else.
   */
  private suggest(word: string): string[] {
    const limit = 2;
    const found: { word: string; distance: number; id: number }[] = [];
    for (let id = 0; id < this.size; id++) {
      const candidate = this.words[id]!;
      if (Math.abs(candidate.length - word.length) > limit) continue;
      const distance = boundedEditDistance(word, candidate, limit);
      if (distance <= limit) found.push({ word: candidate, distance, id });
    }
    found.sort((x, y) => x.distance - y.distance || x.id - y.id);
    return found.slice(0, 3).map((entry) => entry.word);
  }
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`${what} must be a positive integer, got ${n}`);
  }
}

/**
 * Levenshtein distance of a and b, or limit + 1 as soon as every entry of a DP row exceeds limit
 * (the distance can only grow from there).
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[y.length]!;
}
