import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("examples/quickstart.ts runs and prints what the README says", () => {
  const stdout = execFileSync(
    process.execPath,
    [
      "--conditions=@lab/source",
      "--import",
      "tsx",
      fileURLToPath(new URL("./quickstart.ts", import.meta.url)),
    ],
    { encoding: "utf8", cwd: fileURLToPath(new URL("..", import.meta.url)) },
  );
  // The embedded catalog is pinned (@huggingface/tasks 0.21.54) and every step is deterministic;
  // the README quotes these lines.
  expect(stdout.trim().split("\n")).toEqual([
    "jaccard: facebook/seamless-m4t-v2-large 1.000, facebook/w2v-bert-2.0 1.000",
    "cosine: nvidia/canary-1b 0.706, pyannote/speaker-diarization-3.1 0.648",
    "dbscan: cluster of 5: facebook/seamless-m4t-v2-large 1.000, facebook/w2v-bert-2.0 1.000",
    "search: facebook/sapiens-seg-1b 0.851, ZhengPeng7/BiRefNet 0.780",
    "kmeans: 10 clusters, largest 106",
    "index: 35928 bytes; nvidia/canary-1b 0.706, pyannote/speaker-diarization-3.1 0.648",
  ]);
});
