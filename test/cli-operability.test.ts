import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CLI_ENV, cli, penalizingServerPerTest, tempDirPerFile } from "./helpers/cli.js";
import { root, run } from "./helpers/process.js";
import { TEST_KEY } from "./helpers/server.js";

const files = tempDirPerFile("cryptomate-ops-");
const penalize = penalizingServerPerTest();
const env = CLI_ENV;

async function input(name: string, text: string) {
  const path = files.path(name);
  await writeFile(path, text);
  return path;
}

describe("cryptomate-enable for operators and scripts", () => {
  it("prints the package version", async () => {
    const { version } = JSON.parse(await readFile(`${root}package.json`, "utf8")) as { version: string };
    const result = await run(process.execPath, [cli(), "--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  it("ends a batch with one JSON summary on stdout with --json, counting rows without an id", async () => {
    const server = await penalize({
      answer: (id) => (id === "ghost" ? { status: 404, body: { code: "NOT_FOUND", message: "nope" } } : undefined),
    });
    const file = await input("summary.csv", "name,client_id\nA,a1\nB,\nC,a2\nD,a1\nE,ghost\n");
    const out = files.path("summary.jsonl");
    const result = await run(
      process.execPath,
      [cli(), "batch", file, "--out", out, "--base-url", server.url, "--json"],
      { env },
    );
    expect(result.code, result.stderr).toBe(1);
    const last = result.stdout.trim().split("\n").at(-1) ?? "";
    expect(JSON.parse(last)).toMatchObject({
      succeeded: 2,
      failed: 1,
      skipped: 0,
      inDoubt: 0,
      duplicates: 1,
      missing: 1,
      seconds: expect.any(Number),
    });
    expect(result.stderr).toContain("1 row(s) without a client_id");
  });

  it("says what a dry run would send and how long it takes, and sends and writes nothing", async () => {
    const server = await penalize();
    const file = await input("dry.txt", Array.from({ length: 45 }, (_, i) => `d-${i}`).join("\n"));
    const out = files.path("dry.jsonl");
    await writeFile(out, '{"clientId":"d-0","state":"succeeded","ok":true}\n');
    const args = [cli(), "batch", file, "--out", out, "--base-url", server.url, "--dry-run", "--json", "--rate", "4"];
    const result = await run(process.execPath, args, { env: { CRYPTOMATE_API_KEY: "" } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("would send 44 id(s) (1 already done");
    expect(result.stderr).toContain("at 4 requests/s that takes about 11s");
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, toSend: 44, skipped: 1, estimatedSeconds: 11 });
    expect(server.stats.received).toBe(0);
    expect(await readFile(out, "utf8")).toBe('{"clientId":"d-0","state":"succeeded","ok":true}\n');
  });

  it("refuses a directory as --out in one line with exit 2, before sending anything", async () => {
    const server = await penalize();
    const file = await input("dir-out.txt", "x1\n");
    const out = files.path("a-directory");
    await mkdir(out);
    const result = await run(process.execPath, [cli(), "batch", file, "--out", out, "--base-url", server.url], {
      env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot read ${out}: EISDIR`);
    expect(result.stderr).not.toContain("    at ");
    expect(server.stats.received).toBe(0);
  });

  it("shows every attempt with --verbose on stderr, never the key", async () => {
    const server = await penalize();
    const result = await run(process.execPath, [cli(), "request", "v1", "--base-url", server.url, "--verbose"], {
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /\[cryptomate\] POST \/management\/clients\/individuals\/v1\/products \(attempt 1 of 3\) -> 200/,
    );
    expect(result.stderr + result.stdout).not.toContain(TEST_KEY);
  });

  it("keeps stdout for the JSON summary whatever CRYPTOMATE_LOG says", async () => {
    const server = await penalize();
    const file = await input("logged.txt", "l1\nl2\n");
    const result = await run(
      process.execPath,
      [cli(), "batch", file, "--out", files.path("logged.jsonl"), "--base-url", server.url, "--json"],
      { env: { ...env, CRYPTOMATE_LOG: "debug" } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: 2 });
    expect(result.stderr).toContain("(attempt 1 of 3) -> 200");
  });

  it("shows a pace no faster than the limit and an ETA of at least a second while ids are left", async () => {
    const server = await penalize({ latencyMs: 50 });
    const file = await input("pace.txt", Array.from({ length: 50 }, (_, i) => `p-${i}`).join("\n"));
    const out = files.path("pace.jsonl");
    const result = await run(process.execPath, [cli(), "batch", file, "--out", out, "--base-url", server.url], {
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = [...result.stderr.matchAll(/progress: (\d+)\/50 {2}([\d.]+)\/s {2}ETA (\S+)/g)];
    expect(lines.length).toBeGreaterThan(1);
    for (const [, done, rate, eta] of lines) {
      expect(Number(rate)).toBeLessThanOrEqual(15);
      if (Number(done) < 50) expect(eta).not.toBe("0s");
    }
    expect(existsSync(out)).toBe(true);
  });
});
