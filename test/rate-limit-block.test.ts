/**
 * A 429 whose Retry-After is longer than the client sleeps through holds every queued call, and
 * those calls fail at once, unsent, instead of flooding CryptoMate's doubling penalty block. A
 * batch stops, and an id interrupted while a retry waits keeps what is known about it.
 */
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  CryptoMateRateLimitError,
  CryptoMateRateLimitPausedError,
  createCryptoMateClient,
  createRateLimiter,
  mayHaveBeenProcessed,
} from "../src/index.js";
import { CLI_ENV, cli, tempDirPerFile } from "./helpers/cli.js";
import { run, start } from "./helpers/process.js";
import { seedResponse, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const serve = serverPerTest();
const files = tempDirPerFile("cryptomate-block-");
const body = { subproduct: "cards_individuals" } as const;

const blocked = (seconds: number) =>
  serve((_req, res) =>
    sendJson(
      res,
      429,
      { error_code: "TOO_MANY_REQUESTS", message: `Rate limit exceeded. Retry after ${seconds} seconds` },
      { "retry-after": String(seconds) },
    ),
  );

async function until(condition: () => boolean, timeoutMs = 20_000) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function lines(path: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(path, "utf8"))
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("a 429 longer than maxRetryAfterMs", () => {
  it("holds every queued call of the client: they fail at once, unsent", async () => {
    const server = await blocked(120);
    const client = createCryptoMateClient({
      apiKey: TEST_KEY,
      baseUrl: server.url,
      rateLimit: { requestsPerSecond: 2 },
      logLevel: "off",
    });
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => client.requestProductEnablement(`id-${i}`, body)),
    );
    const reasons = outcomes.map((outcome) => (outcome.status === "rejected" ? outcome.reason : undefined));
    // Two went out in the first second; the 429 stopped the other eight before they were sent.
    expect(server.requests).toHaveLength(2);
    expect(reasons.filter((reason) => reason instanceof CryptoMateRateLimitError)).toHaveLength(2);
    const paused = reasons.filter((reason) => reason instanceof CryptoMateRateLimitPausedError);
    expect(paused).toHaveLength(8);
    for (const reason of paused) {
      expect(mayHaveBeenProcessed(reason)).toBe(false);
      expect((reason as CryptoMateRateLimitPausedError).retryAfterMs).toBeGreaterThan(100_000);
      expect(String(reason)).toMatch(/not sent/);
    }
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("on a shared limiter, a client that waits longer sits the pause out while the impatient one fails", async () => {
    let first = true;
    const server = await serve((_req, res) => {
      if (!first) return sendJson(res, 201, seedResponse);
      first = false;
      sendJson(res, 429, { message: "slow down" }, { "retry-after": "1" });
    });
    const limiter = createRateLimiter({ requestsPerSecond: 1 });
    const options = { apiKey: TEST_KEY, baseUrl: server.url, rateLimit: limiter, logLevel: "off" } as const;
    const impatient = createCryptoMateClient({ ...options, maxRetryAfterMs: 500, maxRetries: 0 });
    const patient = createCryptoMateClient({ ...options, maxRetries: 0 });
    const a = impatient.requestProductEnablement("a", body).catch((error: unknown) => error);
    const b = impatient.requestProductEnablement("b", body).catch((error: unknown) => error);
    const c = patient.requestProductEnablement("c", body);
    // a's 429 asks for 1 s: more than the impatient client's 500 ms, so b fails at once, unsent.
    expect(await a).toBeInstanceOf(CryptoMateRateLimitError);
    expect(await b).toBeInstanceOf(CryptoMateRateLimitPausedError);
    await expect(c).resolves.toMatchObject({ id: seedResponse.id });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.at).toBeGreaterThan((server.requests[0]?.at ?? 0) + 950);
  });
});

describe("cryptomate-enable batch against a long penalty block", () => {
  it("stops sending, records the rest as not started, says when the block ends, and exits 1", async () => {
    const server = await blocked(120);
    const input = files.path("block.txt");
    const out = files.path("block.jsonl");
    const ids = Array.from({ length: 60 }, (_, i) => `blocked-${i}`);
    await writeFile(input, ids.join("\n"));
    const started = performance.now();
    const result = await run(
      process.execPath,
      [cli(), "batch", input, "--out", out, "--base-url", server.url, "--json"],
      {
        env: CLI_ENV,
      },
    );
    expect(result.code, result.stderr).toBe(1);
    // At most the first burst went out before the first 429 came back.
    expect(server.requests.length).toBeLessThanOrEqual(15);
    expect(result.stderr).toMatch(/rate limit/i);
    expect(result.stderr).toMatch(/until \d{4}-\d\d-\d\dT/);
    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1) as string);
    expect(summary.notStarted).toBe(60 - server.requests.length);
    expect(summary.failed).toBe(server.requests.length);
    expect(performance.now() - started).toBeLessThan(20_000);
    // No id is left "sending": every one sent has its 429 recorded, and is sent again next run.
    const last = new Map<string, string>();
    for (const line of await lines(out)) if (line.clientId) last.set(line.clientId as string, line.state as string);
    expect(last.size).toBe(server.requests.length);
    expect([...last.values()].every((state) => state === "failed")).toBe(true);
  });
});

describe("cryptomate-enable batch interrupted while a retry waits for its slot", () => {
  it("records the last answer (a 429, not processed), so the next run sends the id again", async () => {
    let answered = 0;
    const server = await serve((_req, res) => {
      answered++;
      if (answered === 1) return sendJson(res, 429, { message: "slow down" }, { "retry-after": "1" });
      sendJson(res, 201, seedResponse);
    });
    const input = files.path("retry-wait.txt");
    const out = files.path("retry-wait.jsonl");
    await writeFile(input, "retry-wait-id\n");
    // At 0.2/s the retry, due after 1 s, waits about 5 s for its slot.
    const args = [cli(), "batch", input, "--out", out, "--base-url", server.url, "--rate", "0.2"];
    const first = start(process.execPath, args, { env: CLI_ENV });
    await until(() => server.requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    first.child.kill("SIGINT");
    const finished = await first.done;
    expect(finished.code, finished.stderr).toBe(130);
    const recorded = (await lines(out)).filter((line) => line.clientId === "retry-wait-id");
    expect(recorded.at(-1)).toMatchObject({ state: "failed", status: 429 });
    expect(server.requests).toHaveLength(1);

    const second = await run(process.execPath, args, { env: CLI_ENV });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/in doubt/);
    expect(server.requests).toHaveLength(2);
  });
});

describe("cryptomate-enable batch when a retry is refused behind a long block", () => {
  it("records that id's last answer, so the next run sends it and holds nothing in doubt", async () => {
    const seen = new Map<string, number>();
    const server = await serve((req, res) => {
      const id = String(req.url?.split("/")[4]);
      const count = (seen.get(id) ?? 0) + 1;
      seen.set(id, count);
      if (id === "a" && count === 1) return sendJson(res, 429, { message: "slow" }, { "retry-after": "1" });
      if (id === "b" && count === 1) return sendJson(res, 429, { message: "blocked" }, { "retry-after": "120" });
      sendJson(res, 201, seedResponse);
    });
    const input = files.path("held.txt");
    const out = files.path("held.jsonl");
    await writeFile(input, "a\nb\nc\nd\n");
    const args = [cli(), "batch", input, "--out", out, "--base-url", server.url, "--rate", "1", "--concurrency", "2"];
    const first = await run(process.execPath, args, { env: CLI_ENV });
    expect(first.code, first.stderr).toBe(1);
    const last = new Map<string, Record<string, unknown>>();
    for (const line of await lines(out)) if (line.clientId) last.set(line.clientId as string, line);
    expect(last.get("a")).toMatchObject({ state: "failed", status: 429 });
    expect(last.get("b")).toMatchObject({ state: "failed", status: 429 });

    const second = await run(process.execPath, args, { env: CLI_ENV });
    expect(second.stderr).not.toMatch(/in doubt/);
  });
});
