import { join } from "node:path";
import { locateDataset, writeFileAtomic, writeJsonAtomic } from "@lab/core";
import {
  BIASED_DEFAULTS,
  buildMatrixFactorizationReport,
  commonIndexBase,
  datasetShape,
  exportRecommenderOnnx,
  type FactorMethod,
  findTitlesBeside,
  formatLambda,
  type ItemTitles,
  loadMovieLensDataset,
  loadRatingsDataset,
  loadRecommender,
  type RatingsDataset,
  Recommender,
  readItemTitles,
  runSweep,
  SET5_KS,
  SET5_LAMBDAS,
  SET5_LEARNING_RATE,
  saveRecommender,
  sweepPlots,
  sweepTable,
  syntheticRatings,
  trainFactorModel,
} from "@lab/recsys";
import { type CommandContext, defineCommand, defineGroup } from "../command.js";
import { UsageError } from "../usage-error.js";

const seconds = (started: number) => (performance.now() - started) / 1000;

const dataOptions = {
  train: {
    type: "path",
    description:
      "training ratings: u.data, the set's train.txt (tab), ratings.dat (::) or CSV with a header (default: embedded synthetic data)",
    valueName: "FILE",
  },
  test: {
    type: "path",
    description: "test ratings, same formats (default: hold out --test-fraction of --train)",
    valueName: "FILE",
  },
  "test-fraction": {
    type: "number",
    description: "share of --train held out for testing when there is no --test",
    default: 0.2,
    min: 0,
  },
} as const;

const methodOption = {
  method: {
    type: "string",
    description: "sgd (set 5 problem 2C), als (2B) or biased (global mean + biases, by SGD)",
    default: "sgd",
    choices: ["sgd", "als", "biased"],
  },
} as const;

interface LoadedData {
  readonly dataset: RatingsDataset;
  readonly description: string;
  readonly titles: ItemTitles | null;
  readonly heldOut: boolean;
}

/** The ratings a command works on: --train/--test files, or the embedded synthetic set (said on stderr). */
async function loadData(context: CommandContext, name: string): Promise<LoadedData> {
  const trainPath = context.options.train as string | undefined;
  const testPath = context.options.test as string | undefined;
  const testFraction = context.options["test-fraction"] as number;
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new UsageError(
      `recsys ${name}: --test-fraction must be between 0 and 1 (exclusive), got ${testFraction}`,
    );
  }
  if (trainPath === undefined) {
    if (testPath !== undefined) throw new UsageError(`recsys ${name}: --test needs --train`);
    const synthetic = syntheticRatings({ seed: context.seed ?? 1, testFraction });
    context.note(`data: ${synthetic.description} (no --train given)`);
    return { dataset: synthetic.dataset, description: synthetic.description, titles: null, heldOut: true };
  }
  const dataset = await loadRatingsDataset(trainPath, testPath ?? null, {
    testFraction,
    seed: context.seed ?? 1,
  });
  const titlesPath = (context.options.titles as string | undefined) ?? findTitlesBeside(trainPath);
  const titles = titlesPath ? await readItemTitles(titlesPath) : null;
  const description = dataset.heldOut
    ? `${trainPath} with ${Math.round(testFraction * 100)}% held out at random (seed ${context.seed ?? 1})`
    : `${trainPath} (train) and ${testPath} (test)`;
  context.note(
    `data: ${description}: ${dataset.train.rating.length} train / ${dataset.test!.rating.length} test ratings, ${dataset.users.size} users, ${dataset.items.size} items; ids ${describeIndexBase(dataset)}${titlesPath ? `; titles from ${titlesPath}` : ""}`,
  );
  return { dataset, description, titles, heldOut: dataset.heldOut };
}

function describeIndexBase(dataset: RatingsDataset): string {
  const base = commonIndexBase(dataset);
  if (base !== null) return `${base}-based`;
  return `users ${dataset.indexBase.users ?? "neither 0- nor 1"}-based, items ${dataset.indexBase.items ?? "neither 0- nor 1"}-based`;
}

/** Method defaults: set 5's for sgd and als, the tuned ones for biased MF (see @lab/recsys's README). */
function methodSettings(context: CommandContext) {
  const method = context.options.method as FactorMethod;
  const biased = method === "biased";
  if (!biased && context.options["bias-lambda"] !== undefined) {
    throw new UsageError("recsys train: --bias-lambda applies to --method biased only");
  }
  if (method === "als" && context.options["learning-rate"] !== undefined) {
    throw new UsageError("recsys train: --learning-rate applies to the SGD methods (sgd, biased), not als");
  }
  return {
    method,
    k: (context.options.k as number | undefined) ?? (biased ? BIASED_DEFAULTS.k : 20),
    lambda: (context.options.lambda as number | undefined) ?? (biased ? BIASED_DEFAULTS.lambda : 0),
    maxEpochs: (context.options.epochs as number | undefined) ?? (biased ? BIASED_DEFAULTS.maxEpochs : 300),
    learningRate:
      (context.options["learning-rate"] as number | undefined) ??
      (biased ? BIASED_DEFAULTS.learningRate : SET5_LEARNING_RATE),
    ...(biased
      ? {
          biasLambda: (context.options["bias-lambda"] as number | undefined) ?? BIASED_DEFAULTS.biasLambda,
          learningRateDecay: BIASED_DEFAULTS.learningRateDecay,
          initStd: BIASED_DEFAULTS.initStd,
        }
      : {}),
  };
}

const trainCommand = defineCommand({
  name: "train",
  summary: "train a matrix factorization (set 5's SGD, ALS or biased MF), report E_in/E_out, save the model",
  training: { defaultOut: "lab-out/recsys-model" },
  options: {
    ...dataOptions,
    ...methodOption,
    k: { type: "integer", description: "latent factors (default: 20; biased: 100)", min: 1 },
    lambda: { type: "number", description: "regularization λ (default: 0; biased: 0.066)", min: 0 },
    "bias-lambda": {
      type: "number",
      description: "biased MF only: λ of the biases (default: 0.032)",
      min: 0,
    },
    epochs: { type: "integer", description: "at most this many epochs (default: 300; biased: 100)", min: 1 },
    "learning-rate": {
      type: "number",
      description: "SGD step η (default: 0.03; biased: 0.013, ×0.97 per epoch)",
      min: 0,
    },
    titles: {
      type: "path",
      description: "item titles (u.item, movies.dat, movies.csv); default: found beside --train",
      valueName: "FILE",
    },
  },
  examples: [
    "pnpm lab recsys train --json",
    "pnpm lab recsys train --train ../shared/data/movielens-100k/u.data --method biased --json",
    "pnpm lab recsys train --train train.txt --test test.txt --k 20 --lambda 0.1 --out lab-out/mf",
  ],
  async run(context) {
    const started = performance.now();
    const settings = methodSettings(context);
    const { dataset, description, titles, heldOut } = await loadData(context, "train");
    const result = trainFactorModel(dataset.train, datasetShape(dataset), {
      ...settings,
      seed: context.seed,
      onProgress: context.onProgress,
    });
    const inSample = result.model.evaluate(dataset.train);
    const outOfSample = result.model.evaluate(dataset.test!);
    const indexBase = commonIndexBase(dataset);
    const summary = {
      method: settings.method,
      k: settings.k,
      lambda: settings.lambda,
      epochs: result.epochs,
      stop: result.stop,
      index_base: indexBase,
      e_in: inSample.e,
      e_out: outOfSample.e,
      rmse_train: inSample.rmse,
      rmse_test: outOfSample.rmse,
    };
    const recommender = Recommender.fromDataset(result.model, dataset, titles, {
      ...summary,
      learning_rate: settings.method === "als" ? null : settings.learningRate,
      seed: context.seed ?? 1,
      data: description,
    });
    const outDir = context.outDir!;
    const files = await saveRecommender(outDir, recommender);
    const onnxPath = join(outDir, "model.onnx");
    await exportRecommenderOnnx(onnxPath, recommender);
    files.push(onnxPath);
    if (result.stop === "diverged") {
      context.note(
        "warning: the training loss became NaN or infinite; lower --learning-rate or raise --lambda",
      );
    }
    context.print(
      `${settings.method}, k = ${settings.k}, λ = ${formatLambda(settings.lambda)}: ${result.epochs} epochs (${result.stop})`,
    );
    context.print(`E_in  ${inSample.e.toFixed(4)}  RMSE train ${inSample.rmse.toFixed(4)}`);
    context.print(`E_out ${outOfSample.e.toFixed(4)}  RMSE test  ${outOfSample.rmse.toFixed(4)}`);
    context.print(`model: ${outDir}`);
    return {
      ...summary,
      index_base_users: dataset.indexBase.users,
      index_base_items: dataset.indexBase.items,
      data: description,
      held_out: heldOut,
      train_ratings: dataset.train.rating.length,
      test_ratings: dataset.test!.rating.length,
      cold_test_ratings: dataset.coldTestRatings,
      out: outDir,
      files,
      seconds: seconds(started),
    };
  },
});

const sweepCommand = defineCommand({
  name: "sweep",
  summary: "E_in and E_out for every k × λ (set 5 problems 2D and 2E): tables and SVG plots",
  training: { defaultOut: "lab-out/recsys-sweep" },
  options: {
    ...dataOptions,
    ...methodOption,
    k: { type: "integer-list", description: "latent factor counts", default: SET5_KS, min: 1 },
    lambda: { type: "number-list", description: "regularization values", default: SET5_LAMBDAS, min: 0 },
    epochs: { type: "integer", description: "at most this many epochs per run", default: 300, min: 1 },
  },
  examples: [
    "pnpm lab recsys sweep --train train.txt --test test.txt --out lab-out/sweep --json",
    "pnpm lab recsys sweep --k 5,10 --lambda 0,0.1 --out lab-out/sweep-small",
  ],
  async run(context) {
    const started = performance.now();
    const { dataset, description } = await loadData(context, "sweep");
    const result = runSweep(dataset.train, dataset.test!, datasetShape(dataset), {
      method: context.options.method as FactorMethod,
      ks: context.options.k as number[],
      lambdas: context.options.lambda as number[],
      maxEpochs: context.options.epochs as number,
      seed: context.seed,
      onProgress: context.onProgress,
    });
    const outDir = context.outDir!;
    const plots = await sweepPlots(result);
    const rows = result.rows.map((row) => ({
      k: row.k,
      lambda: row.lambda,
      e_in: row.eIn,
      e_out: row.eOut,
      rmse_train: row.rmseTrain,
      rmse_test: row.rmseTest,
      epochs: row.epochs,
      stop: row.stop,
      seconds: row.seconds,
    }));
    const markdown = [
      `# ${result.method.toUpperCase()} sweep over k and λ`,
      "",
      `Data: ${description}.`,
      "",
      "E_in (mean ½ squared error on the training ratings):",
      "",
      sweepTable(result, "eIn"),
      "",
      "E_out (the same on the test ratings):",
      "",
      sweepTable(result, "eOut"),
      "",
      "![E_in](e-in-vs-k.svg)",
      "",
      "![E_out](e-out-vs-k.svg)",
      "",
    ].join("\n");
    const files = {
      table: join(outDir, "sweep.md"),
      rows: join(outDir, "sweep.json"),
      e_in_plot: join(outDir, "e-in-vs-k.svg"),
      e_out_plot: join(outDir, "e-out-vs-k.svg"),
    };
    await writeFileAtomic(files.e_in_plot, plots.eIn);
    await writeFileAtomic(files.e_out_plot, plots.eOut);
    await writeJsonAtomic(files.rows, { method: result.method, data: description, rows });
    await writeFileAtomic(files.table, markdown);
    context.print("E_in:");
    context.print(sweepTable(result, "eIn"));
    context.print("E_out:");
    context.print(sweepTable(result, "eOut"));
    context.print(`tables and plots: ${outDir}`);
    return {
      method: result.method,
      ks: result.ks,
      lambdas: result.lambdas,
      data: description,
      rows,
      out: outDir,
      files,
      seconds: seconds(started),
    };
  },
});

const modelOption = {
  model: {
    type: "path",
    description: "folder of a model saved by `lab recsys train`",
    required: true,
    valueName: "DIR",
  },
} as const;

const recommendCommand = defineCommand({
  name: "recommend",
  summary: "the top-N items a user has not rated, by predicted rating, with titles",
  options: {
    ...modelOption,
    user: {
      type: "integer",
      description: "user id as in the ratings file",
      required: true,
      min: 0,
      valueName: "ID",
    },
    n: { type: "integer", description: "how many items", default: 10, min: 1 },
  },
  examples: ["pnpm lab recsys recommend --model lab-out/recsys-model --user 1 --n 10 --json"],
  async run(context) {
    const recommender = await loadRecommender(context.options.model as string);
    const user = context.options.user as number;
    const picks = recommender.recommend(user, context.options.n as number);
    context.print(
      `user ${user} rated ${recommender.ratedCount(user)} items in training; top ${picks.length} of the rest:`,
    );
    picks.forEach((pick, rank) => {
      context.print(
        `${String(rank + 1).padStart(3)}. ${pick.score.toFixed(3)}  ${pick.title ?? `item ${pick.itemId}`}`,
      );
    });
    return {
      user,
      rated: recommender.ratedCount(user),
      method: recommender.model.method,
      recommendations: picks.map((pick) => ({ item: pick.itemId, title: pick.title, score: pick.score })),
    };
  },
});

const similarCommand = defineCommand({
  name: "similar",
  summary: "items nearest to an item by cosine similarity of their factor vectors",
  options: {
    ...modelOption,
    item: {
      type: "integer",
      description: "item id as in the ratings file",
      required: true,
      min: 0,
      valueName: "ID",
    },
    n: { type: "integer", description: "how many items", default: 10, min: 1 },
  },
  examples: ["pnpm lab recsys similar --model lab-out/recsys-model --item 1 --n 10 --json"],
  async run(context) {
    const recommender = await loadRecommender(context.options.model as string);
    const item = context.options.item as number;
    const neighbours = recommender.similarItems(item, context.options.n as number);
    const anchor = recommender.titles?.get(item) ?? `item ${item}`;
    context.print(`nearest to ${anchor}:`);
    neighbours.forEach((neighbour, rank) => {
      context.print(
        `${String(rank + 1).padStart(3)}. ${neighbour.similarity.toFixed(3)}  ${neighbour.title ?? `item ${neighbour.itemId}`}`,
      );
    });
    return {
      item,
      title: recommender.titles?.get(item) ?? null,
      similar: neighbours.map((neighbour) => ({
        item: neighbour.itemId,
        title: neighbour.title,
        similarity: neighbour.similarity,
      })),
    };
  },
});

const reproduceCommand = defineCommand({
  name: "reproduce",
  summary: "rerun CS155 set 5 part 2 (problems 2A-2E) and write a Markdown report with plots",
  training: { defaultOut: "lab-out/recsys-reproduce" },
  options: {
    data: {
      type: "string",
      description: "auto: movielens-100k when LAB_DATA_DIR or the cache has it, else synthetic",
      default: "auto",
      choices: ["auto", "movielens-100k", "synthetic"],
    },
    k: { type: "integer-list", description: "k values of the sweep", default: SET5_KS, min: 1 },
    lambda: { type: "number-list", description: "λ values of the sweep", default: SET5_LAMBDAS, min: 0 },
    epochs: { type: "integer", description: "at most this many epochs per run", default: 300, min: 1 },
  },
  examples: [
    "pnpm lab recsys reproduce --out lab-out/recsys",
    "pnpm lab recsys reproduce --data synthetic --k 5,10 --out lab-out/recsys-quick",
  ],
  async run(context) {
    const started = performance.now();
    const wanted = context.options.data as string;
    const location = locateDataset("movielens-100k", {
      dataDir: context.env.LAB_DATA_DIR ?? null,
      cacheDir: context.env.LAB_CACHE_DIR,
      cwd: context.cwd,
      file: "u.data",
    });
    if (wanted === "movielens-100k" && location.path === null) {
      throw new UsageError(
        "recsys reproduce: --data movielens-100k, but it is neither in LAB_DATA_DIR nor the cache; fetch it with `lab data fetch movielens-100k` or use --data synthetic",
      );
    }
    let dataset: RatingsDataset;
    let dataName: string;
    let titles: ItemTitles | null = null;
    let dataLabel: string;
    if (wanted !== "synthetic" && location.path !== null) {
      const movielens = await loadMovieLensDataset(location.path, { seed: context.seed ?? 1 });
      ({ dataset, titles } = movielens);
      dataName = `${movielens.description}; found in ${location.status === "data-dir" ? "LAB_DATA_DIR" : "the cache"}`;
      dataLabel = "movielens-100k";
    } else {
      const synthetic = syntheticRatings({ seed: context.seed ?? 1, testFraction: 0.1 });
      dataset = synthetic.dataset;
      dataName = `${synthetic.description}; noise floor E_out = ${synthetic.noiseFloor.eOut.toFixed(4)} (movielens-100k ${wanted === "synthetic" ? "not requested" : "not found in LAB_DATA_DIR or the cache"})`;
      dataLabel = "synthetic";
    }
    context.note(`data: ${dataName}`);
    const report = await buildMatrixFactorizationReport({
      dataset,
      dataName,
      titles,
      ks: context.options.k as number[],
      lambdas: context.options.lambda as number[],
      maxEpochs: context.options.epochs as number,
      seed: context.seed,
      onProgress: context.onProgress,
    });
    const outDir = context.outDir!;
    for (const [name, contents] of Object.entries(report.files))
      await writeFileAtomic(join(outDir, name), contents);
    const run = (entry: typeof report.sgd) => ({
      k: entry.k,
      lambda: entry.lambda,
      epochs: entry.epochs,
      stop: entry.stop,
      e_in: entry.eIn,
      e_out: entry.eOut,
      rmse_train: entry.rmseTrain,
      rmse_test: entry.rmseTest,
      seconds: entry.seconds,
    });
    context.print(
      `2A gradient check: max relative difference ${report.gradientCheck.maxError.toExponential(2)}`,
    );
    context.print(
      `2B ALS: objective increased in ${report.als.objectiveIncreases} of ${report.als.epochs} sweeps`,
    );
    context.print(
      `2C SGD: ${report.sgd.epochs} epochs, E_in ${report.sgd.eIn.toFixed(4)}, E_out ${report.sgd.eOut.toFixed(4)}`,
    );
    context.print("2E E_out (rows λ, columns k):");
    context.print(sweepTable(report.sweep, "eOut"));
    context.print(`report: ${join(outDir, "report.md")}`);
    return {
      out: outDir,
      report: join(outDir, "report.md"),
      data: dataLabel,
      data_description: dataName,
      gradient_check: {
        parameters: report.gradientCheck.parameters,
        max_error: report.gradientCheck.maxError,
      },
      sgd: run(report.sgd),
      als: { ...run(report.als), objective_increases: report.als.objectiveIncreases },
      biased: run(report.biased),
      sweep: report.sweep.rows.map((row) => ({
        k: row.k,
        lambda: row.lambda,
        e_in: row.eIn,
        e_out: row.eOut,
        epochs: row.epochs,
      })),
      seconds: seconds(started),
    };
  },
});

export const recsysCommands = defineGroup({
  name: "recsys",
  summary:
    "matrix factorization (SGD, ALS, biased MF), k × λ sweeps, top-N recommendations; the set 5 part 2 report",
  commands: [trainCommand, sweepCommand, recommendCommand, similarCommand, reproduceCommand],
});
