import { DataFormatError, InvalidArgumentError } from "@lab/core";
import { exportModel, GraphBuilder, gather, type ModelIR, metadataJson, type Predictor } from "@lab/nn";
import type { WordVectors } from "./vectors.js";

/** Metadata key of an exported lookup model: JSON {dim, words} (row i of the table is words[i]). */
export const WORD2VEC_METADATA_KEY = "lab.word2vec";

/** Graph input and output names of the lookup model. */
export const LOOKUP_NAMES = { input: "word", output: "vector" } as const;

/**
 * The inference graph of word vectors: `word` (int64 row indices, [batch]) -> `vector` (float32,
 * [batch, D]), one Gather over the V × D table stored as an initializer. The vocabulary goes into
 * the model's metadata, so the file alone maps words to vectors.
 */
export function buildLookupModel(vectors: WordVectors): ModelIR {
  const builder = new GraphBuilder({ name: "word2vec_lookup" });
  const word = builder.input(LOOKUP_NAMES.input, "int64", ["batch"]);
  const table = builder.constant(vectors.vectors, "float32", [vectors.size, vectors.dim], "vectors");
  builder.output(gather(table, word), LOOKUP_NAMES.output);
  return builder.toModel({
    metadata: {
      [WORD2VEC_METADATA_KEY]: JSON.stringify({ dim: vectors.dim, words: vectors.words }),
    },
  });
}

/** Writes the lookup model as ONNX, atomically. */
export async function exportLookupOnnx(path: string, vectors: WordVectors): Promise<void> {
  await exportModel(path, buildLookupModel(vectors));
}

/** The vocabulary stored in an exported lookup model's metadata. */
export function lookupVocabulary(predictor: Pick<Predictor, "metadata">): { dim: number; words: string[] } {
  const value = metadataJson(predictor, WORD2VEC_METADATA_KEY) as
    | { dim?: unknown; words?: unknown }
    | undefined;
  if (
    value === undefined ||
    typeof value.dim !== "number" ||
    !Array.isArray(value.words) ||
    !value.words.every((word) => typeof word === "string")
  ) {
    throw new DataFormatError(
      `no "${WORD2VEC_METADATA_KEY}" vocabulary in the model metadata`,
      "model metadata",
    );
  }
  return { dim: value.dim, words: value.words as string[] };
}

/** Looks words up through an exported lookup model; unknown words are an error naming them. */
export async function lookupWithOnnx(predictor: Predictor, words: readonly string[]): Promise<Float32Array> {
  const { words: vocabulary } = lookupVocabulary(predictor);
  const index = new Map(vocabulary.map((word, i) => [word, i]));
  const ids = new BigInt64Array(words.length);
  words.forEach((word, i) => {
    const id = index.get(word);
    if (id === undefined) throw new InvalidArgumentError(`"${word}" is not in the model's vocabulary`);
    ids[i] = BigInt(id);
  });
  const outputs = await predictor.run({ [LOOKUP_NAMES.input]: { data: ids, dims: [words.length] } });
  return outputs[LOOKUP_NAMES.output]!.data as Float32Array;
}
