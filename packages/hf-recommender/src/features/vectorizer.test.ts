import { describe, expect, it } from "vitest";
import type { ModelRecord } from "../data/record.js";
import { oneHotFeatures } from "./one-hot.js";
import { soupOf } from "./soup.js";
import { buildVocabulary, TextVectorizer, vocabularyOf } from "./vectorizer.js";

const docs = ["bert fill mask", "bert bert pytorch", "gpt2 pytorch"];

describe("TextVectorizer", () => {
  const vectorizer = TextVectorizer.fit(docs);

  it("builds CountVectorizer's sorted vocabulary and counts", () => {
    expect(vectorizer.vocabulary.terms).toEqual(["bert", "fill", "gpt2", "mask", "pytorch"]);
    expect(vectorizer.counts.toDense().toArray()).toEqual([
      [1, 1, 0, 1, 0],
      [2, 0, 0, 0, 1],
      [0, 0, 1, 0, 1],
    ]);
  });

  it("weights by smoothed idf and normalises rows (TfidfTransformer's defaults)", () => {
    // idf = ln((1 + n) / (1 + df)) + 1 with n = 3 documents: df 2 for bert and pytorch, 1 otherwise.
    const common = Math.log(4 / 3) + 1;
    const rare = Math.log(4 / 2) + 1;
    expect(Array.from(vectorizer.idf)).toEqual([common, rare, rare, rare, common]);
    const tfidf = vectorizer.matrix("tfidf").toDense().toArray();
    const norm0 = Math.hypot(common, rare, rare);
    const expected0 = [common / norm0, rare / norm0, 0, rare / norm0, 0];
    tfidf[0]!.forEach((value, c) => {
      expect(value).toBeCloseTo(expected0[c]!, 15);
    });
    // Row 1 is 2·common at bert and common at pytorch: the common factor cancels, leaving (2, 1)/√5.
    expect(tfidf[1]![0]).toBeCloseTo(2 / Math.sqrt(5), 15);
    expect(tfidf[1]![4]).toBeCloseTo(1 / Math.sqrt(5), 15);
    const norm2 = Math.hypot(rare, common);
    expect(tfidf[2]![2]).toBeCloseTo(rare / norm2, 15);
    expect(tfidf[2]![4]).toBeCloseTo(common / norm2, 15);
  });

  it("transforms new text over the fitted vocabulary, dropping unknown words", () => {
    const counts = vectorizer.transform(["BERT pytorch pytorch llama"], "counts");
    expect(counts.toDense().toArray()).toEqual([[1, 0, 0, 0, 2]]);
    const tfidf = vectorizer.transform(["llama"], "tfidf");
    expect(tfidf.nnz).toBe(0);
  });

  it("rejects an unsorted or repeated vocabulary", () => {
    expect(() => vocabularyOf(["b", "a"])).toThrow(/not sorted/);
    expect(() => vocabularyOf(["a", "a"])).toThrow(/twice/);
    expect(buildVocabulary([["zz", "aa"], ["aa"]]).terms).toEqual(["aa", "zz"]);
  });
});

function record(overrides: Partial<ModelRecord>): ModelRecord {
  return {
    id: "x",
    author: null,
    pipelineTag: null,
    libraryName: null,
    modelType: null,
    architectures: [],
    tags: [],
    datasets: [],
    downloads: 0,
    likes: null,
    baseModels: [],
    lastModified: null,
    description: null,
    ...overrides,
  };
}

describe("features of records", () => {
  it("one-hot: get_dummies' column names, fields in order, values sorted, missing values no column", () => {
    const records = [
      record({
        id: "a",
        pipelineTag: "fill-mask",
        architectures: ["BertForMaskedLM"],
        modelType: "bert",
        libraryName: "transformers",
      }),
      record({
        id: "b",
        pipelineTag: "audio-classification",
        architectures: ["A", "BertForMaskedLM"],
        libraryName: "transformers",
      }),
      record({ id: "c" }),
    ];
    const { matrix, columns } = oneHotFeatures(records);
    expect(columns).toEqual([
      "pipeline_tag_audio-classification",
      "pipeline_tag_fill-mask",
      "architectures_A",
      "architectures_BertForMaskedLM",
      "model_type_bert",
      "library_name_transformers",
    ]);
    expect(matrix.toDense().toArray()).toEqual([
      [0, 1, 0, 1, 1, 1],
      [1, 0, 1, 1, 0, 1],
      [0, 0, 0, 0, 0, 0],
    ]);
  });

  it("soup: tags, pipeline tag, author, architectures, model type, datasets, library; underscores as spaces", () => {
    const soup = soupOf(
      record({
        id: "jonatasgrosman/wav2vec2-large-xlsr-53-english",
        tags: ["pytorch", "wav2vec2"],
        pipelineTag: "automatic-speech-recognition",
        author: "jonatasgrosman",
        architectures: ["Wav2Vec2ForCTC"],
        modelType: "wav2vec2",
        datasets: ["common_voice", "mozilla-foundation/common_voice_6_0"],
        libraryName: "transformers",
      }),
    );
    expect(soup).toBe(
      "pytorch wav2vec2 automatic-speech-recognition jonatasgrosman Wav2Vec2ForCTC wav2vec2 common voice mozilla-foundation/common voice 6 0 transformers",
    );
    expect(TextVectorizer.fit([soup]).vocabulary.terms).toEqual([
      "automatic",
      "common",
      "foundation",
      "jonatasgrosman",
      "mozilla",
      "pytorch",
      "recognition",
      "speech",
      "transformers",
      "voice",
      "wav2vec2",
      "wav2vec2forctc",
    ]);
  });
});
