/**
 * Public API of the package: everything exported here is supported and follows semver.
 * Other modules under src/ are internal and may change in any release.
 */

export type { BatchOptions, BatchOutcome, BatchProgress } from "./batch/run.js";
export type { ApiPromise, WithResponse } from "./client/api-promise.js";
export { type CryptoMateClient, createCryptoMateClient, type RawClient } from "./client/client.js";
export {
  CryptoMateAbortError,
  CryptoMateApiError,
  CryptoMateAuthenticationError,
  CryptoMateBadRequestError,
  CryptoMateConflictError,
  CryptoMateConnectionError,
  CryptoMateError,
  CryptoMateInputError,
  CryptoMateInvalidResponseError,
  CryptoMateNotFoundError,
  CryptoMatePreconditionFailedError,
  CryptoMateRateLimitError,
  CryptoMateRateLimitError as RateLimitError,
  CryptoMateRateLimitPausedError,
  CryptoMateRateLimitStoreError,
  CryptoMateRedirectError,
  CryptoMateServerError,
  CryptoMateTimeoutError,
  CryptoMateValidationError,
  mayHaveBeenProcessed,
  type ValidationIssue,
} from "./client/errors.js";
export { LOG_LEVELS, type Logger, type LogLevel } from "./client/log.js";
export {
  type CryptoMateClientOptions,
  DEFAULTS,
  ENVIRONMENTS,
  type Environment,
  type RateLimitOptions,
  type RequestOptions,
} from "./client/options.js";
export { parseRetryAfter } from "./client/retry.js";
export type { SpanLike, TracerLike } from "./client/tracing.js";
export * from "./client/types.js";
export {
  type AcquireOptions,
  type CryptoMateRateLimiter,
  createRateLimiter,
  type RateLimiterOptions,
  type RunOptions,
} from "./pacing/limiter.js";
export type { RateLimitStore, SlotAnswer, SlotRequest } from "./pacing/shared.js";
