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
    it(`a plain rerun after a SIGKILL at ${moment} request(s) settles every id in doubt from its products, never POSTing one that exists`, async () => {
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
      const before = await finalStates(out);
      const inDoubt = ids.filter((id) => before.get(id) === "sending");
      // Requests were on the wire when the process died: their outcome is unknown.
      expect(inDoubt.length).toBeGreaterThan(0);

      const second = await run(process.execPath, args, { env });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain(`Checking ${inDoubt.length} id(s) in doubt`);
      for (const id of inDoubt) expect(second.stderr).toContain(`  ${id}\n`);
      const states = await finalStates(out);
      expect(ids.filter((id) => !["succeeded", "already_active"].includes(states.get(id) ?? ""))).toEqual([]);
      // Each id in doubt was read, and settled: done if its request existed, sent if not.
      for (const id of inDoubt) expect(server.stats.readsByClient.get(id)).toBe(1);
      // One request per client, and no POST for a client whose request existed.
      for (const id of ids) expect(server.stats.createdByClient.get(id)).toBe(1);
      expect(server.stats.conflicts).toBe(0);
    });
  }

  it("a 500 after the work was done: the resend's 409 is read from the products, and the id succeeds once", async () => {
    const server = await penalize({
      answer: (id) =>
        id === "late" ? { status: 500, body: { code: "INTERNAL", message: "boom" }, created: true } : undefined,
    });
    const input = files.path("late.txt");
    const out = files.path("late.jsonl");
    await writeFile(input, "fine\nlate\n");
    const result = await run(process.execPath, [cli(), "batch", input, "--out", out, "--base-url", server.url], {
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(server.stats.byClient.get("late")).toBe(2);
    expect(server.stats.createdByClient.get("late")).toBe(1);
    expect(server.stats.readsByClient.get("late")).toBe(1);
    const last = (await journal(out)).filter((line) => line.clientId === "late").at(-1);
    expect(last).toMatchObject({ state: "succeeded", id: "req_late" });
  });

  it("records a 500 as in doubt; a rerun reads the products, then sends, reading past a torn last line", async () => {
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
    // Sent, then resent twice (the default retries): the outcome stays unknown.
    expect(server.stats.byClient.get("shaky")).toBe(3);
    broken = false;
    await writeFile(out, `${await readFile(out, "utf8")}{"clientId":"torn","sta`);
    const second = await run(process.execPath, args, { env });
    expect(second.code, second.stderr).toBe(0);
    expect(server.stats.readsByClient.get("shaky")).toBe(1);
    expect(server.stats.byClient.get("shaky")).toBe(4);
    expect((await finalStates(out)).get("shaky")).toBe("succeeded");
  });

  it("a 409 whose products cannot be read is recorded already_active, counted done", async () => {
    const server = await penalize({ read: () => ({ status: 500, body: { code: "INTERNAL", message: "boom" } }) });
    await fetch(`${server.url}/management/clients/individuals/busy/products`, { method: "POST" });
    const input = files.path("busy.txt");
    const out = files.path("busy.jsonl");
    await writeFile(input, "busy\n");
    const result = await run(process.execPath, [cli(), "batch", input, "--out", out, "--base-url", server.url], {
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("1 already active");
    expect((await journal(out)).at(-1)).toMatchObject({ clientId: "busy", state: "already_active", id: null });
  });

  it("an id whose products cannot be read stays in doubt, unsent; --resend-in-doubt sends it", async () => {
    let readable = false;
    const server = await penalize({
      answer: (id) => (id === "dark" ? { status: 503, body: { code: "DOWN", message: "later" } } : undefined),
      read: () => (readable ? undefined : { status: 500, body: { code: "INTERNAL", message: "boom" } }),
    });
    const input = files.path("dark.txt");
    const out = files.path("dark.jsonl");
    await writeFile(input, "dark\n");
    const args = [cli(), "batch", input, "--out", out, "--base-url", server.url];
    expect((await run(process.execPath, args, { env })).code).toBe(1);
    expect(server.stats.byClient.get("dark")).toBe(3);
    const second = await run(process.execPath, args, { env });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("1 in doubt");
    expect(server.stats.byClient.get("dark")).toBe(3);
    const last = (await journal(out)).at(-1);
    expect(last).toMatchObject({ clientId: "dark", state: "in_doubt" });
    expect(String(last?.message)).toContain("could not be read");
    readable = true;
    const third = await run(process.execPath, [...args, "--resend-in-doubt"], { env });
    expect(third.code).toBe(1);
    expect(server.stats.byClient.get("dark")).toBe(6);
    // The second run's read, and its two retries; the third run did not read.
    expect(server.stats.readsByClient.get("dark")).toBe(3);
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
