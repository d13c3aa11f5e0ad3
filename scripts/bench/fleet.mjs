// Several processes sharing one limit through Redis, next to the same processes each pacing
// alone; and what a Redis-backed slot costs against the in-process limiter. Needs redis-server
// (Debian's package); without it the rows say so.
import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import { createCryptoMateClient, createRateLimiter } from "../../dist/index.js";
import { redisRateLimitStore } from "../../dist/redis.js";
import { REDIS_SERVER, startRedis } from "../lib/redis-server.mjs";
import { body, childServer, fmt, KEY, median, quick, root, row, timeRow } from "./common.mjs";

/**
 * Runs `processes` fleet workers at once, each making `count` calls (`inFlight` at a time);
 * with `restartAfter`, kills Redis once the server has accepted that many calls and starts it
 * again 0.5 s later. Returns the server's view, and the calls the workers got done.
 */
export async function fleetRun(processes, count, redis, { restartAfter, inFlight, maxRetries = 0 } = {}) {
  const server = await childServer(15);
  const key = `bench-fleet-${process.pid}-${Date.now()}`;
  const started = performance.now();
  const workers = Array.from({ length: processes }, (_, i) => {
    const env = { ...process.env, BASE_URL: server.url, COUNT: String(count), PREFIX: `f${i}`, KEY: key };
    env.MAX_RETRIES = String(maxRetries);
    if (inFlight) env.IN_FLIGHT = String(inFlight);
    if (redis) env.REDIS_URL = redis.url;
    const child = spawn(process.execPath, [`${root}scripts/lib/fleet-worker.mjs`], {
      env,
      stdio: ["ignore", "pipe", "ignore"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    return new Promise((resolve) => child.once("close", () => resolve(output)));
  });
  if (restartAfter) {
    const deadline = performance.now() + 120_000;
    while ((await server.stats()).accepted < restartAfter && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.restart();
  }
  const reports = await Promise.all(workers);
  const wallSeconds = (performance.now() - started) / 1000;
  let done = 0;
  let cpuSeconds = 0;
  const errors = {};
  for (const output of reports) {
    const report = JSON.parse(output || '{"errors":{"no report":1}}');
    done += report.succeeded ?? 0;
    cpuSeconds += report.cpuSeconds ?? 0;
    for (const [name, count] of Object.entries(report.errors)) errors[name] = (errors[name] ?? 0) + count;
  }
  const stats = await server.stats();
  await server.stop();
  // The first 15 may go at once; the rest need (accepted - 15) / 15 s.
  const seconds = (stats.lastAcceptedAt - stats.firstAcceptedAt) / 1000;
  const rate = stats.accepted > 15 ? (stats.accepted - 15) / seconds : 0;
  // CPU the workers used (start-up included), in cores over the run: near 2 means the machine's
  // two cores were the limit.
  return { ...stats, done, errors, rate, cores: cpuSeconds / wallSeconds };
}

/** A row for a fleet run: its steady rate against 15/s, its 429s, the calls done, and its CPU. */
function fleetRow(label, n, result, goal) {
  const failures = Object.entries(result.errors).map(([name, count]) => `${count} x ${name}`);
  const cores = `workers used ${fmt(result.cores, 1)} of 2 cores`;
  const summary = `${fmt(result.rate)} req/s, ${result.done}/${n} done, ${result.rejected} x 429`;
  const value = [summary, ...failures, cores].join(", ");
  row(label, value, "15 req/s", fmt(result.rate / 15), goal);
}

async function fleet(redis) {
  const processes = 3;
  const count = 60;
  const n = processes * count;
  fleetRow(
    `${processes} processes sharing Redis, ${n} calls: steady rate / 15 per s`,
    n,
    await fleetRun(processes, count, redis),
    ">= 0.9, 0 x 429",
  );
  fleetRow(
    `${processes} processes each pacing alone, ${n} calls: steady rate / 15 per s`,
    n,
    await fleetRun(processes, count),
    "for comparison",
  );
  // Fifty processes (the client's default maxRetries, 2): every call in flight at once, then
  // one at a time in each process.
  for (const inFlight of [undefined, 1]) {
    const each = inFlight ? "1 call" : "every call";
    fleetRow(
      `50 processes sharing Redis, 600 calls, ${each} in flight per process: steady rate / 15 per s`,
      600,
      await fleetRun(50, 12, redis, { inFlight, maxRetries: 2 }),
      ">= 0.95, 0 x 429",
    );
  }
  // A Redis restart mid-run, every process retrying (maxRetries 8): no 429, nothing lost.
  for (const [processes, count] of [
    [20, 25],
    [50, 12],
  ]) {
    const n = processes * count;
    fleetRow(
      `${processes} processes, ${n} calls, Redis killed after ${n >> 1} and restarted 0.5 s later: steady rate / 15 per s`,
      n,
      await fleetRun(processes, count, redis, { restartAfter: n >> 1, maxRetries: 8 }),
      "0 x 429, all done",
    );
  }
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
