import { mkdir, readdir, readFile } from "node:fs/promises";
import { build } from "esbuild";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { statefulMockPerFile } from "./helpers/cli-flow.js";
import { requireBuild, root, run } from "./helpers/process.js";

const baseUrl = inject("prismUrl");
const out = `${root}.tmp/examples`;
// The examples import the package by its name, as users do; inside this folder Node resolves
// that to the build through package.json's exports.
const env = { CRYPTOMATE_API_KEY: "example-key", CRYPTOMATE_BASE_URL: baseUrl, CRYPTOMATE_LOG: "off" };

beforeAll(async () => {
  requireBuild("index.js");
  await mkdir(out, { recursive: true });
  const entries = (await readdir(`${root}examples`)).filter((file) => file.endsWith(".ts"));
  await build({
    entryPoints: entries.map((file) => `${root}examples/${file}`),
    outdir: out,
    outExtension: { ".js": ".mjs" },
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent",
  });
});

const stateful = statefulMockPerFile(0);

/** The lines of `text` between the `// README:begin` and `// README:end` markers, or all of it. */
function marked(text: string): string {
  const lines = text.split("\n");
  const begin = lines.indexOf("// README:begin");
  const end = lines.indexOf("// README:end");
  return (begin === -1 ? lines : lines.slice(begin + 1, end)).join("\n").trim();
}

describe("examples/", () => {
  it("flow: the README's five steps run as written against the stateful mock, twice", async () => {
    const image = `${root}examples/passport.jpg`;
    const flowEnv = { ...env, CRYPTOMATE_BASE_URL: stateful.baseUrl() };
    for (const round of [1, 2]) {
      const result = await run(process.execPath, [`${out}/flow.mjs`, image], { env: flowEnv });
      expect(result.code, `round ${round}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/^\w+: in_kyc\nlatest request \w+: (in_kyc|enabled)\n$/);
      expect(result.stderr).toBe("");
    }
    // Without a key the client says which variable to set.
    const keyless = await run(process.execPath, [`${out}/flow.mjs`, image], {
      env: { ...flowEnv, CRYPTOMATE_API_KEY: "" },
    });
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toContain("CRYPTOMATE_API_KEY");
  });

  it("flow: the README's snippet is the example's code", async () => {
    const readme = await readFile(`${root}README.md`, "utf8");
    const section = readme.slice(readme.indexOf("## The flow in five steps"));
    const snippet = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const example = await readFile(`${root}examples/flow.ts`, "utf8");
    const imports = example.split("\n").filter((line) => line.startsWith("import "));
    expect(snippet).toContain(imports.join("\n"));
    expect(
      marked(
        snippet
          .split("\n")
          .filter((line) => !line.startsWith("import "))
          .join("\n"),
      ),
    ).toBe(marked(example));
  });

  it("request-one: prints the status and what is missing, and names a 404", async () => {
    const ok = await run(process.execPath, [`${out}/request-one.mjs`, "test_200_missingData"], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^test_200_missingData: pending_documentation \(request \w+, trace [0-9a-f]{32}\)/);
    expect(ok.stdout).toContain("needs data: Personal information");
    const missing = await run(process.execPath, [`${out}/request-one.mjs`, "test_404_notFound"], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("test_404_notFound: no such client");
  });

  it("batch-with-progress: one line per id and a summary", async () => {
    const ids = ["a1", "test_200_enabled", "test_412_preconditionFailed"];
    const result = await run(process.execPath, [`${out}/batch-with-progress.mjs`, ...ids], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("test_200_enabled\tenabled");
    expect(result.stdout).toContain("test_412_preconditionFailed\tfailed: CryptoMatePreconditionFailedError");
    expect(JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "")).toEqual({ succeeded: 2, failed: 1 });
    expect(result.stderr).toContain("3/3 done");
  });

  it("mock-scenarios.test: passes under node --test with no server", async () => {
    // The default reporter differs between Node lines (TAP on 20 and 22, "spec" on 24): ask for TAP.
    const result = await run(process.execPath, ["--test", "--test-reporter=tap", `${out}/mock-scenarios.test.mjs`], {
      env: { CRYPTOMATE_LOG: "off" },
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const lines = result.stdout.split("\n"); // top-level TAP lines are not indented
    expect(lines).toContain("1..2");
    expect(lines.filter((line) => /^ok \d+ - /.test(line))).toHaveLength(2);
    expect(lines.filter((line) => /^not ok \d+ - /.test(line))).toEqual([]);
    expect(lines).toContain("# pass 2");
    expect(lines).toContain("# fail 0");
  });
});
