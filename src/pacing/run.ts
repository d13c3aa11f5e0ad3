/** `limiter.run(fn)`: a slot, then `fn`, then the slot back; loaded on first use. */
import { CryptoMateTimeoutError } from "../client/errors.js";
import { checkDuration } from "../client/option-checks.js";
import { parseRetryAfter } from "../client/retry.js";
import { DEFAULT_RUN_TIMEOUT_MS, type RunOptions, type SlotLimiter } from "./slot.js";

export async function runWithSlot<T>(
  core: SlotLimiter,
  fn: (signal: AbortSignal) => Promise<T>,
  { signal: caller, timeoutMs = DEFAULT_RUN_TIMEOUT_MS }: RunOptions,
): Promise<T> {
  checkDuration("timeoutMs", timeoutMs);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new CryptoMateTimeoutError(`limiter.run timed out after ${timeoutMs} ms`, { timeoutMs })),
    timeoutMs,
  );
  const onAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) onAbort();
  caller?.addEventListener("abort", onAbort, { once: true });
  try {
    const release = await core.acquire(controller.signal, timeoutMs);
    try {
      const result = await fn(controller.signal);
      // A 429 answer to any call holds every user of the limiter for the wait it names.
      if (result instanceof Response && result.status === 429) {
        core.pause(parseRetryAfter(result.headers.get("retry-after")) ?? 1000);
      }
      return result;
    } finally {
      release();
    }
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onAbort);
  }
}
