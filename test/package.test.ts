import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuild, root, run } from "./helpers/process.js";
import { SEED_CLIENT_ID, seedResponse, sendJson, startServer, type TestServer } from "./helpers/server.js";

const npm = process.env.npm_execpath ?? "npm";
const npmCommand = npm.endsWith(".js") ? [process.execPath, npm] : [npm];
let project: string;
let server: TestServer;
let bad: TestServer;
let packed: string[] = [];
let tarball: string;

function npmRun(args: string[], cwd = root) {
  const [command, ...prefix] = npmCommand;
  return run(command as string, [...prefix, ...args, "--prefix", cwd]);
}

beforeAll(async () => {
  requireBuild("index.js");
  project = await mkdtemp(join(tmpdir(), "cryptomate-consumer-"));
  // --ignore-scripts: packing must not rebuild dist/ under the feet of other test files.
  const pack = await npmRun(["pack", "--json", "--ignore-scripts", "--pack-destination", project]);
  if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = info?.files.map((file) => file.path) ?? [];
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  tarball = join(project, (await readdir(project)).find((name) => name.endsWith(".tgz")) as string);
  const install = await npmRun(
    ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--omit=peer"],
    project,
  );
  if (install.code !== 0) throw new Error(`npm install failed: ${install.stderr}`);
  server = await startServer((_req, res) => sendJson(res, 201, seedResponse));
  const { id: _id, ...withoutId } = seedResponse;
  bad = await startServer((_req, res) => sendJson(res, 200, withoutId));
}, 180_000);

afterAll(async () => {
  await server?.close();
  await bad?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

const program = (load: string) => `
${load}
const client = pkg.createCryptoMateClient({ apiKey: "consumer-key-123", baseUrl: process.env.API });
const request = await client.requestProductEnablement("${SEED_CLIENT_ID}", { subproduct: "cards_individuals" });
const strict = pkg.createCryptoMateClient({ apiKey: "consumer-key-123", baseUrl: process.env.BAD, validateResponses: true });
const invalid = await strict.requestProductEnablement("x", { subproduct: "cards_individuals" }).catch((error) => error);
let refused;
try { pkg.createCryptoMateClient({ apiKey: "test-key-1", baseUrl: "http://example.com" }); } catch (error) { refused = error.message; }
console.log(JSON.stringify({
  status: request.status,
  errorIsBase: new pkg.CryptoMateNotFoundError({ status: 404, method: "POST", url: "https://x", body: "", headers: new Headers() }) instanceof pkg.CryptoMateError,
  checklist: checklist.formatChecklist(request).split("\\n")[0],
  refused,
  validation: invalid instanceof pkg.CryptoMateValidationError && invalid instanceof pkg.CryptoMateError ? invalid.field : String(invalid),
}));`;

describe("the packed package, installed into a fresh project", () => {
  it("ships only what users need", () => {
    expect(packed.some((path) => path.startsWith("src/") || path.startsWith("test/"))).toBe(false);
    expect(packed).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "SECURITY.md",
        "openapi/openapi.yaml",
        "dist/redis.js",
        "dist/msw.js",
        "dist/index.js",
        "dist/index.cjs",
        "dist/index.d.ts",
        "dist/index.d.cts",
      ]),
    );
  });

  it("imports as ESM", async () => {
    const load = `const pkg = await import("cryptomate-product-enablement"); const checklist = await import("cryptomate-product-enablement/checklist");`;
    const file = join(project, "esm.mjs");
    await writeFile(file, program(load));
    const result = await run(process.execPath, [file], { env: { API: server.url, BAD: bad.url } });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      status: "pending_documentation",
      errorIsBase: true,
      checklist: "Enablement request 2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh",
      refused: expect.stringContaining("baseUrl must use https:"),
      validation: "id",
    });
  });

  it("requires as CommonJS", async () => {
    const load = `const pkg = require("cryptomate-product-enablement"); const checklist = require("cryptomate-product-enablement/checklist");`;
    const file = join(project, "cjs.cjs");
    await writeFile(file, `(async () => {${program(load)}})().catch((e) => { console.error(e); process.exit(1); });`);
    const result = await run(process.execPath, [file], { env: { API: server.url, BAD: bad.url } });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: "pending_documentation",
      errorIsBase: true,
      validation: "id",
    });
  });

  it("type-checks a TypeScript consumer under node16 resolution", async () => {
    await writeFile(
      join(project, "consumer.ts"),
      `import { createCryptoMateClient, type ProductEnablementRequest } from "cryptomate-product-enablement";
import { formatChecklist } from "cryptomate-product-enablement/checklist";
import { specPath } from "cryptomate-product-enablement/mock";
const client = createCryptoMateClient({ apiKey: "test-key-1" });
export const pending: Promise<ProductEnablementRequest> = client.requestProductEnablement("id", { subproduct: "cards_individuals" });
export const text: (r: ProductEnablementRequest) => string = formatChecklist;
export const spec: string = specPath;
`,
    );
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "node16",
          moduleResolution: "node16",
          strict: true,
          noEmit: true,
          lib: ["ES2022", "DOM"],
          types: [],
          skipLibCheck: false,
        },
        files: ["consumer.ts"],
      }),
    );
    const result = await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", project]);
    expect(result.code, result.stdout).toBe(0);
  });

  it("links both bins; the mock names its missing optional peer", async () => {
    const help = await run(join(project, "node_modules/.bin/cryptomate-enable"), ["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain("cryptomate-enable batch <file> --out <results.jsonl>");
    const mock = await run(join(project, "node_modules/.bin/cryptomate-enable-mock"), ["--port", "4999"]);
    expect(mock.code).toBe(2);
    expect(mock.stderr).toContain("needs @stoplight/prism-cli");
  });

  it("passes publint and arethetypeswrong", async () => {
    // Both read as data (publint's messages, attw's JSON report), not as the wording they print.
    const bytes = await readFile(tarball);
    const packedBytes = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const lint = await publint({ pack: { tarball: packedBytes }, strict: true });
    expect(lint.messages.map((message) => formatMessage(message, lint.pkg))).toEqual([]);
    const attw = await run(process.execPath, [
      `${root}node_modules/@arethetypeswrong/cli/dist/index.js`,
      tarball,
      "--exclude-entrypoints",
      "./openapi.yaml",
      "--format",
      "json",
    ]);
    expect(attw.code, attw.stdout + attw.stderr).toBe(0);
    const { analysis } = JSON.parse(attw.stdout) as { analysis: { entrypoints: object; problems: unknown[] } };
    expect(Object.keys(analysis.entrypoints)).toContain("./msw");
    expect(analysis.problems).toEqual([]);
  });
});
