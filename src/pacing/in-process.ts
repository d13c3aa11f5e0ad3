/**
 * Paces requests so that the server never sees more than `limit` of them in any rolling
 * window, whatever the network latency.
 *
 * CryptoMate does not say whether its window is fixed or sliding, so the stricter reading is
 * kept. A request's arrival at the server is not observable, but it lies between the moment it
 * is sent and the moment its answer (or failure) comes back. A new request is therefore let
 * through only when fewer than `limit` earlier requests are still in flight or finished less
 * than one window (plus a small margin) ago. Stamping only the send time would not do: a request
 * that opens a new TLS connection can reach the server long after a later one on a warm
 * connection, and a token bucket that allows a full burst and then refills breaks the limit
 * outright.
 */

import { CryptoMateRateLimitPausedError } from "../client/errors.js";
import { MAX_TIMER_MS, paceFor, type SlotLimiter } from "./slot.js";

interface Waiter {
  /** Longest pause this waiter sits through; a longer one rejects it at once. */
  maxWaitMs: number;
  resolve: (release: () => void) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export interface InProcessLimiterOptions {
  /** Most requests the server may see in any window. */
  limit: number;
  /** Window length in milliseconds. @default 1000 */
  windowMs?: number;
  /** Added to the window to absorb timer and clock granularity. @default 10 */
  marginMs?: number;
  now?: () => number;
}

export class RateLimiter implements SlotLimiter {
  readonly #limit: number;
  readonly #spanMs: number;
  readonly #now: () => number;
  /** Requests sent and not yet finished. */
  #inFlight = 0;
  /** Finish times, oldest first (release order is time order); entries before #head are expired. */
  #finished: number[] = [];
  #head = 0;
  readonly #queue: Waiter[] = [];
  #pausedUntil = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor({ limit, windowMs = 1000, marginMs = 10, now = () => performance.now() }: InProcessLimiterOptions) {
    const pace = paceFor(limit, windowMs, marginMs);
    this.#limit = pace.limit;
    this.#spanMs = pace.spanMs;
    this.#now = now;
  }

  /** Requests waiting for a slot. */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Waits for a slot. Resolves to `release`, to be called once when the request has finished
   * (answered or failed). Rejects with the signal's reason if it aborts first.
   */
  acquire(signal?: AbortSignal, _leaseMs?: number, maxWaitMs = Number.POSITIVE_INFINITY): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.#now();
    const paused = this.#pausedUntil - now;
    if (paused > maxWaitMs) return Promise.reject(new CryptoMateRateLimitPausedError(paused, maxWaitMs));
    if (this.#queue.length === 0 && this.#nextSlot(now) <= now) return Promise.resolve(this.#take());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { maxWaitMs, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.#queue.indexOf(waiter);
          if (index !== -1) this.#queue.splice(index, 1);
          reject(signal.reason);
          this.#schedule();
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      this.#schedule();
    });
  }

  /** Holds every request, queued or new, until `ms` from now (after a 429). */
  pause(ms: number): void {
    const now = this.#now();
    this.#pausedUntil = Math.max(this.#pausedUntil, now + ms);
    const paused = this.#pausedUntil - now;
    for (const waiter of this.#queue.filter((queued) => queued.maxWaitMs < paused)) {
      this.#queue.splice(this.#queue.indexOf(waiter), 1);
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener("abort", waiter.onAbort);
      waiter.reject(new CryptoMateRateLimitPausedError(paused, waiter.maxWaitMs));
    }
    this.#schedule();
  }

  /** When the next request may go, or Infinity until an in-flight one finishes. */
  #nextSlot(now: number): number {
    const finished = this.#finished;
    while (this.#head < finished.length && (finished[this.#head] as number) + this.#spanMs <= now) this.#head++;
    if (this.#head > 64 && this.#head * 2 > finished.length) {
      finished.splice(0, this.#head);
      this.#head = 0;
    }
    let free = now;
    if (this.#inFlight + finished.length - this.#head >= this.#limit) {
      free = this.#head < finished.length ? (finished[this.#head] as number) + this.#spanMs : Number.POSITIVE_INFINITY;
    }
    return Math.max(free, this.#pausedUntil);
  }

  #take(): () => void {
    this.#inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight--;
      this.#finished.push(this.#now());
      if (this.#queue.length > 0) this.#schedule();
    };
  }

  #schedule(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#queue.length > 0) {
      const now = this.#now();
      const slot = this.#nextSlot(now);
      if (slot === Number.POSITIVE_INFINITY) return; // a release will call back
      if (slot > now) {
        this.#timer = setTimeout(
          () => {
            this.#timer = undefined;
            this.#schedule();
          },
          Math.min(MAX_TIMER_MS, Math.ceil(slot - now)),
        );
        return;
      }
      const waiter = this.#queue.shift() as Waiter;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(this.#take());
    }
  }
}
