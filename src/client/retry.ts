/** When to try a failed call again, and how long to wait first. */
import {
  CryptoMateConnectionError,
  type CryptoMateError,
  CryptoMateRateLimitError,
  CryptoMateRateLimitStoreError,
  CryptoMateServerError,
  CryptoMateTimeoutError,
} from "./errors.js";

export interface RetryPolicy {
  maxRetries: number;
  maxRetryAfterMs: number;
  retryAmbiguousFailures: boolean;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;

/**
 * Reads `Retry-After` (delay-seconds or an HTTP date) as milliseconds from `now`.
 * Returns undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait up to base * 2^attempt, capped. */
export function backoffMs(attempt: number, random = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * How long to wait before retrying after `error`, or undefined to give up.
 * `attempt` counts the retries already made (0 after the first failure).
 */
export function retryDelay(error: CryptoMateError, attempt: number, policy: RetryPolicy): number | undefined {
  // Out of retries.
  if (attempt >= policy.maxRetries) return undefined;
  // A 429 was not processed: wait what the server asked, unless that is longer than we accept.
  if (error instanceof CryptoMateRateLimitError) {
    if (error.retryAfterMs === undefined) return backoffMs(attempt);
    return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : undefined;
  }
  // The shared limiter could not pace the call, so it was not sent.
  if (error instanceof CryptoMateRateLimitStoreError) return backoffMs(attempt);
  // Refused or timed out before anything was written: the server never saw it.
  if ((error instanceof CryptoMateConnectionError || error instanceof CryptoMateTimeoutError) && !error.requestSent) {
    return backoffMs(attempt);
  }
  // The rest may have been processed; resending could enable twice. Only on request.
  if (!policy.retryAmbiguousFailures) return undefined;
  const ambiguous =
    error instanceof CryptoMateServerError ||
    error instanceof CryptoMateTimeoutError ||
    error instanceof CryptoMateConnectionError;
  return ambiguous ? backoffMs(attempt) : undefined;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
