import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { requireBuild, root, run } from "./helpers/process.js";

const require = createRequire(import.meta.url);
const baseUrl = inject("prismUrl");
const smoke = `${root}test/fixtures/runtime-smoke.mjs`;

/** The runtimes' binaries, as their npm packages ship them (no install script needed). */
function binary(manifest: string, file: string): string | undefined {
  try {
    const path = join(dirname(require.resolve(manifest)), file);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const runtimes: [string, string | undefined, string[]][] = [
  ["Node", process.execPath, [smoke, baseUrl]],
  ["Bun", binary("bun/package.json", "bin/bun.exe"), ["run", smoke, baseUrl]],
  [
    "Deno",
    binary("@deno/linux-x64-glibc/package.json", "deno"),
    ["run", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", smoke, baseUrl],
  ],
];

describe("the built package on other runtimes", () => {
  for (const [name, command, args] of runtimes) {
    it(`runs on ${name}: a success and a typed 404 against the mock`, async () => {
      requireBuild("index.js");
      expect(command, `${name} is a pinned dev dependency: npm ci installs it`).toBeDefined();
      const result = await run(command as string, args, { env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" } });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "")).toEqual({
        status: "in_kyc",
        typed404: true,
        errorStatus: 404,
        traceId: "string",
      });
    }, 60_000);
  }
});
