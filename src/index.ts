/**
 * Public API of the package: everything exported here is supported and follows semver.
 * Other modules under src/ are internal and may change in any release.
 */

export type { ApiPromise, WithResponse } from "./api-promise.js";
export type { BatchOptions, BatchOutcome, BatchProgress } from "./batch.js";
export { type CryptoMateClient, createCryptoMateClient, type RawClient } from "./client.js";
export {
  CryptoMateAbortError,
  CryptoMateApiError,
  CryptoMateAuthenticationError,
  CryptoMateBadRequestError,
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
} from "./errors.js";
export {
  type AcquireOptions,
  type CryptoMateRateLimiter,
  createRateLimiter,
  type RateLimiterOptions,
  type RunOptions,
} from "./limiter.js";
export { LOG_LEVELS, type Logger, type LogLevel } from "./log.js";
export {
  type CryptoMateClientOptions,
  DEFAULTS,
  ENVIRONMENTS,
  type Environment,
  type RateLimitOptions,
  type RequestOptions,
} from "./options.js";
export { parseRetryAfter } from "./retry.js";
export type { RateLimitStore, SlotAnswer, SlotRequest } from "./shared-limiter.js";
export type { SpanLike, TracerLike } from "./tracing.js";
export * from "./types.js";
