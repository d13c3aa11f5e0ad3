import { readFile, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ENV, cli, penalizingServerPerTest, tempDirPerFile } from "./helpers/cli.js";
import { run, start } from "./helpers/process.js";
import { type RedisServer, skipRedis, startRedis } from "./helpers/redis.js";

const files = tempDirPerFile("cryptomate-journal-");
const penalize = penalizingServerPerTest();
const env = CLI_ENV;

type Line = Record<string, unknown> & { clientId: string; state: string };

/** The journal's lines; a line torn by a crash (not JSON) is left out, as the CLI does. */
async function journal(path: string): Promise<Line[]> {
  return (await readFile(path, "utf8"))
    .split("\n")
    .filter((line) => line.startsWith("{") && line.endsWith("}"))
    .map((line) => JSON.parse(line) as Line);
}

/** The state of each id after the journal's last line about it. */
async function finalStates(path: string): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  for (const line of await journal(path)) states.set(line.clientId, line.state);
  return states;
}

async function until(condition: () => boolean, timeoutMs = 20_000) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe("cryptomate-enable batch after a hard crash", () => {
  for (const moment of [1, 12, 31]) {
    it(`never resends an id without --resend-in-doubt when killed after ${moment} request(s) arrived`, async () => {
      const server = await penalize({ latencyMs: 300 });
      const input = files.path(`kill-${moment}.txt`);
      const out = files.path(`kill-${moment}.jsonl`);
      const ids = Array.from({ length: 45 }, (_, i) => `k${moment}-${i}`);
      await writeFile(input, ids.join("\n"));
      const args = [cli(), "batch", input, "--out", out, "--base-url", server.url];

      const first = start(process.execPath, args, { env });
      await until(() => (server.stats.received ?? 0) >= moment);
      first.child.kill("SIGKILL");
      await first.done;

      const second = await run(process.execPath, args, { env });
      const states = await finalStates(out);
      const inDoubt = ids.filter((id) => states.get(id) === "in_doubt");
      // Requests were on the wire when the process died: those ids are in doubt, not resent.
      expect(inDoubt.length).toBeGreaterThan(0);
      expect(second.code, second.stderr).toBe(1);
      expect(second.stderr).toContain(`Not sending ${inDoubt.length} id(s) in doubt`);
      for (const id of inDoubt) expect(second.stderr).toContain(`  ${id}\n`);
      expect(ids.every((id) => ["succeeded", "failed", "in_doubt"].includes(states.get(id) ?? ""))).toBe(true);
      expect([...server.stats.acceptedByClient.values()].every((count) => count === 1)).toBe(true);

      // Only an explicit flag sends them again.
      const third = await run(process.execPath, [...args, "--resend-in-doubt"], { env });
      expect(third.code, third.stderr).toBe(0);
      const after = await finalStates(out);
      expect(ids.every((id) => after.get(id) === "succeeded")).toBe(true);
      // An id in doubt may have died before or after reaching the server; every other id was
      // processed exactly once over the three runs.
      for (const id of ids) {
        const accepted = server.stats.acceptedByClient.get(id);
        if (inDoubt.includes(id)) expect([1, 2]).toContain(accepted);
        else expect(accepted).toBe(1);
      }
    });
  }

  it("records a 500 as in doubt, does not resend it, and reads past a torn last line", async () => {
    let broken = true;
    const server = await penalize({
      answer: (id) =>
        id === "shaky" && broken ? { status: 500, body: { code: "INTERNAL", message: "boom" } } : undefined,
    });
    const input = files.path("shaky.txt");
    const out = files.path("shaky.jsonl");
    await writeFile(input, "fine\nshaky\n");
    const args = [cli(), "batch", input, "--out", out, "--base-url", server.url];
    const first = await run(process.execPath, args, { env });
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/1 succeeded, 0 failed, 0 skipped as already done, 1 in doubt/);
    broken = false;
    await writeFile(out, `${await readFile(out, "utf8")}{"clientId":"torn","sta`);
    const second = await run(process.execPath, args, { env });
    expect(second.code).toBe(1);
    expect(server.stats.byClient.get("shaky")).toBe(1);
    const third = await run(process.execPath, [...args, "--resend-in-doubt"], { env });
    expect(third.code, third.stderr).toBe(0);
    expect(server.stats.byClient.get("shaky")).toBe(2);
    expect((await finalStates(out)).get("shaky")).toBe("succeeded");
  });

  it("streams a million ids and their resume state under a 32 MB heap", async () => {
    const input = files.path("million.txt");
    const out = files.path("million.jsonl");
    const ids = Array.from({ length: 1_000_000 }, (_, i) => `m-${i.toString(36).padStart(8, "0")}`);
    await writeFile(input, `${ids.join("\n")}\n`);
    await writeFile(out, ids.map((id) => `{"clientId":"${id}","state":"succeeded","ok":true}\n`).join(""));
    const result = await run(
      process.execPath,
      ["--max-old-space-size=32", cli(), "batch", input, "--out", out, "--base-url", "http://127.0.0.1:9"],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Skipping 1000000 id(s) already recorded as succeeded");
  }, 120_000);
});

describe("cryptomate-enable pacing flags", () => {
  it("keeps to --rate", async () => {
    const server = await penalize({ limit: 15 });
    const input = files.path("rate.txt");
    await writeFile(input, Array.from({ length: 12 }, (_, i) => `rate-${i}`).join("\n"));
    const args = [cli(), "batch", input, "--out", files.path("rate.jsonl"), "--base-url", server.url, "--rate", "4"];
    const result = await run(process.execPath, args, { env });
    expect(result.code, result.stderr).toBe(0);
    expect(server.stats.accepted).toBe(12);
    expect(server.maxInWindow()).toBeLessThanOrEqual(4);
  });

  for (const rate of ["0", "16", "fast", ""]) {
    it(`refuses --rate ${JSON.stringify(rate)} with exit 2`, async () => {
      const result = await run(process.execPath, [cli(), "request", "abc", "--rate", rate], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("--rate must be a number above 0 and at most 15");
    });
  }
});

describe.skipIf(skipRedis)("cryptomate-enable batches sharing Redis", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("keeps two batches run at once under one limit with --redis-url and CRYPTOMATE_REDIS_URL", async () => {
    const server = await penalize({ limit: 15 });
    const url = server.url;
    const runs = ["a", "b"].map(async (name, index) => {
      const input = files.path(`shared-${name}.txt`);
      await writeFile(input, Array.from({ length: 30 }, (_, i) => `${name}-${i}`).join("\n"));
      const args = [cli(), "batch", input, "--out", files.path(`shared-${name}.jsonl`), "--base-url", url];
      return index === 0
        ? run(process.execPath, [...args, "--redis-url", redis.url], { env })
        : run(process.execPath, args, { env: { ...env, CRYPTOMATE_REDIS_URL: redis.url } });
    });
    for (const result of await Promise.all(runs)) expect(result.code, result.stderr).toBe(0);
    expect(server.stats).toMatchObject({ received: 60, accepted: 60, rejected: 0, violations: 0 });
    expect(server.maxInWindow()).toBeLessThanOrEqual(15);
  });
});
