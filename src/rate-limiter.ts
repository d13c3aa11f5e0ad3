/**
 * Paces requests so that no rolling window of one second (plus a safety margin for network
 * jitter) ever holds more than `limit` request starts. CryptoMate does not say whether its
 * window is fixed or sliding; a sliding log satisfies both, where a token bucket that allows a
 * full burst and then refills would not.
 */

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export interface RateLimiterOptions {
  /** Most request starts in any window. */
  limit: number;
  /** Window length in milliseconds. @default 1000 */
  windowMs?: number;
  /** Added to the window to absorb jitter between our clock and the server's. @default 50 */
  marginMs?: number;
  now?: () => number;
}

export class RateLimiter {
  readonly #limit: number;
  readonly #spanMs: number;
  readonly #now: () => number;
  /** Start times of the most recent requests, oldest first; never more than `limit`. */
  readonly #starts: number[] = [];
  readonly #queue: Waiter[] = [];
  #pausedUntil = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor({ limit, windowMs = 1000, marginMs = 50, now = () => performance.now() }: RateLimiterOptions) {
    // A fractional rate such as 0.5/s becomes one start per two seconds.
    const scale = limit < 1 ? 1 / limit : 1;
    this.#limit = Math.max(1, Math.floor(limit * scale));
    this.#spanMs = windowMs * scale + marginMs;
    this.#now = now;
  }

  /** Requests waiting for a slot. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Waits for a slot and records the start. Rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#queue.length === 0 && this.#nextSlot(this.#now()) <= this.#now()) {
      this.#record(this.#now());
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
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
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + ms);
    this.#schedule();
  }

  #nextSlot(now: number): number {
    const windowFree = this.#starts.length < this.#limit ? now : (this.#starts[0] as number) + this.#spanMs;
    return Math.max(windowFree, this.#pausedUntil);
  }

  #record(at: number): void {
    this.#starts.push(at);
    if (this.#starts.length > this.#limit) this.#starts.shift();
  }

  #schedule(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#queue.length > 0) {
      const now = this.#now();
      const slot = this.#nextSlot(now);
      if (slot > now) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#schedule();
        }, Math.ceil(slot - now));
        return;
      }
      const waiter = this.#queue.shift() as Waiter;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener("abort", waiter.onAbort);
      this.#record(now);
      waiter.resolve();
    }
  }
}
