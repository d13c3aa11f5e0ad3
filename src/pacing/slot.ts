/**
 * What every limiter shares: the slot interface, how a rate becomes a count and a span, and the
 * options of a wait for a slot. Imported by each limiter; imports none of them.
 */

/** Node fires longer timers at once: waits are cut into pieces no longer than this. */
export const MAX_TIMER_MS = 2_147_483_647;

/** The shape both limiters share: a slot per request, and a pause after a 429. */
export interface SlotLimiter {
  /**
   * Resolves to `release` once a slot is free; `leaseMs` bounds how long a lost slot is held.
   * Rejects with `CryptoMateRateLimitPausedError` while a pause holds for longer than `maxWaitMs`.
   */
  acquire(signal?: AbortSignal, leaseMs?: number, maxWaitMs?: number): Promise<() => void>;
  /** Holds every request for `ms`; waiters that will not wait that long are rejected at once. */
  pause(ms: number): void;
  readonly pending: number;
}

/**
 * How many requests may be counted at once and for how long each counts. A fractional rate
 * such as 0.5/s becomes one request per two seconds.
 */
export function paceFor(requestsPerSecond: number, windowMs = 1000, marginMs = 10): { limit: number; spanMs: number } {
  const scale = requestsPerSecond < 1 ? 1 / requestsPerSecond : 1;
  return { limit: Math.max(1, Math.floor(requestsPerSecond * scale)), spanMs: windowMs * scale + marginMs };
}

export interface RunOptions {
  /** Cancels the wait for a slot and is passed on to `fn`. */
  signal?: AbortSignal;
  /**
   * Time allowed for the wait plus `fn`, in milliseconds. With a store, a slot whose process
   * dies is freed one second after this.
   * @default 30000
   */
  timeoutMs?: number;
}

export interface AcquireOptions {
  /** Cancels the wait. */
  signal?: AbortSignal;
  /** With a store: how long a slot whose process dies keeps counting. @default 30000 */
  leaseMs?: number;
  /** Longest 429 pause to wait through; a longer one fails the wait at once. @default Infinity */
  maxWaitMs?: number;
}

/** How long `limiter.run` and a slot's lease last unless told otherwise. */
export const DEFAULT_RUN_TIMEOUT_MS = 30_000;
