// One process of a fleet that shares (or not) a Redis-backed rate limit, for tests and the
// benchmark. Settings come from the environment:
//   BASE_URL   the server to call            COUNT  calls to make (20)
//   REDIS_URL  share the limit through it     KEY    the store's key prefix
//   HOLD       instead of calling, take this many slots, print "held", and wait to be killed
//   LEASE_MS   lease of each held slot (2000) PREFIX client-id prefix ("w")
// Prints one JSON line: { succeeded, failed, errors: { name: count }, seconds }.
import { createCryptoMateClient, createRateLimiter } from "../../dist/index.js";

const env = process.env;
const store = env.REDIS_URL
  ? (await import("../../dist/redis.js")).redisRateLimitStore({ url: env.REDIS_URL, key: env.KEY })
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
    maxRetries: 0,
  });
  const started = performance.now();
  const prefix = env.PREFIX ?? "w";
  const results = await Promise.allSettled(
    Array.from({ length: Number(env.COUNT ?? 20) }, (_, i) =>
      client.requestProductEnablement(`${prefix}-${i}`, { subproduct: "cards_individuals" }),
    ),
  );
  const errors = {};
  for (const result of results) {
    if (result.status === "rejected") errors[result.reason.name] = (errors[result.reason.name] ?? 0) + 1;
  }
  const failed = results.filter((result) => result.status === "rejected").length;
  process.stdout.write(
    `${JSON.stringify({ succeeded: results.length - failed, failed, errors, seconds: (performance.now() - started) / 1000 })}\n`,
  );
  await store?.close();
}
