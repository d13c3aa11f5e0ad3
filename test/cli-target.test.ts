import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CLI_ENV, cli, penalizingServerPerTest, tempDirPerFile } from "./helpers/cli.js";
import { run } from "./helpers/process.js";

const files = tempDirPerFile("cryptomate-target-");
const penalize = penalizingServerPerTest();
const env = CLI_ENV;

const PRODUCTION = "https://api.cryptomate.me";
const SANDBOX = "https://api.sandbox.cryptomate.me";

/** The journal's lines that say where and what its runs send. */
async function targets(path: string) {
  return (await readFile(path, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.clientId === undefined);
}

async function ids(name: string, list: string[]) {
  const path = files.path(name);
  await writeFile(path, `${list.join("\n")}\n`);
  return path;
}

describe("cryptomate-enable batch: the journal records where and what it sent", () => {
  it("refuses a rerun against another host with another product, naming both, and sends nothing", async () => {
    const a = await penalize();
    const b = await penalize();
    const input = await ids("ab.txt", ["x1", "x2", "x3"]);
    const out = files.path("ab.jsonl");
    const first = await run(process.execPath, [cli(), "batch", input, "--out", out, "--base-url", a.url], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(await targets(out)).toEqual([{ baseUrl: a.url, product: "cards_individuals", at: expect.any(String) }]);

    const args = [cli(), "batch", input, "--out", out, "--base-url", b.url, "--product", "cards_companies"];
    const second = await run(process.execPath, args, { env });
    expect(second.code).toBe(2);
    const lines = second.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    for (const text of [a.url, b.url, "cards_individuals", "cards_companies", "new file"]) {
      expect(lines[0]).toContain(text);
    }
    expect(b.stats.received).toBe(0);

    const dry = await run(process.execPath, [...args, "--dry-run"], { env: { CRYPTOMATE_API_KEY: "" } });
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain(b.url);
    expect(dry.stderr).not.toContain("Dry run");
  });

  it("refuses the same host with another product, and another host with the same product", async () => {
    const a = await penalize();
    const b = await penalize();
    const input = await ids("one-diff.txt", ["y1"]);
    const out = files.path("one-diff.jsonl");
    const base = [cli(), "batch", input, "--out", out];
    expect((await run(process.execPath, [...base, "--base-url", a.url], { env })).code).toBe(0);
    const product = await run(process.execPath, [...base, "--base-url", a.url, "--product", "cards_companies"], {
      env,
    });
    expect(product.code).toBe(2);
    expect(product.stderr).toContain("cards_companies");
    const host = await run(process.execPath, [...base, "--base-url", b.url], { env });
    expect(host.code).toBe(2);
    expect(host.stderr).toContain(b.url);
    expect(a.stats.received + b.stats.received).toBe(1);
  });

  it("compares base URLs in normalized form: a trailing slash is the same host", async () => {
    const server = await penalize();
    const input = await ids("slash.txt", ["s1", "s2"]);
    const out = files.path("slash.jsonl");
    const first = await run(process.execPath, [cli(), "batch", input, "--out", out, "--base-url", `${server.url}/`], {
      env,
    });
    expect(first.code, first.stderr).toBe(0);
    const second = await run(process.execPath, [cli(), "batch", input, "--out", out, "--base-url", server.url], {
      env,
    });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("Skipping 2 id(s) already recorded as succeeded");
    expect(await targets(out)).toHaveLength(1);
  });

  it("takes production by default and the sandbox with --sandbox or its URL", async () => {
    const input = await ids("envs.txt", ["e1"]);
    const out = files.path("envs.jsonl");
    await writeFile(out, `${JSON.stringify({ baseUrl: SANDBOX, product: "cards_individuals", at: "x" })}\n`);
    const dry = [cli(), "batch", input, "--out", out, "--dry-run"];
    const noKey = { env: { CRYPTOMATE_API_KEY: "" } };
    for (const flags of [["--sandbox"], ["--base-url", SANDBOX], ["--base-url", `${SANDBOX}/`]]) {
      const result = await run(process.execPath, [...dry, ...flags], noKey);
      expect(result.code, `${flags.join(" ")}: ${result.stderr}`).toBe(0);
    }
    const production = await run(process.execPath, dry, noKey);
    expect(production.code).toBe(2);
    expect(production.stderr).toContain(SANDBOX);
    expect(production.stderr).toContain(PRODUCTION);
  });

  it("accepts a journal from an earlier version, which has no such line, and records this run's", async () => {
    const server = await penalize();
    const input = await ids("legacy.txt", ["l1", "l2"]);
    const out = files.path("legacy.jsonl");
    await writeFile(
      out,
      '{"clientId":"l1","state":"succeeded","ok":true,"id":"r1","status":"pending_documentation"}\n',
    );
    const args = [cli(), "batch", input, "--out", out, "--base-url", server.url];
    const first = await run(process.execPath, args, { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("Skipping 1 id(s) already recorded as succeeded");
    expect(server.stats.received).toBe(1);
    expect(await targets(out)).toEqual([{ baseUrl: server.url, product: "cards_individuals", at: expect.any(String) }]);
    const other = await run(process.execPath, [...args, "--product", "cards_companies"], { env });
    expect(other.code).toBe(2);
    expect(server.stats.received).toBe(1);
  });
});
