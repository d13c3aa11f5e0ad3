import { afterEach, describe, expect, it } from "vitest";
import { type PenalizingServer, startPenalizingServer } from "../scripts/lib/penalizing-server.mjs";
import {
  type BatchOutcome,
  type BatchProgress,
  CryptoMateInputError,
  CryptoMateNotFoundError,
  createCryptoMateClient,
} from "../src/index.js";
import { TEST_KEY } from "./helpers/server.js";

const body = { subproduct: "cards_individuals" } as const;
let server: PenalizingServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function collect(outcomes: AsyncIterable<BatchOutcome>) {
  const all: BatchOutcome[] = [];
  for await (const outcome of outcomes) all.push(outcome);
  return all;
}

describe("requestProductEnablementBatch", () => {
  it("requests each distinct id once, paced, and reports successes and failures", async () => {
    server = await startPenalizingServer({
      answer: (id) =>
        id === "missing"
          ? { status: 404, body: { code: "NOT_FOUND", message: "Resource not found", trace_id: "t-404" } }
          : undefined,
    });
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url });
    const ids = [...Array.from({ length: 30 }, (_, i) => `c${i}`), "c1", "c2", "missing", "c1"];
    const progress: BatchProgress[] = [];
    const outcomes = await collect(
      client.requestProductEnablementBatch(ids, body, { concurrency: 20, onProgress: (p) => progress.push(p) }),
    );
    expect(outcomes.map((o) => o.clientId).sort()).toEqual([...new Set(ids)].sort());
    expect(server.stats.received).toBe(31);
    expect(server.stats.rejected).toBe(0);
    expect([...server.stats.byClient.values()].every((count) => count === 1)).toBe(true);
    const missing = outcomes.find((o) => o.clientId === "missing");
    expect(missing?.ok).toBe(false);
    if (missing && !missing.ok) {
      expect(missing.error).toBeInstanceOf(CryptoMateNotFoundError);
      expect(missing.error).toMatchObject({ status: 404, code: "NOT_FOUND", traceId: "t-404" });
    }
    const last = progress.at(-1);
    expect(last).toMatchObject({ seen: 31, duplicates: 3, succeeded: 30, failed: 1, inFlight: 0, inputDone: true });
  });

  it("reads an async source and reports a bad id as a failure without sending it", async () => {
    server = await startPenalizingServer();
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url });
    async function* source() {
      yield "a";
      yield "..";
      yield "b";
    }
    const outcomes = await collect(client.requestProductEnablementBatch(source(), body));
    expect(outcomes).toHaveLength(3);
    const bad = outcomes.find((o) => o.clientId === "..");
    expect(bad && !bad.ok && bad.error).toBeInstanceOf(CryptoMateInputError);
    expect(server.stats.received).toBe(2);
  });

  it("on abort sends nothing new, lets requests in flight finish and reports each of them", async () => {
    server = await startPenalizingServer({ latencyMs: 1000 });
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url });
    const controller = new AbortController();
    const ids = Array.from({ length: 100 }, (_, i) => `id-${i}`);
    const outcomes: BatchOutcome[] = [];
    setTimeout(() => controller.abort(), 150);
    for await (const outcome of client.requestProductEnablementBatch(ids, body, {
      signal: controller.signal,
      concurrency: 10,
    })) {
      outcomes.push(outcome);
    }
    // Ten were on the wire when the batch stopped; all ten finished successfully and were reported.
    expect(server.stats.received).toBe(10);
    expect(outcomes).toHaveLength(10);
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });

  it("refuses a bad body before sending anything", async () => {
    server = await startPenalizingServer();
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url });
    expect(() => client.requestProductEnablementBatch(["a"], null as never)).toThrow(CryptoMateInputError);
    expect(server.stats.received).toBe(0);
  });
});

describe("requestProductEnablementBatch arguments", () => {
  it("sends the batch's headers with every call", async () => {
    const { startServer, sendJson, seedResponse } = await import("./helpers/server.js");
    const recorder = await startServer((_req, res) => sendJson(res, 201, seedResponse));
    try {
      const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: recorder.url });
      await collect(client.requestProductEnablementBatch(["a", "b"], body, { headers: { "X-Batch": "run-7" } }));
      expect(recorder.requests.map((request) => request.headers["x-batch"])).toEqual(["run-7", "run-7"]);
    } finally {
      await recorder.close();
    }
  });

  it.each([
    ["a single string", "4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG"],
    ["a number", 42],
    ["an object that is not iterable", { id: "a" }],
  ])("refuses %s as the ids with CryptoMateInputError, sending nothing", (_what, ids) => {
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: "http://127.0.0.1:9" });
    let thrown: unknown;
    try {
      client.requestProductEnablementBatch(ids as never, body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CryptoMateInputError);
    expect((thrown as CryptoMateInputError).field).toBe("clientIds");
  });

  it("checkFirst: a products read answered 404 is a definite failure, not in doubt, and nothing is sent", async () => {
    server = await startPenalizingServer({
      read: (id) =>
        id === "ghost" ? { status: 404, body: { code: "NOT_FOUND", message: "Resource not found" } } : undefined,
    });
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url });
    const [outcome] = await collect(client.requestProductEnablementBatch(["ghost"], body, { checkFirst: () => true }));
    expect(outcome).toMatchObject({ clientId: "ghost", ok: false });
    expect(outcome).not.toHaveProperty("stillInDoubt");
    expect(outcome?.ok === false && outcome.error).toBeInstanceOf(CryptoMateNotFoundError);
    expect(server.stats.byClient.get("ghost")).toBeUndefined();
  });
});
