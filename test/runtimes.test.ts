import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { describe, expect, inject, it } from "vitest";
import { freePort } from "../src/mock/start.js";
import { requireBuild, root, run, start } from "./helpers/process.js";

const require = createRequire(import.meta.url);
const baseUrl = inject("prismUrl");
const smoke = `${root}test/fixtures/runtime-smoke.mjs`;
const expected = { status: "in_kyc", typed404: true, errorStatus: 404, traceId: "string" };

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
      expect(JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "")).toEqual(expected);
    }, 60_000);
  }

  it("runs on Cloudflare's workerd: a success and a typed 404 against the mock", async () => {
    requireBuild("index.js");
    const workerd = binary("@cloudflare/workerd-linux-64/package.json", "bin/workerd");
    expect(workerd, "workerd is a pinned dev dependency: npm ci installs it").toBeDefined();
    const dir = `${root}.tmp/workerd`;
    await mkdir(dir, { recursive: true });
    await build({
      entryPoints: [`${root}test/fixtures/worker-smoke.mjs`],
      bundle: true,
      format: "esm",
      platform: "neutral",
      outfile: `${dir}/worker.mjs`,
      logLevel: "silent",
    });
    const port = await freePort();
    await writeFile(
      `${dir}/config.capnp`,
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker), (name = "loopback", network = (allow = ["local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.mjs") ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
);
`,
    );
    const server = start(workerd as string, ["serve", `${dir}/config.capnp`]);
    try {
      const url = `http://127.0.0.1:${port}/?mock=${encodeURIComponent(baseUrl)}`;
      let answer: Response | undefined;
      for (let tries = 0; tries < 100 && !answer; tries++) {
        answer = await fetch(url).catch(() => new Promise<undefined>((resolve) => setTimeout(resolve, 100)));
      }
      expect(answer?.status, server.output().stderr).toBe(200);
      expect(await answer?.json()).toEqual(expected);
    } finally {
      server.child.kill("SIGKILL");
      await server.done;
    }
  }, 60_000);
});
