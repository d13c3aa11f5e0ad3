// Several processes sharing one limit through Redis, next to the same processes each pacing
// alone; and what a Redis-backed slot costs against the in-process limiter. Needs redis-server
// (Debian's package); without it the rows say so.
import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import { createCryptoMateClient, createRateLimiter } from "../../dist/index.js";
import { redisRateLimitStore } from "../../dist/redis.js";
import { REDIS_SERVER, startRedis } from "../lib/redis-server.mjs";
import { body, childServer, fmt, KEY, median, quick, root, row, timeRow } from "./common.mjs";

/** Runs `processes` fleet workers at once, each making `count` calls; returns the server's view. */
async function fleetRun(processes, count, redisUrl) {
  const server = await childServer(15);
  const key = `bench-fleet-${process.pid}-${Date.now()}`;
  const workers = Array.from({ length: processes }, (_, i) => {
    const env = {
      ...process.env,
      BASE_URL: server.url,
      COUNT: String(count),
      PREFIX: `f${i}`,
      KEY: key,
    };
    if (redisUrl) env.REDIS_URL = redisUrl;
    const child = spawn(process.execPath, [`${root}scripts/lib/fleet-worker.mjs`], { env, stdio: "ignore" });
    return new Promise((resolve) => child.once("exit", resolve));
  });
  await Promise.all(workers);
  const stats = await server.stats();
  await server.stop();
  return stats;
}

async function fleet(redis) {
  const processes = 3;
  const count = 60;
  const n = processes * count;
  const shared = await fleetRun(processes, count, redis.url);
  // The first 15 may go at once; the rest need (accepted - 15) / 15 s.
  const seconds = (shared.lastAcceptedAt - shared.firstAcceptedAt) / 1000;
  const rate = (shared.accepted - 15) / seconds;
  row(
    `${processes} processes sharing Redis, ${n} calls: steady rate / 15 per s`,
    `${fmt(rate)} req/s, ${shared.accepted}/${n} ok, ${shared.rejected} x 429`,
    "15 req/s",
    fmt(rate / 15),
    ">= 0.9, 0 x 429",
  );
  const alone = await fleetRun(processes, count);
  const aloneSeconds = (alone.lastAcceptedAt - alone.firstAcceptedAt) / 1000;
  const aloneRate = alone.accepted > 15 ? (alone.accepted - 15) / aloneSeconds : 0;
  row(
    `${processes} processes each pacing alone, ${n} calls: steady rate / 15 per s`,
    `${fmt(aloneRate)} req/s, ${alone.accepted}/${n} ok, ${alone.rejected} x 429`,
    "15 req/s",
    fmt(aloneRate / 15),
    "for comparison",
  );
}

/**
 * Median time of `fn` on limiters from `makeA` and `makeB`, in alternating rounds of 100 calls
 * (so that drift hits both alike), each round on a fresh limiter (an empty window).
 */
async function perOp(makeA, makeB, fn) {
  const samples = [[], []];
  for (let round = 0; round < (quick ? 6 : 30); round++) {
    const side = round % 2;
    const limiter = (side ? makeB : makeA)();
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      await fn(limiter);
      samples[side].push(performance.now() - started);
    }
  }
  return samples.map(median);
}

async function slotCost(redis) {
  // One connection; a fresh key per round.
  const connection = new Redis(redis.url, { commandTimeout: 1000 });
  let rounds = 0;
  const local = () => createRateLimiter({ requestsPerSecond: 1000 });
  const shared = () =>
    createRateLimiter({
      requestsPerSecond: 1000,
      store: redisRateLimitStore({ client: connection, key: `slot-${rounds++}` }),
    });
  const slot = (limiter) => limiter.run(async () => undefined);
  await perOp(shared, shared, slot); // warm-up: connection, script cache
  const [localSlot, redisSlot] = await perOp(local, shared, slot);
  timeRow("rate-limit slot (acquire + release): Redis store / in-process", redisSlot, localSlot);

  const server = await childServer(1e9);
  const client = (limiter) => createCryptoMateClient({ apiKey: KEY, baseUrl: server.url, rateLimit: limiter });
  const call = (c) => c.requestProductEnablement("bench-client", body);
  const [localCall, redisCall] = await perOp(
    () => client(local()),
    () => client(shared()),
    call,
  );
  timeRow("per call, client with Redis store / with in-process limiter", redisCall, localCall);
  await server.stop();
  connection.disconnect();
}

export async function fleetAndStore() {
  console.error("a limit shared through Redis");
  if (!REDIS_SERVER) {
    row("Redis-backed pacing", "skipped: redis-server is missing (apt-get install -y redis-server)", "", "", "");
    return;
  }
  const redis = await startRedis();
  try {
    await slotCost(redis);
    if (!quick) await fleet(redis);
  } finally {
    await redis.stop();
  }
}
