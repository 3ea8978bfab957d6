import { createRng, InvalidArgumentError } from "@lab/core";
import { ModelCatalog } from "./catalog.js";
import type { ModelRecord } from "./record.js";

interface Family {
  readonly name: string;
  readonly modelType: string;
  /** (pipeline tag, architecture) pairs the family's models come in. */
  readonly heads: readonly (readonly [string, string])[];
  readonly library: string;
  readonly datasets: readonly string[];
}

/** Made-up but Hub-shaped families: a model's family decides its fields, as on the real Hub. */
const FAMILIES: readonly Family[] = [
  {
    name: "bert",
    modelType: "bert",
    library: "transformers",
    datasets: ["wikipedia", "bookcorpus", "squad"],
    heads: [
      ["fill-mask", "BertForMaskedLM"],
      ["text-classification", "BertForSequenceClassification"],
      ["token-classification", "BertForTokenClassification"],
    ],
  },
  {
    name: "roberta",
    modelType: "roberta",
    library: "transformers",
    datasets: ["wikipedia", "cc_news", "glue"],
    heads: [
      ["fill-mask", "RobertaForMaskedLM"],
      ["text-classification", "RobertaForSequenceClassification"],
    ],
  },
  {
    name: "gpt2",
    modelType: "gpt2",
    library: "transformers",
    datasets: ["openwebtext", "wikitext"],
    heads: [["text-generation", "GPT2LMHeadModel"]],
  },
  {
    name: "t5",
    modelType: "t5",
    library: "transformers",
    datasets: ["c4", "cnn_dailymail"],
    heads: [
      ["text2text-generation", "T5ForConditionalGeneration"],
      ["summarization", "T5ForConditionalGeneration"],
    ],
  },
  {
    name: "wav2vec2",
    modelType: "wav2vec2",
    library: "transformers",
    datasets: ["common_voice", "librispeech_asr"],
    heads: [
      ["automatic-speech-recognition", "Wav2Vec2ForCTC"],
      ["audio-classification", "Wav2Vec2ForSequenceClassification"],
    ],
  },
  {
    name: "vit",
    modelType: "vit",
    library: "transformers",
    datasets: ["imagenet-1k", "cifar10"],
    heads: [["image-classification", "ViTForImageClassification"]],
  },
  {
    name: "resnet",
    modelType: "resnet",
    library: "timm",
    datasets: ["imagenet-1k"],
    heads: [["image-classification", "ResNet"]],
  },
  {
    name: "sentence",
    modelType: "mpnet",
    library: "sentence-transformers",
    datasets: ["ms_marco", "snli"],
    heads: [
      ["sentence-similarity", "MPNetModel"],
      ["feature-extraction", "MPNetModel"],
    ],
  },
  {
    name: "stable",
    modelType: "unet",
    library: "diffusers",
    datasets: ["laion"],
    heads: [["text-to-image", "UNet2DConditionModel"]],
  },
  {
    name: "ppo",
    modelType: "ppo",
    library: "stable-baselines3",
    datasets: [],
    heads: [["reinforcement-learning", "PPO"]],
  },
];
const AUTHORS = ["acme", "lab", "nlp-group", "vision-team", "speech-co", "student", "research", "org"];
const VARIANTS = ["base", "small", "large", "tiny", "finetuned", "cased", "uncased", "v2", "distilled"];
const LANGUAGES = ["en", "de", "fr", "zh", "ar", "multilingual"];

export interface SyntheticCatalogOptions {
  /** Number of models (default 500). */
  readonly models?: number;
  readonly seed?: number;
}

/**
 * A seeded catalog of made-up models with known structure, for tests and benchmarks without data:
 * ten families (bert, roberta, gpt2, t5, wav2vec2, vit, resnet, sentence, stable, ppo), each with
 * its own model type, library, architectures per pipeline tag and datasets; ids are
 * `<author>/<family>-<variant>-<n>`; downloads fall off as a power law. About a tenth of the
 * models name another model of their family as base model; some lack a pipeline tag or a config.
 */
export function syntheticRecords(options: SyntheticCatalogOptions = {}): ModelRecord[] {
  const count = options.models ?? 500;
  if (!Number.isInteger(count) || count < 1)
    throw new InvalidArgumentError(`models must be a positive integer, got ${count}`);
  const rng = createRng(options.seed ?? 1);
  const records: ModelRecord[] = [];
  const byFamily = new Map<string, string[]>();
  for (let i = 0; i < count; i++) {
    const family =
      FAMILIES[Math.min(FAMILIES.length - 1, Math.floor(FAMILIES.length * rng.uniform() ** 1.5))]!;
    const [pipelineTag, architecture] = family.heads[rng.int(family.heads.length)]!;
    const author = AUTHORS[rng.int(AUTHORS.length)]!;
    const variant = VARIANTS[rng.int(VARIANTS.length)]!;
    const id = `${author}/${family.name}-${variant}-${i}`;
    const language = LANGUAGES[rng.int(LANGUAGES.length)]!;
    const datasets = family.datasets.filter(() => rng.uniform() < 0.5);
    const hasConfig = family.library === "transformers" ? rng.uniform() < 0.9 : rng.uniform() < 0.3;
    const hasTag = rng.uniform() < 0.92;
    const siblings = byFamily.get(family.name) ?? [];
    const base = siblings.length > 0 && rng.uniform() < 0.1 ? [siblings[rng.int(siblings.length)]!] : [];
    const tags = [
      "pytorch",
      ...(rng.uniform() < 0.3 ? ["tf"] : []),
      ...(rng.uniform() < 0.4 ? ["safetensors"] : []),
      family.modelType,
      ...(hasTag ? [pipelineTag] : []),
      language,
      ...datasets.map((dataset) => `dataset:${dataset}`),
      ...base.map((model) => `base_model:${model}`),
      family.library,
      ...(rng.uniform() < 0.5 ? ["license:apache-2.0"] : ["license:mit"]),
    ];
    siblings.push(id);
    byFamily.set(family.name, siblings);
    records.push({
      id,
      author,
      pipelineTag: hasTag ? pipelineTag : null,
      libraryName: family.library,
      modelType: hasConfig ? family.modelType : null,
      architectures: hasConfig ? [architecture] : [],
      tags,
      datasets,
      downloads: Math.floor(1e6 / (1 + i) ** 1.1 + rng.int(50)),
      likes: rng.int(100),
      baseModels: base,
      lastModified: null,
      description: null,
    });
  }
  return records;
}

export function syntheticCatalog(options: SyntheticCatalogOptions = {}): ModelCatalog {
  const records = syntheticRecords(options);
  return new ModelCatalog(
    records,
    `a synthetic catalog of ${records.length} models (seed ${options.seed ?? 1})`,
  );
}

/** The synthetic records as a CSV in the seed's format (list columns as Python literals). */
export function syntheticCsv(options: SyntheticCatalogOptions = {}): string {
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const list = (values: readonly string[]) =>
    values.length === 0 ? "" : quote(`[${values.map((v) => `'${v}'`).join(", ")}]`);
  const lines = [
    "modelId,lastModified,tags,pipeline_tag,author,architectures,model_type,datasets,downloads,library_name",
  ];
  for (const record of syntheticRecords(options)) {
    lines.push(
      [
        quote(record.id),
        "2023-01-01T00:00:00.000Z",
        list(record.tags),
        record.pipelineTag ?? "",
        record.author ?? "",
        list(record.architectures),
        record.modelType ?? "",
        list(record.datasets),
        String(record.downloads),
        record.libraryName ?? "",
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
