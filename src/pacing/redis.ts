/**
 * A rate-limit store on Redis, so that every process using the same key shares one limit
 * (Node only; ioredis is an optional peer dependency). Works with one Redis, a Sentinel-managed
 * primary (`connection: { sentinels, name }`) or a Cluster (`client: new Cluster(...)`).
 *
 * Each operation is one Lua script, atomic in Redis, on one key (see redis-scripts.ts). When
 * Redis loses the state or may hold a stale copy of it (a restart, a failover, a flush), the
 * scripts hold new slots for one window, and each process registers again what it holds.
 */
import { createHash, randomUUID } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import { RedisLedger } from "./redis-ledger.js";
import { ACQUIRE, PAUSE, REGISTER, RELEASE } from "./redis-scripts.js";
import type { RateLimitStore, SlotAnswer, SlotRequest } from "./shared.js";

export type { RateLimitStore } from "./shared.js";

/** The commands the store needs from a Redis client (ioredis' signatures; a `Cluster` has them). */
export interface RedisScriptClient {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RedisRateLimitStoreOptions {
  /**
   * Redis to connect to, when neither `client` nor `connection.sentinels` is given.
   * @default process.env.CRYPTOMATE_REDIS_URL, else "redis://127.0.0.1:6379"
   * @example "redis://:password@redis.internal:6379/0"
   */
  url?: string;
  /**
   * ioredis options for the connection the store opens, over its own settings (no offline
   * queue, `commandTimeoutMs`, reconnection in the background). With `sentinels` and `name`,
   * the store follows the primary that Sentinel names, through failovers.
   * @example { sentinels: [{ host: "10.0.0.5", port: 26379 }], name: "mymaster" }
   */
  connection?: RedisOptions;
  /**
   * An ioredis client of your own: a `Redis` (Sentinel-managed or not) or a `Cluster`. The store
   * neither configures nor closes it; give it `enableOfflineQueue: false` and a
   * `commandTimeout`, so that a Redis that is away or stops answering fails calls instead of
   * holding them.
   */
  client?: RedisScriptClient;
  /**
   * Prefix of the store's key. Processes share a limit exactly when they share it; use one per
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

function connect(options: RedisRateLimitStoreOptions, commandTimeout: number): Redis {
  const settings: RedisOptions = {
    // Fail at once while disconnected instead of queueing: a queued call is an unpaced call later.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout,
    connectTimeout: Math.max(commandTimeout, 1000),
    // Keep reconnecting in the background, so that calls recover by themselves.
    retryStrategy: (times) => Math.min(100 * times, 2000),
    ...options.connection,
  };
  const redis = options.connection?.sentinels
    ? new Redis(settings)
    : new Redis(options.url ?? process.env.CRYPTOMATE_REDIS_URL ?? "redis://127.0.0.1:6379", settings);
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
  // One key, with a hash tag so that a Cluster places it like the keys of earlier versions.
  const key = `{${prefix}}:state`;
  const own = options.client ? undefined : connect(options, commandTimeoutMs);
  const client: RedisScriptClient = options.client ?? (own as Redis);
  const ledger = new RedisLedger();
  let spanMs = 1010;
  let lastCall = 0;
  let registering: Promise<void> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  async function script(source: string, args: (string | number)[]): Promise<unknown> {
    if (own) await ready(own, commandTimeoutMs);
    lastCall = performance.now();
    try {
      return await client.evalsha(sha1(source), 1, key, ...args);
    } catch (error) {
      if (!String((error as Error)?.message).includes("NOSCRIPT")) throw error;
      return client.eval(source, 1, key, ...args);
    }
  }

  /** Registers this process's entries (and `extra` pairs) under the store's current term. */
  function register(extra: (string | number)[] = []): Promise<void> {
    // One registration at a time, each after the last, so that none is lost.
    const next = (registering ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        ledger.term = String(await script(REGISTER, [Math.ceil(spanMs), ...ledger.pairs(), ...extra]));
      });
    registering = next;
    const settled = () => {
      if (registering === next) registering = undefined;
    };
    next.then(settled, settled);
    return next;
  }

  /** After an answer naming `term`: registers again if the store started a new one since. */
  async function follow(term: string): Promise<void> {
    if (registering) await registering.catch(() => undefined);
    if (term === ledger.term) return;
    if (!ledger.holding) ledger.term = term;
    else await register();
  }

  // While it holds slots, a process that is not otherwise calling checks the term a few times
  // per window, so that a new term learns of its slots before its hold ends.
  function beat(): void {
    if (heartbeat) return;
    heartbeat = setInterval(() => {
      if (!ledger.holding) {
        clearInterval(heartbeat);
        heartbeat = undefined;
      } else if (performance.now() - lastCall >= spanMs / 4 && !registering) {
        script(REGISTER, [Math.ceil(spanMs)])
          .then((term) => follow(String(term)))
          .catch(() => undefined);
      }
    }, spanMs / 4);
    heartbeat.unref?.();
  }

  return {
    async acquire({ limit, spanMs: span, leaseMs }: SlotRequest): Promise<SlotAnswer> {
      spanMs = span;
      const token = randomUUID();
      const [granted, waitMs, kind, term] = (await script(ACQUIRE, [
        limit,
        Math.ceil(span),
        Math.ceil(leaseMs),
        token,
      ])) as [number, number, number, string];
      if (granted !== 1) {
        await follow(term);
        return { granted: false, waitMs: Math.max(1, Number(waitMs)), exact: kind !== 0, paused: kind === 2 };
      }
      if (term !== ledger.term && ledger.holding) {
        // A term began while this process was silent: its own slots were not counted for this
        // grant. Give it back, register them, and ask again.
        await register([`i${token}`, 0]);
        return { granted: false, waitMs: 1, exact: true };
      }
      ledger.term = term;
      ledger.granted(token, Math.ceil(leaseMs) + Math.ceil(span));
      beat();
      return { granted: true, token };
    },
    async release(token, span) {
      ledger.released(token, Math.ceil(span));
      await follow(String(await script(RELEASE, [token, Math.ceil(span)])));
    },
    async pause(ms) {
      ledger.paused(ms);
      await follow(String(await script(PAUSE, [Math.ceil(ms), Math.ceil(spanMs)])));
    },
    async close() {
      clearInterval(heartbeat);
      heartbeat = undefined;
      if (own && own.status !== "end") await own.quit().catch(() => own.disconnect());
    },
  };
}
