import { REDIS_SERVER } from "../../scripts/lib/redis-server.mjs";

export { type RedisServer, startRedis } from "../../scripts/lib/redis-server.mjs";

// In CI a missing redis-server is a failure (.ci/run installs it); elsewhere the tests that
// need it are reported as skipped, with the reason.
export const skipRedis = REDIS_SERVER === undefined && !process.env.CI;
if (skipRedis) console.warn("Redis tests skipped: redis-server is missing (apt-get install -y redis-server)");
