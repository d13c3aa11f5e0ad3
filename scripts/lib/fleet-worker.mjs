// One process of a fleet that shares (or not) a Redis-backed rate limit, for tests and the
// benchmark. Settings come from the environment:
//   BASE_URL     the server to call             COUNT        calls to make (20)
//   REDIS_URL    share the limit through it      KEY          the store's key prefix
//   SENTINELS    share it through the primary that these Sentinels name ("host:port,...")
//   SENTINEL_NAME  the primary's name for SENTINELS ("mymaster")
//   IN_FLIGHT    most calls in flight at once (all of COUNT)
//   MAX_RETRIES  the client's maxRetries (0)
//   HOLD         instead of calling, take this many slots, print "held", and wait to be killed
//   LEASE_MS     lease of each held slot (2000)  PREFIX       client-id prefix ("w")
// Prints one JSON line: { succeeded, failed, errors: { name: count }, seconds, cpuSeconds }.
import { createCryptoMateClient, createRateLimiter } from "../../dist/index.js";

const env = process.env;
const sentinels = env.SENTINELS?.split(",").map((address) => {
  const [host, port] = address.split(":");
  return { host, port: Number(port) };
});
const store =
  env.REDIS_URL || sentinels
    ? (await import("../../dist/redis.js")).redisRateLimitStore({
        url: env.REDIS_URL,
        key: env.KEY,
        connection: sentinels ? { sentinels, name: env.SENTINEL_NAME ?? "mymaster" } : undefined,
      })
    : undefined;
const limiter = createRateLimiter({ requestsPerSecond: 15, store });

if (env.HOLD) {
  for (let i = 0; i < Number(env.HOLD); i++) await limiter.acquire({ leaseMs: Number(env.LEASE_MS ?? 2000) });
  process.stdout.write("held\n");
  setInterval(() => undefined, 60_000);
} else {
  const client = createCryptoMateClient({
    apiKey: "cm_fleet_key_0123456789",
    baseUrl: env.BASE_URL,
    rateLimit: limiter,
    maxRetries: Number(env.MAX_RETRIES ?? 0),
  });
  const started = performance.now();
  const prefix = env.PREFIX ?? "w";
  const count = Number(env.COUNT ?? 20);
  const results = [];
  let next = 0;
  // IN_FLIGHT lanes, each making its calls one after another.
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await client.requestProductEnablement(`${prefix}-${i}`, { subproduct: "cards_individuals" }).then(
        (value) => ({ status: "fulfilled", value }),
        (reason) => ({ status: "rejected", reason }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, Number(env.IN_FLIGHT ?? count)) }, lane));
  const errors = {};
  for (const result of results) {
    if (result.status === "rejected") errors[result.reason.name] = (errors[result.reason.name] ?? 0) + 1;
  }
  const failed = results.filter((result) => result.status === "rejected").length;
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage();
  const cpuSeconds = (user + system) / 1e6;
  process.stdout.write(
    `${JSON.stringify({ succeeded: results.length - failed, failed, errors, seconds, cpuSeconds })}\n`,
  );
  await store?.close();
}
