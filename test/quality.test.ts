import { describe, expect, it } from "vitest";
import { run } from "./helpers/process.js";

describe("code quality gates", () => {
  it("passes Biome's lint and format check with no warning", async () => {
    const result = await run(process.execPath, [
      "node_modules/@biomejs/biome/bin/biome",
      "check",
      ".",
      "--error-on-warnings",
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it("type-checks sources, tests and scripts with tsc --noEmit", async () => {
    const result = await run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "."]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});
