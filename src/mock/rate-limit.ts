/**
 * CryptoMate's rate limit as the mock enforces it with `--rate-limit N`: at most N requests in
 * any rolling second; going over starts a block that doubles with each violation (1 s, 2 s,
 * 4 s, ... up to five minutes), during which every request is refused with a 429.
 */

export interface PenaltyVerdict {
  allowed: boolean;
  /** Whole seconds to wait, for Retry-After, when refused. */
  retryAfterSeconds: number;
}

export function createPenaltyLimiter(
  limit: number,
  { windowMs = 1000, firstBlockMs = 1000, maxBlockMs = 300_000 } = {},
) {
  const arrivals: number[] = [];
  let blockedUntil = 0;
  let violations = 0;
  return function check(now = performance.now()): PenaltyVerdict {
    while (arrivals.length > 0 && (arrivals[0] as number) <= now - windowMs) arrivals.shift();
    if (now >= blockedUntil && arrivals.length >= limit) {
      violations++;
      blockedUntil = now + Math.min(maxBlockMs, firstBlockMs * 2 ** (violations - 1));
    }
    if (now < blockedUntil)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.round(blockedUntil - now) / 1000)) };
    arrivals.push(now);
    return { allowed: true, retryAfterSeconds: 0 };
  };
}
