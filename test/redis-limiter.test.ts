import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type PenalizingServer, startPenalizingServer } from "../scripts/lib/penalizing-server.mjs";
import { CryptoMateRateLimitStoreError, createCryptoMateClient, createRateLimiter } from "../src/index.js";
import { type RedisRateLimitStore, redisRateLimitStore } from "../src/pacing/redis.js";
import { requireBuild, root, start } from "./helpers/process.js";
import { type RedisServer, skipRedis, startRedis } from "./helpers/redis.js";
import { TEST_KEY } from "./helpers/server.js";

const body = { subproduct: "cards_individuals" } as const;
let redis: RedisServer;
let server: PenalizingServer | undefined;
const stores: RedisRateLimitStore[] = [];
let keyCount = 0;

/** A store on the test's Redis, with a key of its own unless one is given. */
function store(options: { key?: string; commandTimeoutMs?: number; url?: string } = {}) {
  const made = redisRateLimitStore({ url: redis.url, key: `test-${process.pid}-${keyCount++}`, ...options });
  stores.push(made);
  return made;
}

beforeAll(async () => {
  if (!skipRedis) redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((made) => made.close()));
  await server?.close();
  server = undefined;
});

/** Polls `attempt` every 100 ms until it resolves true, for at most ten seconds. */
async function until(attempt: () => Promise<boolean>) {
  const deadline = performance.now() + 10_000;
  while (!(await attempt())) {
    if (performance.now() > deadline) throw new Error("did not recover within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A client paced at 15/s through `shared`, calling `url`. */
function sharedClient(url: string, shared: RedisRateLimitStore, maxRetries: number) {
  return createCryptoMateClient({
    apiKey: TEST_KEY,
    baseUrl: url,
    rateLimit: { requestsPerSecond: 15, store: shared },
    maxRetries,
  });
}

interface WorkerResult {
  succeeded: number;
  failed: number;
  errors: Record<string, number>;
  seconds: number;
}

/** Runs `count` fleet-worker processes at once and returns what each printed. */
async function fleet(count: number, env: Record<string, string>): Promise<WorkerResult[]> {
  requireBuild("redis.js");
  const workers = Array.from({ length: count }, (_, i) =>
    start(process.execPath, [`${root}scripts/lib/fleet-worker.mjs`], { env: { ...env, PREFIX: `p${i}` } }),
  );
  const finished = await Promise.all(workers.map((worker) => worker.done));
  return finished.map((result) => {
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as WorkerResult;
  });
}

describe.skipIf(skipRedis)("a rate limit shared through Redis", () => {
  it("keeps three processes together under 15/s with zero 429s, where unshared they are punished", async () => {
    server = await startPenalizingServer({ limit: 15 });
    const shared = await fleet(3, {
      BASE_URL: server.url,
      REDIS_URL: redis.url,
      KEY: `fleet-${process.pid}`,
      COUNT: "25",
    });
    expect(shared.every((result) => result.succeeded === 25)).toBe(true);
    expect(server.stats).toMatchObject({ received: 75, accepted: 75, rejected: 0, violations: 0 });
    expect(server.maxInWindow()).toBeLessThanOrEqual(15);
    await server.close();

    server = await startPenalizingServer({ limit: 15 });
    const alone = await fleet(3, { BASE_URL: server.url, COUNT: "25" });
    expect(alone.reduce((sum, result) => sum + (result.errors.CryptoMateRateLimitError ?? 0), 0)).toBeGreaterThan(0);
    expect(server.stats.violations).toBeGreaterThan(0);
  });

  it("frees the slots of a process killed while holding them within its lease plus one window", async () => {
    const key = `killed-${process.pid}`;
    const holder = start(process.execPath, [`${root}scripts/lib/fleet-worker.mjs`], {
      env: { REDIS_URL: redis.url, KEY: key, HOLD: "15", LEASE_MS: "1500" },
    });
    await holder.waitFor("held");
    holder.child.kill("SIGKILL");
    await holder.done;
    const limiter = createRateLimiter({ store: store({ key }) });
    const started = performance.now();
    const release = await limiter.acquire({ leaseMs: 1000 });
    const waited = performance.now() - started;
    release();
    // The dead process's slots counted until their lease (1.5 s) plus the window (1.01 s) ran out.
    expect(waited).toBeGreaterThan(1000);
    expect(waited).toBeLessThan(1500 + 1010 + 1000);
  });

  it("holds every process that shares the key for the Retry-After of a 429 one of them saw", async () => {
    const key = `pause-${process.pid}`;
    const first = createRateLimiter({ store: store({ key }) });
    const second = createRateLimiter({ store: store({ key }) });
    (await second.acquire())();
    first.pause(800);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    (await second.acquire())();
    expect(performance.now() - started).toBeGreaterThan(600);
  });

  it("shares one count between two clients and the app's own calls through limiter.run", async () => {
    server = await startPenalizingServer({ limit: 15 });
    const limiter = createRateLimiter({ store: store() });
    const clients = [1, 2].map(() =>
      createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server?.url, rateLimit: limiter, maxRetries: 0 }),
    );
    const url = `${server.url}/management/clients/individuals/other/products`;
    const calls = [
      ...Array.from({ length: 15 }, (_, i) => clients[i % 2]?.requestProductEnablement(`c-${i}`, body)),
      ...Array.from({ length: 15 }, () =>
        limiter.run((signal) => fetch(url, { method: "POST", signal }).then((response) => response.status)),
      ),
    ];
    await Promise.all(calls);
    expect(server.stats).toMatchObject({ received: 30, rejected: 0, violations: 0 });
  });
});

describe.skipIf(skipRedis)("when Redis fails", () => {
  it("rejects calls as not sent while Redis is down, and recovers by itself once it is back", async () => {
    server = await startPenalizingServer({ limit: 15 });
    const client = sharedClient(server.url, store(), 0);
    await client.requestProductEnablement("before", body);
    await redis.stop();
    const failed = await client.requestProductEnablement("during", body).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(CryptoMateRateLimitStoreError);
    expect((failed as CryptoMateRateLimitStoreError).requestSent).toBe(false);
    expect((failed as Error).message).toContain("the request was not sent");
    expect(server.stats.byClient.get("during")).toBeUndefined();

    await redis.restart();
    await until(() =>
      client.requestProductEnablement("after", body).then(
        () => true,
        () => false,
      ),
    );
    expect(server.stats.byClient.get("after")).toBe(1);
  });

  it("never sends unpaced when Redis dies in the middle of a burst, and the failed calls go through after a restart", async () => {
    server = await startPenalizingServer({ limit: 15 });
    const client = sharedClient(server.url, store(), 0);
    const ids = Array.from({ length: 45 }, (_, i) => `burst-${i}`);
    const calls = ids.map((id) => client.requestProductEnablement(id, body));
    const deadline = performance.now() + 10_000;
    while (server.stats.accepted < 15 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await redis.stop();
    const outcomes = await Promise.allSettled(calls);
    const failed = ids.filter((_, i) => outcomes[i]?.status === "rejected");
    expect(failed.length).toBeGreaterThan(0);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(CryptoMateRateLimitStoreError);
    }
    // Everything the server saw was paced; nothing that failed reached it.
    expect(server.stats).toMatchObject({ rejected: 0, violations: 0, received: ids.length - failed.length });

    await redis.restart();
    // The store reconnects in the background: the first call goes through once it has.
    const [first, ...rest] = failed as [string, ...string[]];
    await until(() =>
      client.requestProductEnablement(first, body).then(
        () => true,
        () => false,
      ),
    );
    await Promise.all(rest.map((id) => client.requestProductEnablement(id, body)));
    expect(server.stats).toMatchObject({ rejected: 0, violations: 0, accepted: ids.length });
    expect([...server.stats.acceptedByClient.values()].every((count) => count === 1)).toBe(true);
  });

  it("retries a call whose store failed, within maxRetries, and sends it once Redis answers", async () => {
    server = await startPenalizingServer({ limit: 15 });
    const client = sharedClient(server.url, store(), 3);
    await redis.stop();
    const pending = client.requestProductEnablement("waits", body);
    setTimeout(() => void redis.restart(), 300);
    await expect(pending).resolves.toMatchObject({ client_id: "waits" });
    expect(server.stats.byClient.get("waits")).toBe(1);
  });

  it("fails within the command timeout when Redis stops answering, whatever timeoutMs, and honours the signal", async () => {
    server = await startPenalizingServer({ limit: 15 });
    const client = sharedClient(server.url, store({ commandTimeoutMs: 300 }), 0);
    await client.requestProductEnablement("warm", body);
    redis.freeze();
    try {
      let started = performance.now();
      await expect(client.requestProductEnablement("frozen", body)).rejects.toBeInstanceOf(
        CryptoMateRateLimitStoreError,
      );
      expect(performance.now() - started).toBeLessThan(2000);

      // The wait for a slot is not part of timeoutMs: the store's own command timeout bounds it.
      const slow = sharedClient(server.url, store({ commandTimeoutMs: 1000 }), 0);
      started = performance.now();
      await expect(slow.requestProductEnablement("timeout", body, { timeoutMs: 200 })).rejects.toBeInstanceOf(
        CryptoMateRateLimitStoreError,
      );
      expect(performance.now() - started).toBeGreaterThan(900);
      expect(performance.now() - started).toBeLessThan(3000);
      const patient = sharedClient(server.url, store({ commandTimeoutMs: 5000 }), 0);
      const controller = new AbortController();
      const aborted = patient.requestProductEnablement("aborted", body, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error("caller gave up")), 100);
      await expect(aborted).rejects.toThrow("caller gave up");
    } finally {
      redis.thaw();
    }
    expect(server.stats.received).toBe(1);
  });
});
