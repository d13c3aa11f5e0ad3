/**
 * What one process knows of its own part in the fleet's count: the slots it was granted and has
 * not released, those it released less than one span ago, and the end of a pause it knows. When
 * Redis starts a new term (its state was lost or may be stale), the process registers them
 * again, so that slots it granted and did not release still count as sent.
 *
 * Times are this process's own (`performance.now()`); only durations are sent to Redis, whose
 * clock then places them.
 */
export class RedisLedger {
  /** The term this process's entries are registered under ("" before the first answer). */
  term = "";
  /** Member (`i<token>` or `f<token>`) to the local time it stops counting. */
  readonly #until = new Map<string, number>();
  #pausedUntil = 0;

  granted(token: string, countsMs: number): void {
    this.#until.set(`i${token}`, performance.now() + countsMs);
  }

  released(token: string, spanMs: number): void {
    this.#until.delete(`i${token}`);
    this.#until.set(`f${token}`, performance.now() + spanMs);
  }

  paused(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, performance.now() + ms);
  }

  /** True while some entry still counts. */
  get holding(): boolean {
    return this.pairs().length > 0;
  }

  /** Member and milliseconds it still counts, for each live entry (the pause as `#p`). */
  pairs(): (string | number)[] {
    const now = performance.now();
    const pairs: (string | number)[] = [];
    for (const [member, until] of this.#until) {
      if (until <= now) this.#until.delete(member);
      else pairs.push(member, Math.ceil(until - now));
    }
    if (this.#pausedUntil > now) pairs.push("#p", Math.ceil(this.#pausedUntil - now));
    return pairs;
  }
}
