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

interface Waiter {
  resolve: (release: () => void) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface Slot {
  /** When the request finished, or undefined while it is in flight. */
  finishedAt: number | undefined;
}

export interface RateLimiterOptions {
  /** Most requests the server may see in any window. */
  limit: number;
  /** Window length in milliseconds. @default 1000 */
  windowMs?: number;
  /** Added to the window to absorb timer and clock granularity. @default 25 */
  marginMs?: number;
  now?: () => number;
}

export class RateLimiter {
  readonly #limit: number;
  readonly #spanMs: number;
  readonly #now: () => number;
  /** Requests in flight, or finished within the last span. */
  #slots: Slot[] = [];
  readonly #queue: Waiter[] = [];
  #pausedUntil = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor({ limit, windowMs = 1000, marginMs = 25, now = () => performance.now() }: RateLimiterOptions) {
    // A fractional rate such as 0.5/s becomes one request per two seconds.
    const scale = limit < 1 ? 1 / limit : 1;
    this.#limit = Math.max(1, Math.floor(limit * scale));
    this.#spanMs = windowMs * scale + marginMs;
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
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.#now();
    if (this.#queue.length === 0 && this.#nextSlot(now) <= now) return Promise.resolve(this.#take());
    return new Promise((resolve, reject) => {
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

  /** When the next request may go, or Infinity until an in-flight one finishes. */
  #nextSlot(now: number): number {
    this.#slots = this.#slots.filter((slot) => slot.finishedAt === undefined || slot.finishedAt + this.#spanMs > now);
    let free = now;
    if (this.#slots.length >= this.#limit) {
      const finished = this.#slots.map((slot) => slot.finishedAt).filter((at) => at !== undefined);
      free = finished.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...finished) + this.#spanMs;
    }
    return Math.max(free, this.#pausedUntil);
  }

  #take(): () => void {
    const slot: Slot = { finishedAt: undefined };
    this.#slots.push(slot);
    return () => {
      if (slot.finishedAt !== undefined) return;
      slot.finishedAt = this.#now();
      this.#schedule();
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
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#schedule();
        }, Math.ceil(slot - now));
        return;
      }
      const waiter = this.#queue.shift() as Waiter;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(this.#take());
    }
  }
}
