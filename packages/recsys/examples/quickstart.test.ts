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
  const lines = stdout.trim().split("\n");
  // Seeded runs give these exact numbers; the README quotes them.
  expect(lines).toEqual([
    "sgd: 15 epochs (tolerance), E_in 0.0432, E_out 0.0578",
    "noise floor E_out: 0.0498",
    "als: 9 sweeps, E_out 0.0538",
    "user 1: items 90, 41, 130",
    "reloaded: items 90, 41, 130",
  ]);
});
