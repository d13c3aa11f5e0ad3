/**
 * A rate-limit store on Redis, so that every process using the same key shares one limit
 * (Node only; ioredis is an optional peer dependency).
 *
 * Each operation is one Lua script, atomic in Redis, and takes the time from the Redis server,
 * so the clocks of the machines never matter. Three keys share one hash tag (Cluster-safe):
 * `inflight` and `finished` are sorted sets of slot tokens scored by the moment each stops
 * counting, and `pause` holds the end of a fleet-wide pause after a 429.
 */
import { createHash, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { RateLimitStore, SlotAnswer, SlotRequest } from "./shared.js";

export type { RateLimitStore } from "./shared.js";

const NOW = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function keep(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end
`;

/** KEYS: inflight, finished, pause. ARGV: limit, spanMs, leaseMs, token. */
const ACQUIRE = `${NOW}
local limit, span, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then return {0, paused - now, 2} end
if redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2]) < limit then
  redis.call('ZADD', KEYS[1], now + lease + span, ARGV[4])
  keep(KEYS[1], lease + span + 1000)
  return {1, 0, 1}
end
local f = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
local i = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = 1000
if i[2] then wait = tonumber(i[2]) - now end
if f[2] and tonumber(f[2]) - now < wait then return {0, tonumber(f[2]) - now, 1} end
return {0, wait, 0}
`;

/** KEYS: inflight, finished. ARGV: token, spanMs. */
const RELEASE = `${NOW}
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
keep(KEYS[2], tonumber(ARGV[2]) + 1000)
return 1
`;

/** KEYS: pause. ARGV: ms. */
const PAUSE = `${NOW}
local ms = tonumber(ARGV[1])
if tonumber(redis.call('GET', KEYS[1]) or '0') < now + ms then
  redis.call('SET', KEYS[1], now + ms, 'PX', ms + 1000)
end
return 1
`;

/** The commands the store needs from a Redis client (ioredis' signatures). */
export interface RedisScriptClient {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RedisRateLimitStoreOptions {
  /**
   * Redis to connect to, when no `client` is given.
   * @default process.env.CRYPTOMATE_REDIS_URL, else "redis://127.0.0.1:6379"
   * @example "redis://:password@redis.internal:6379/0"
   */
  url?: string;
  /**
   * An ioredis client of your own. The store neither configures nor closes it; give it a
   * `commandTimeout` so that a Redis that stops answering fails calls instead of holding them.
   */
  client?: RedisScriptClient;
  /**
   * Prefix of the store's keys. Processes share a limit exactly when they share it; use one per
   * CryptoMate company (API key) and source IP.
   * @default "cryptomate:rate-limit"
   */
  key?: string;
  /**
   * How long one Redis command may take before the call fails (and is not sent), in milliseconds.
   * Applies to the connection this store opens.
   * @default 1000
   */
  commandTimeoutMs?: number;
}

export interface RedisRateLimitStore extends RateLimitStore {
  /** Closes the connection the store opened (not a `client` you passed). */
  close(): Promise<void>;
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

function connect(url: string, commandTimeout: number): Redis {
  const redis = new Redis(url, {
    // Fail at once while disconnected instead of queueing: a queued call is an unpaced call later.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout,
    connectTimeout: Math.max(commandTimeout, 1000),
    // Keep reconnecting in the background, so that calls recover by themselves.
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  // Connection errors surface on each call as CryptoMateRateLimitStoreError; the emitter's
  // copies would otherwise be unhandled.
  redis.on("error", () => undefined);
  return redis;
}

/** Waits until a new connection is ready, for at most `ms`. */
function ready(redis: Redis, ms: number): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  if (redis.status !== "connecting" && redis.status !== "wait" && redis.status !== "connect") {
    return Promise.reject(new Error(`Redis connection is ${redis.status}`));
  }
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      redis.off("error", onError);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    const onError = (error: Error) => done(error);
    const timer = setTimeout(() => done(new Error(`Redis did not connect within ${ms} ms`)), ms);
    redis.once("ready", onReady);
    redis.once("error", onError);
  });
}

/**
 * A store for `createRateLimiter({ store })` or `createCryptoMateClient({ rateLimit: { store } })`.
 * @example
 * const store = redisRateLimitStore({ url: process.env.REDIS_URL });
 * const client = createCryptoMateClient({ rateLimit: { requestsPerSecond: 15, store } });
 */
export function redisRateLimitStore(options: RedisRateLimitStoreOptions = {}): RedisRateLimitStore {
  const prefix = options.key ?? "cryptomate:rate-limit";
  if (typeof prefix !== "string" || prefix === "") throw new TypeError("key must be a non-empty string");
  const commandTimeoutMs = options.commandTimeoutMs ?? 1000;
  if (!Number.isFinite(commandTimeoutMs) || commandTimeoutMs <= 0) {
    throw new RangeError(`commandTimeoutMs must be a number above 0, got ${String(commandTimeoutMs)}`);
  }
  const tag = `{${prefix}}`;
  const keys = { inflight: `${tag}:inflight`, finished: `${tag}:finished`, pause: `${tag}:pause` };
  const own = options.client
    ? undefined
    : connect(options.url ?? process.env.CRYPTOMATE_REDIS_URL ?? "redis://127.0.0.1:6379", commandTimeoutMs);
  const client: RedisScriptClient = options.client ?? (own as Redis);

  async function script(source: string, keyList: string[], args: (string | number)[]): Promise<unknown> {
    if (own) await ready(own, commandTimeoutMs);
    try {
      return await client.evalsha(sha1(source), keyList.length, ...keyList, ...args);
    } catch (error) {
      if (!String((error as Error)?.message).includes("NOSCRIPT")) throw error;
      return client.eval(source, keyList.length, ...keyList, ...args);
    }
  }

  return {
    async acquire({ limit, spanMs, leaseMs }: SlotRequest): Promise<SlotAnswer> {
      const token = randomUUID();
      const [granted, waitMs, exact] = (await script(
        ACQUIRE,
        [keys.inflight, keys.finished, keys.pause],
        [limit, Math.ceil(spanMs), Math.ceil(leaseMs), token],
      )) as [number, number, number];
      if (granted === 1) return { granted: true, token };
      return { granted: false, waitMs: Math.max(1, Number(waitMs)), exact: exact !== 0, paused: exact === 2 };
    },
    async release(token, spanMs) {
      await script(RELEASE, [keys.inflight, keys.finished], [token, Math.ceil(spanMs)]);
    },
    async pause(ms) {
      await script(PAUSE, [keys.pause], [Math.ceil(ms)]);
    },
    async close() {
      if (own && own.status !== "end") await own.quit().catch(() => own.disconnect());
    },
  };
}
