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
  expect(stdout).toContain("svd: u 3×2, s = [3, 2], v 2×2");
  expect(stdout).toContain("pca explained variance ratio: 0.9997");
  expect(stdout).toContain("κ(X) = 1.5, κ(XᵀX) = 2.25");
  expect(stdout).toContain("nearest by Jaccard: 1, 0, 3, 2");
});
