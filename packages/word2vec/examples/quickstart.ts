// The README's example: problem 3B's trees, set 5's softmax network on a generated grammar, the
// same corpus with negative sampling, queries, and the word2vec files gensim reads.
import { join } from "node:path";
import {
  balancedTree,
  huffmanTree,
  loadModel,
  plantedCorpus,
  readWord2Vec,
  SET5_PROBLEM_3B_FREQUENCIES,
  saveModel,
  trainWord2Vec,
  writeWord2Vec,
} from "@lab/word2vec";

const out = process.argv[2] ?? "lab-out/word2vec-quickstart";

// Problem 3B: expected code length of the set's eight words under each tree.
const words = SET5_PROBLEM_3B_FREQUENCIES.map(([word]) => word);
const counts = SET5_PROBLEM_3B_FREQUENCIES.map(([, count]) => count);
console.log(
  `3B: Huffman ${huffmanTree(words, counts).expectedLength.toFixed(4)}, balanced ${balancedTree(words, counts).expectedLength}`,
);

// "the <animal> <verb> the <animal> in the <place>" / "<person> eats <food> with <person>".
const corpus = plantedCorpus({ sentences: 1000, seed: 1 });

// The set's network: one-hot -> 10 linear units -> softmax, trained through @lab/nn (Adam, seeded).
const softmax = await trainWord2Vec(corpus.sentences, { method: "softmax", dim: 10, window: 2, epochs: 5 });
console.log(`shapes: ${softmax.inputWeightsShape.join("x")} and ${softmax.outputWeightsShape.join("x")}`);
console.log(
  `nearest to cat: ${softmax.vectors
    .mostSimilar("cat", 3)
    .map((s) => s.word)
    .join(", ")}`,
);
const [top] = softmax.vectors.topPairs(30);
console.log(`top pair: ${top!.a} ~ ${top!.b}`);

// Negative sampling on the Hogwild engine (one thread: reproducible); no subsampling, since every
// word of this 30-word vocabulary is "frequent".
const ns = await trainWord2Vec(corpus.sentences, { method: "ns", dim: 16, window: 2, epochs: 10, sample: 0 });
console.log(
  `ns nearest to bread: ${ns.vectors
    .mostSimilar("bread", 3)
    .map((s) => s.word)
    .join(", ")}`,
);

// word2vec.c's binary format (gensim: KeyedVectors.load_word2vec_format(path, binary=True)).
await writeWord2Vec(join(out, "vectors.bin"), ns.vectors);
const back = await readWord2Vec(join(out, "vectors.bin"));
console.log(`reloaded ${back.size} words x ${back.dim}`);

// A model folder: vectors.bin, vocab.txt, metadata.json and model.onnx (word index -> vector).
await saveModel(join(out, "model"), {
  vectors: softmax.vectors,
  counts: softmax.vocabulary.counts,
  metadata: { method: "softmax", dim: 10, window: 2, seed: 1, corpus: corpus.description },
});
const model = await loadModel(join(out, "model"));
console.log(`model: ${model.metadata.method}, ${model.vectors.size} words`);
