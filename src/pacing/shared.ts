/**
 * Pacing shared by every process that uses the same store (Redis). The store keeps the one
 * count; this side keeps a local queue so that only the call at its head asks the store.
 *
 * The rule is the in-process limiter's, applied to the whole fleet: a request goes only while
 * fewer than `limit` requests are in flight or finished less than one span ago. A slot whose
 * holder never releases it (the process died) stops counting when its lease runs out, one span
 * after the call's own timeout, so the fleet never deadlocks.
 */
import { CryptoMateRateLimitPausedError, CryptoMateRateLimitStoreError } from "../client/errors.js";
import { MAX_TIMER_MS, type SlotLimiter } from "./slot.js";

/** What the store is asked for one request. */
export interface SlotRequest {
  /** Most requests counted at once across the fleet. */
  limit: number;
  /** How long a finished request keeps counting, in milliseconds. */
  spanMs: number;
  /** How long the slot may be held before it is treated as finished, in milliseconds. */
  leaseMs: number;
}

/** The store's answer: a slot, or how long to wait before asking again. */
export type SlotAnswer =
  | { granted: true; token: string }
  | {
      granted: false;
      /** Milliseconds until the store expects room. */
      waitMs: number;
      /** False when room depends on requests still in flight, which may finish sooner. */
      exact: boolean;
      /** True when the wait is a pause after a 429, not a full window. */
      paused?: boolean;
    };

/**
 * A place that counts requests for many processes at once. `redisRateLimitStore()` from
 * `cryptomate-product-enablement/redis` is one. Each method must be atomic in the store.
 */
export interface RateLimitStore {
  acquire(request: SlotRequest): Promise<SlotAnswer>;
  /** Marks the request finished: it counts for one more span. */
  release(token: string, spanMs: number): Promise<void>;
  /** Holds every process's requests for `ms` (after a 429). */
  pause(ms: number): Promise<void>;
  /** Closes connections the store opened itself. */
  close?(): Promise<void>;
}

/** How often to ask again while every counted request is still in flight. */
const POLL_MS = 25;

interface Waiter {
  leaseMs: number;
  maxWaitMs: number;
  resolve: (release: () => void) => void;
  reject: (reason: unknown) => void;
  detach: () => void;
}

export class SharedLimiter implements SlotLimiter {
  readonly #store: RateLimitStore;
  readonly #limit: number;
  readonly #spanMs: number;
  readonly #queue: Waiter[] = [];
  #pumping = false;
  #pausedUntil = 0;
  #wake: (() => void) | undefined;

  constructor(store: RateLimitStore, pace: { limit: number; spanMs: number }) {
    this.#store = store;
    this.#limit = pace.limit;
    this.#spanMs = pace.spanMs;
  }

  get pending(): number {
    return this.#queue.length;
  }

  acquire(signal?: AbortSignal, leaseMs = 30_000, maxWaitMs = Number.POSITIVE_INFINITY): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const paused = this.#pausedUntil - performance.now();
    if (paused > maxWaitMs) return Promise.reject(new CryptoMateRateLimitPausedError(paused, maxWaitMs));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.#queue.indexOf(waiter);
        if (index !== -1) this.#queue.splice(index, 1);
        reject(signal?.reason);
        this.#wake?.();
      };
      const waiter: Waiter = {
        leaseMs,
        maxWaitMs,
        resolve,
        reject,
        detach: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(waiter);
      void this.#pump();
    });
  }

  pause(ms: number): void {
    // This process stops at once; the others learn it from the store.
    this.#pausedUntil = Math.max(this.#pausedUntil, performance.now() + ms);
    this.#store.pause(ms).catch(() => undefined);
    this.#dropImpatient(this.#pausedUntil - performance.now());
    this.#wake?.();
  }

  /** Rejects, unsent, the waiters that will not sit through a pause of `ms`. */
  #dropImpatient(ms: number): void {
    for (const waiter of this.#queue.filter((queued) => queued.maxWaitMs < ms)) {
      this.#queue.splice(this.#queue.indexOf(waiter), 1);
      waiter.detach();
      waiter.reject(new CryptoMateRateLimitPausedError(ms, waiter.maxWaitMs));
    }
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const paused = this.#pausedUntil - performance.now();
        if (paused > 0) {
          this.#dropImpatient(paused);
          if (this.#queue.length > 0) await this.#sleep(paused);
          continue;
        }
        const head = this.#queue[0] as Waiter;
        let answer: SlotAnswer;
        try {
          answer = await this.#store.acquire({ limit: this.#limit, spanMs: this.#spanMs, leaseMs: head.leaseMs });
        } catch (cause) {
          // Without the store nothing can be paced, so nothing queued now is sent.
          const error = new CryptoMateRateLimitStoreError(cause);
          for (const waiter of this.#queue.splice(0)) {
            waiter.detach();
            waiter.reject(error);
          }
          continue;
        }
        if (answer.granted) {
          const release = this.#releaser(answer.token);
          // The head may have given up meanwhile: the slot goes to whoever is first now.
          const taker = this.#queue.shift();
          if (taker) {
            taker.detach();
            taker.resolve(release);
          } else release();
          continue;
        }
        if (answer.paused) {
          // Another process got a 429: hold here too, and learn it without asking again.
          this.#pausedUntil = Math.max(this.#pausedUntil, performance.now() + answer.waitMs);
          continue;
        }
        await this.#sleep(answer.exact ? answer.waitMs : Math.min(answer.waitMs, POLL_MS));
      }
    } finally {
      this.#pumping = false;
    }
  }

  #releaser(token: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // A failed release leaves the slot to its lease: slower, never over the limit.
      this.#store.release(token, this.#spanMs).catch(() => undefined);
    };
  }

  /** Waits `ms`, or less when a waiter leaves. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(ms))));
      this.#wake = done;
    });
  }
}
