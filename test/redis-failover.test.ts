import { Cluster, Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { type PenalizingServer, startPenalizingServer } from "../scripts/lib/penalizing-server.mjs";
import { type SentinelGroup, startSentinelGroup } from "../scripts/lib/redis-sentinel.mjs";
import { createCryptoMateClient, createRateLimiter } from "../src/index.js";
import { type RedisRateLimitStore, redisRateLimitStore } from "../src/pacing/redis.js";
import { requireBuild, root, start } from "./helpers/process.js";
import { type RedisServer, skipRedis, startRedis } from "./helpers/redis.js";
import { TEST_KEY } from "./helpers/server.js";

const body = { subproduct: "cards_individuals" } as const;
const cleanup: (() => Promise<unknown> | unknown)[] = [];
let server: PenalizingServer;

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function redisServer(options?: { replicaOf?: number; cluster?: boolean }): Promise<RedisServer> {
  const made = await startRedis(options);
  cleanup.push(() => made.stop());
  return made;
}

async function penalizingServer(latencyMs = 0): Promise<PenalizingServer> {
  server = await startPenalizingServer({ limit: 15, latencyMs });
  cleanup.push(() => server.close());
  return server;
}

function store(options: Parameters<typeof redisRateLimitStore>[0]): RedisRateLimitStore {
  const made = redisRateLimitStore(options);
  cleanup.push(() => made.close());
  return made;
}

function connection(url: string): Redis {
  const made = new Redis(url);
  cleanup.push(() => made.disconnect());
  return made;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (bounded) until `ready` holds. */
async function until(ready: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
  const deadline = performance.now() + ms;
  while (!(await ready())) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(20);
  }
}

/** A client paced at 15/s through `shared`, calling the penalizing server. */
function client(shared: RedisRateLimitStore) {
  return createCryptoMateClient({
    apiKey: TEST_KEY,
    baseUrl: server.url,
    rateLimit: { requestsPerSecond: 15, store: shared },
    maxRetries: 0,
  });
}

const calls = (made: ReturnType<typeof client>, prefix: string, count: number) =>
  Promise.all(Array.from({ length: count }, (_, i) => made.requestProductEnablement(`${prefix}-${i}`, body)));

/** `count` fleet-worker processes, each making `calls` calls with retries; resolves to their reports. */
async function fleet(count: number, calls: number, env: Record<string, string>) {
  requireBuild("redis.js");
  const workers = Array.from({ length: count }, (_, i) =>
    start(process.execPath, [`${root}scripts/lib/fleet-worker.mjs`], {
      env: { BASE_URL: server.url, COUNT: String(calls), MAX_RETRIES: "8", PREFIX: `p${i}`, ...env },
    }),
  );
  cleanup.push(() => {
    for (const worker of workers) worker.child.kill("SIGKILL");
  });
  const finished = await Promise.all(workers.map((worker) => worker.done));
  return finished.map((result) => {
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as { succeeded: number; failed: number; errors: Record<string, number> };
  });
}

/** Every call of the fleet done, once each, and not one 429 nor one window over the limit. */
function expectAllDoneWithout429(reports: { succeeded: number }[], perProcess: number) {
  expect(reports.map((report) => report.succeeded)).toEqual(reports.map(() => perProcess));
  const total = reports.length * perProcess;
  expect(server.stats).toMatchObject({ accepted: total, rejected: 0, violations: 0 });
  expect([...server.stats.acceptedByClient.values()].every((count) => count === 1)).toBe(true);
  expect(server.maxInWindow()).toBeLessThanOrEqual(15);
}

describe.skipIf(skipRedis)("a store that loses its state costs no 429", () => {
  it("holds one window after a FLUSHALL instead of granting a full window again at once", async () => {
    const redis = await redisServer();
    await penalizingServer();
    const made = client(store({ url: redis.url, key: "flush" }));
    await calls(made, "before", 15);
    await connection(redis.url).flushall();
    await calls(made, "after", 15);
    expect(server.stats).toMatchObject({ accepted: 30, rejected: 0, violations: 0 });
  });

  it("counts slots granted before a restart and sent after it, until they are released", async () => {
    const redis = await redisServer();
    // Answers come 1.3 s after arrival: the slots are still held when the new Redis's hold ends.
    await penalizingServer(1300);
    const key = "held-across-restart";
    const holder = createRateLimiter({ store: store({ url: redis.url, key }) });
    const releases = await Promise.all(Array.from({ length: 15 }, () => holder.acquire()));
    await redis.restart();
    // Another process is first to ask the new Redis, then this one sends on the slots it holds.
    const other = calls(client(store({ url: redis.url, key })), "other", 15).catch((error: unknown) => error);
    await sleep(200);
    await Promise.all(
      releases.map((release, i) =>
        fetch(`${server.url}/management/clients/individuals/held-${i}/products`, { method: "POST" }).finally(release),
      ),
    );
    await other;
    expect(server.stats).toMatchObject({ accepted: 30, rejected: 0, violations: 0 });
  });

  it("holds one window on a promoted replica that lacks the last writes of its primary", async () => {
    const primary = await redisServer();
    const replica = await redisServer({ replicaOf: primary.port });
    await penalizingServer();
    const key = "lagging";
    const onPrimary = client(store({ url: primary.url, key }));
    await calls(onPrimary, "early", 1);
    const replicaConnection = connection(replica.url);
    await until(async () => (await replicaConnection.exists(`{${key}}:state`)) === 1, "replica has the state");
    // The replica is cut off: what the primary grants from now on, it never learns.
    await replicaConnection.replicaof("NO", "ONE");
    await calls(onPrimary, "lost", 14);
    await calls(client(store({ url: replica.url, key })), "promoted", 15);
    expect(server.stats).toMatchObject({ accepted: 30, rejected: 0, violations: 0 });
  });

  it("holds one window on a primary demoted and promoted again, whose data came back from a lagging replica", async () => {
    const first = await redisServer();
    const second = await redisServer({ replicaOf: first.port });
    await penalizingServer();
    const key = "demoted";
    const onFirst = client(store({ url: first.url, key }));
    await calls(onFirst, "early", 1);
    const [firstConnection, secondConnection] = [connection(first.url), connection(second.url)];
    await until(async () => (await secondConnection.exists(`{${key}}:state`)) === 1, "replica has the state");
    await secondConnection.replicaof("NO", "ONE");
    // A full sync at once (not after the default 5 s), so that all of this fits in one window.
    await secondConnection.config("SET", "repl-diskless-sync-delay", "0");
    await calls(onFirst, "lost", 14);
    // The first Redis follows the second, taking its copy (without the last 14), then leads again:
    // the same process, another replication history.
    await firstConnection.replicaof("127.0.0.1", String(second.port));
    await until(
      async () => String(await firstConnection.info("replication")).includes("master_link_status:up"),
      "the first Redis has synced from the second",
    );
    await firstConnection.replicaof("NO", "ONE");
    await calls(onFirst, "again", 15);
    expect(server.stats).toMatchObject({ accepted: 30, rejected: 0, violations: 0 });
  });

  it("20 processes, Redis killed mid-run and restarted 0.5 s later: no 429, every call done", async () => {
    const redis = await redisServer();
    await penalizingServer();
    const running = fleet(20, 5, { REDIS_URL: redis.url, KEY: "restart-20" });
    await until(() => server.stats.accepted >= 35, "35 calls accepted", 25_000);
    await redis.stop();
    await sleep(500);
    await redis.restart();
    expectAllDoneWithout429(await running, 5);
  }, 60_000);
});

describe.skipIf(skipRedis)("a Sentinel-managed Redis", () => {
  let group: SentinelGroup;

  it("fails over mid-run, the primary killed: no 429, every call done", async () => {
    group = await startSentinelGroup();
    cleanup.push(() => group.stop());
    await penalizingServer();
    const sentinels = group.sentinels.map(({ host, port }) => `${host}:${port}`).join(",");
    const running = fleet(5, 16, { SENTINELS: sentinels, SENTINEL_NAME: group.name, KEY: "sentinel" });
    await until(() => server.stats.accepted >= 30, "30 calls accepted", 25_000);
    await group.primary.stop();
    expectAllDoneWithout429(await running, 16);
    // The calls after the kill went through the replica that Sentinel promoted.
    const promoted = connection(group.replica.url);
    expect(await promoted.call("ROLE")).toContain("master");
  }, 60_000);
});

describe.skipIf(skipRedis)("a Redis Cluster", () => {
  it("shares one limit through an ioredis Cluster client", async () => {
    const node = await redisServer({ cluster: true });
    const admin = connection(node.url);
    await admin.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
    await until(async () => String(await admin.call("CLUSTER", "INFO")).includes("cluster_state:ok"), "cluster ok");
    const cluster = new Cluster([{ host: "127.0.0.1", port: node.port }], {
      enableOfflineQueue: false,
      redisOptions: { commandTimeout: 1000 },
    });
    cleanup.push(() => cluster.disconnect());
    await new Promise((resolve) => cluster.once("ready", resolve));
    await penalizingServer();
    const [first, second] = [1, 2].map(() => client(store({ client: cluster, key: "cluster" })));
    await Promise.all([
      calls(first as ReturnType<typeof client>, "a", 15),
      calls(second as ReturnType<typeof client>, "b", 15),
    ]);
    expect(server.stats).toMatchObject({ accepted: 30, rejected: 0, violations: 0 });
    expect(
      await admin.call("CLUSTER", "COUNTKEYSINSLOT", String(await admin.call("CLUSTER", "KEYSLOT", "{cluster}:state"))),
    ).toBe(1);
  });
});
