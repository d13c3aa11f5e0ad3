import { afterEach, describe, expect, it } from "vitest";
import { type PenalizingServer, startPenalizingServer } from "../scripts/lib/penalizing-server.mjs";
import { CryptoMateTimeoutError, createCryptoMateClient, createRateLimiter } from "../src/index.js";
import { RateLimiter } from "../src/pacing/in-process.js";
import { TEST_KEY } from "./helpers/server.js";

const body = { subproduct: "cards_individuals" } as const;
let server: PenalizingServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A client paced at 1/s that has just used its slot, so its next call must queue. */
async function clientWithOneSlotUsed() {
  const started = await startPenalizingServer({ limit: 15 });
  server = started;
  const client = createCryptoMateClient({
    apiKey: TEST_KEY,
    baseUrl: started.url,
    rateLimit: { requestsPerSecond: 1 },
  });
  await client.requestProductEnablement("first", body);
  return { client, server: started };
}

describe("client-side rate limiting", () => {
  it("paces a burst of 60 concurrent calls under 15/s so that the server never answers 429", async () => {
    server = await startPenalizingServer({ limit: 15 });
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, maxRetries: 0 });
    const ids = Array.from({ length: 60 }, (_, index) => `client-${index}`);
    const results = await Promise.all(ids.map((id) => client.requestProductEnablement(id, body)));
    expect(results.map((result) => result.client_id)).toEqual(ids);
    expect(server.stats).toMatchObject({ received: 60, accepted: 60, rejected: 0, violations: 0 });
    expect(server.maxInWindow()).toBeLessThanOrEqual(15);
  });

  it("without pacing the same burst is punished (the server under test really enforces)", async () => {
    server = await startPenalizingServer({ limit: 15 });
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, maxRetries: 0, rateLimit: false });
    const ids = Array.from({ length: 30 }, (_, index) => `client-${index}`);
    const outcomes = await Promise.allSettled(ids.map((id) => client.requestProductEnablement(id, body)));
    expect(outcomes.filter((outcome) => outcome.status === "rejected").length).toBeGreaterThan(0);
    expect(server.stats.violations).toBeGreaterThan(0);
  });

  it("a queued call's wait for a slot does not eat its timeout: it is sent when the slot frees, once", async () => {
    const { client, server } = await clientWithOneSlotUsed();
    const queued = performance.now();
    const result = await client.requestProductEnablement("second", body, { timeoutMs: 200 });
    // It waited for its slot (about a second at 1/s), far longer than its 200 ms timeout.
    expect(performance.now() - queued).toBeGreaterThan(200);
    expect(result.client_id).toBe("second");
    expect(server.stats.received).toBe(2);
  });

  it("a queued call honours its own abort signal and is never sent", async () => {
    const { client, server } = await clientWithOneSlotUsed();
    const controller = new AbortController();
    const queued = client.requestProductEnablement("second", body, { signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toMatchObject({ name: "AbortError" });
    expect(server.stats.received).toBe(1);
  });
});

describe("RateLimiter", () => {
  function fakeClock() {
    let now = 0;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  }
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

  it("lets a new request through only a full window after an earlier one finished", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ limit: 3, windowMs: 1000, marginMs: 0, now: clock.now });
    const releases = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    let fourth = false;
    void limiter.acquire().then(() => {
      fourth = true;
    });
    clock.advance(2000);
    await tick();
    // All three are still in flight: their arrival could be any time now.
    expect(fourth).toBe(false);
    releases[0]?.();
    clock.advance(999);
    await tick();
    expect(fourth).toBe(false);
    clock.advance(1);
    releases[1]?.();
    await tick();
    expect(fourth).toBe(true);
  });

  it("grants at once while fewer than the limit are recent", async () => {
    const limiter = new RateLimiter({ limit: 2 });
    const first = await limiter.acquire();
    first();
    await limiter.acquire();
    expect(limiter.pending).toBe(0);
  });

  it("pause holds every waiter until it ends", async () => {
    const limiter = new RateLimiter({ limit: 100 });
    limiter.pause(150);
    const started = performance.now();
    await Promise.all([limiter.acquire(), limiter.acquire()]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("an aborted waiter leaves the queue", async () => {
    const limiter = new RateLimiter({ limit: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(limiter.pending).toBe(1);
    controller.abort(new Error("gone"));
    await expect(waiting).rejects.toThrow("gone");
    expect(limiter.pending).toBe(0);
  });
});

describe("createRateLimiter", () => {
  it("gives two clients and the app's own calls one count under 15/s", async () => {
    server = await startPenalizingServer({ limit: 15 });
    const limiter = createRateLimiter();
    const url = server.url;
    const [first, second] = [1, 2].map(() =>
      createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: url, rateLimit: limiter, maxRetries: 0 }),
    );
    const own = `${url}/management/clients/individuals/own/products`;
    await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => first?.requestProductEnablement(`a-${i}`, body)),
      ...Array.from({ length: 12 }, (_, i) => second?.requestProductEnablement(`b-${i}`, body)),
      ...Array.from({ length: 12 }, () =>
        limiter.run((signal) => fetch(own, { method: "POST", signal }).then((response) => response.text())),
      ),
    ]);
    expect(server.stats).toMatchObject({ received: 36, rejected: 0, violations: 0 });
    expect(server.maxInWindow()).toBeLessThanOrEqual(15);
  });

  it("pauses every user when run() sees a 429 Response, for its Retry-After", async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 100 });
    const answer = new Response("{}", { status: 429, headers: { "retry-after": "1" } });
    await limiter.run(async () => answer);
    const started = performance.now();
    await limiter.run(async () => undefined);
    expect(performance.now() - started).toBeGreaterThan(900);
  });

  it.each([3e9, 0, -1, Number.NaN])("run() refuses timeoutMs %d before waiting, naming it", async (timeoutMs) => {
    const limiter = createRateLimiter({ requestsPerSecond: 5 });
    let called = false;
    await expect(
      limiter.run(
        async () => {
          called = true;
        },
        { timeoutMs },
      ),
    ).rejects.toThrow(/timeoutMs must be/);
    expect(called).toBe(false);
  });

  it("run() rejects on its timeout while waiting, and never calls fn", async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 1 });
    await limiter.run(async () => undefined);
    let called = false;
    const late = limiter.run(
      async () => {
        called = true;
      },
      { timeoutMs: 100 },
    );
    await expect(late).rejects.toBeInstanceOf(CryptoMateTimeoutError);
    expect(called).toBe(false);
  });

  it("refuses a rate it cannot keep, naming it", () => {
    expect(() => createRateLimiter({ requestsPerSecond: 0 })).toThrow(/requestsPerSecond must be a number above 0/);
  });
});
