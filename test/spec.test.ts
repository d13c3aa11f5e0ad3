import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { pathOf, renderAll } from "../scripts/generate.mjs";

const run = promisify(execFile);

describe("the spec and what is generated from it", () => {
  it("passes redocly lint with no error and no warning", async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ["node_modules/@redocly/cli/bin/cli.js", "lint", "--format", "json"],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    );
    const report = JSON.parse(stdout.slice(stdout.indexOf("{")));
    expect(report.totals, stderr).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it("carries the package's version as info.version", async () => {
    const { version } = JSON.parse(await readFile(pathOf("package.json"), "utf8")) as { version: string };
    const spec = await readFile(pathOf("openapi/openapi.yaml"), "utf8");
    expect(/^info:\n(?: {2}.*\n)*? {2}version: (.*)$/m.exec(spec)?.[1]).toBe(version);
  });

  it("has committed generated files that match the spec", async () => {
    const files: Record<string, string> = await renderAll();
    for (const [relative, expected] of Object.entries(files)) {
      const committed = await readFile(pathOf(relative), "utf8");
      expect(committed, `${relative} is stale: run npm run generate`).toBe(expected);
    }
  });
});
