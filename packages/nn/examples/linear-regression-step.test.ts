import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("examples/linear-regression-step.ts runs a forward + backward pass in onnxruntime", () => {
  const stdout = execFileSync(
    process.execPath,
    [
      "--conditions=@lab/source",
      "--import",
      "tsx",
      fileURLToPath(new URL("./linear-regression-step.ts", import.meta.url)),
    ],
    { encoding: "utf8", cwd: fileURLToPath(new URL("..", import.meta.url)) },
  );
  const loss = Number(/loss: ([\d.]+)/.exec(stdout)?.[1]);
  const gradient = /d loss \/ d weight: (.*)/.exec(stdout)?.[1]?.split(", ").map(Number) ?? [];
  expect(loss).toBeGreaterThan(0);
  expect(gradient).toHaveLength(3);
  // Rows (1,2,3) and (4,5,6) differ by (3,3,3), so the gradient's components are evenly spaced.
  expect(gradient[1]! - gradient[0]!).toBeCloseTo(gradient[2]! - gradient[1]!, 3);
});
