/**
 * One limiter for all of an app's CryptoMate calls. CryptoMate counts every request of a
 * company against one limit (15 per second), whatever the endpoint, so the calls this package
 * makes and the app's other CryptoMate calls should wait in the same line.
 */
import { RateLimiter } from "./in-process.js";
import type { RateLimitStore, SharedLimiter } from "./shared.js";
import { type AcquireOptions, DEFAULT_RUN_TIMEOUT_MS, paceFor, type RunOptions, type SlotLimiter } from "./slot.js";

export type { AcquireOptions, RunOptions } from "./slot.js";

export interface RateLimiterOptions {
  /**
   * Most requests in any rolling second, across everything that shares this limiter (and, with
   * a `store`, across every process that shares the store's key).
   * @default 15 (CryptoMate's documented limit per IP and per company)
   */
  requestsPerSecond?: number;
  /**
   * Where the count is kept. Without one, it is kept in this process. With
   * `redisRateLimitStore()` from `cryptomate-product-enablement/redis`, every process that uses
   * the same Redis key shares one limit.
   */
  store?: RateLimitStore;
}

/** A limiter that clients and the app's own calls can share. */
export interface CryptoMateRateLimiter {
  readonly requestsPerSecond: number;
  /** Calls waiting for a slot in this process. */
  readonly pending: number;
  /**
   * Waits for a slot, then runs `fn` and frees the slot when it settles. `fn` receives a signal
   * that aborts on the caller's signal or the timeout. When `fn` resolves to a `Response` with
   * status 429, every user of the limiter is paused for its `Retry-After`.
   * @example await limiter.run((signal) => fetch(url, { headers, signal }))
   */
  run<T>(fn: (signal: AbortSignal) => Promise<T>, options?: RunOptions): Promise<T>;
  /** Holds every user of the limiter for `ms` milliseconds, as after a 429. */
  pause(ms: number): void;
  /**
   * Waits for a slot; call the returned function once the request has finished. With
   * `maxWaitMs`, rejects at once (`CryptoMateRateLimitPausedError`) while a 429's pause holds
   * for longer than that.
   */
  acquire(options?: AcquireOptions): Promise<() => void>;
}

const LIMITER = Symbol.for("cryptomate.rateLimiter");

function checkRate(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > 1000) {
    throw new RangeError(`${name} must be a number above 0 and at most 1000, got ${String(value)}`);
  }
  return value;
}

function checkStore(value: unknown, name: string): RateLimitStore | undefined {
  if (value === undefined) return undefined;
  const store = value as Partial<RateLimitStore> | null;
  if (!store || typeof store.acquire !== "function" || typeof store.release !== "function") {
    throw new TypeError(`${name} must be a rate-limit store such as redisRateLimitStore()`);
  }
  return value as RateLimitStore;
}

/** A limiter over a store, whose code is loaded on first use: apps without a store never load it. */
function sharedLimiter(store: RateLimitStore, pace: { limit: number; spanMs: number }): SlotLimiter {
  let core: SharedLimiter | undefined;
  let loading: Promise<SharedLimiter> | undefined;
  const load = () => {
    loading ??= import("./shared.js").then(({ SharedLimiter }) => {
      core = new SharedLimiter(store, pace);
      return core;
    });
    return loading;
  };
  return {
    get pending() {
      return core?.pending ?? 0;
    },
    acquire: (signal, leaseMs, maxWaitMs) => load().then((limiter) => limiter.acquire(signal, leaseMs, maxWaitMs)),
    // At once when loaded: a 429's pause must reach the store before its slot is released.
    pause: (ms) => (core ? core.pause(ms) : void load().then((limiter) => limiter.pause(ms))),
  };
}

/** Creates a limiter to share between clients and the app's other CryptoMate calls. */
export function createRateLimiter(options: RateLimiterOptions = {}): CryptoMateRateLimiter {
  return makeRateLimiter(options, "options");
}

/** {@link createRateLimiter}, with errors naming the option as `name` (such as `rateLimit`). */
export function makeRateLimiter(options: RateLimiterOptions, name: string): CryptoMateRateLimiter {
  const requestsPerSecond = checkRate(options.requestsPerSecond ?? 15, `${name}.requestsPerSecond`);
  const store = checkStore(options.store, `${name}.store`);
  const core: SlotLimiter = store
    ? sharedLimiter(store, paceFor(requestsPerSecond))
    : new RateLimiter({ limit: requestsPerSecond });

  return Object.freeze({
    [LIMITER]: true,
    requestsPerSecond,
    get pending() {
      return core.pending;
    },
    // Loaded on first use, like the rest of what only some apps need.
    run: <T>(fn: (signal: AbortSignal) => Promise<T>, runOptions: RunOptions = {}) =>
      import("./run.js").then(({ runWithSlot }) => runWithSlot(core, fn, runOptions)),
    pause: (ms: number) => core.pause(ms),
    acquire: ({ signal, leaseMs, maxWaitMs }: AcquireOptions = {}) =>
      core.acquire(signal, leaseMs ?? DEFAULT_RUN_TIMEOUT_MS, maxWaitMs),
  });
}

/** True for an object made by {@link createRateLimiter}. */
export function isRateLimiter(value: unknown): value is CryptoMateRateLimiter {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[LIMITER] === true;
}
