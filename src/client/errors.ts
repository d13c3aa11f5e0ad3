/**
 * Every error the client throws on purpose is a `CryptoMateError`. Responses outside 2xx
 * become a `CryptoMateApiError` subclass (api-errors.ts); the others are here.
 */
import { CryptoMateRedirectError, CryptoMateServerError } from "./api-errors.js";
import { BRAND, CryptoMateError } from "./error-base.js";

export * from "./api-errors.js";
export { CryptoMateError } from "./error-base.js";

/** A call was refused before anything was sent because an argument is invalid. */
export class CryptoMateInputError extends CryptoMateError {
  static override readonly [BRAND]: string = "CryptoMateInputError";
  override name = "CryptoMateInputError";
  /** The argument that is wrong, such as `clientId` or `body.subproduct`. */
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/** What an API error knows about the request and its answer. */

/**
 * The caller's signal aborted the call after its request was sent. The server may have received
 * and processed it; `cause` is the signal's reason. (An abort before sending rejects with the
 * signal's reason itself: nothing was sent.)
 */
export class CryptoMateAbortError extends CryptoMateError {
  static override readonly [BRAND]: string = "CryptoMateAbortError";
  override name = "CryptoMateAbortError";
  /** Always true: the request had been sent when the call was aborted. */
  readonly requestSent = true;
}

/** The connection failed. `requestSent` is false when nothing reached the server. */
export class CryptoMateConnectionError extends CryptoMateError {
  static override readonly [BRAND]: string = "CryptoMateConnectionError";
  override name = "CryptoMateConnectionError";
  /**
   * False when the connection was refused before the request was written, so the server
   * cannot have processed it. True when the outcome is unknown (dropped mid-request or mid-answer).
   */
  readonly requestSent: boolean;
  constructor(message: string, options: { cause: unknown; requestSent: boolean }) {
    super(message, { cause: options.cause });
    this.requestSent = options.requestSent;
  }
}

/**
 * The shared rate limiter's store (Redis) could not be reached or failed, so the call could not
 * be paced and was not sent. Safe to retry; the client does so within `maxRetries`.
 */
export class CryptoMateRateLimitStoreError extends CryptoMateError {
  static override readonly [BRAND]: string = "CryptoMateRateLimitStoreError";
  override name = "CryptoMateRateLimitStoreError";
  /** Always false: a call that cannot be paced is never sent. */
  readonly requestSent = false;
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`The shared rate limiter is unavailable (${reason}); the request was not sent`, { cause });
  }
}

/**
 * A 429 holds every call of the rate limiter (and, with a shared store, of the fleet) for longer
 * than this call waits (`maxRetryAfterMs`), so it failed at once. Nothing was sent: sending now
 * would only lengthen CryptoMate's penalty block.
 */
export class CryptoMateRateLimitPausedError extends CryptoMateError {
  static override readonly [BRAND]: string = "CryptoMateRateLimitPausedError";
  override name = "CryptoMateRateLimitPausedError";
  /** Always false: the call was refused before it was sent. */
  readonly requestSent = false;
  /** How long the pause still holds, in milliseconds. */
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, maxWaitMs: number) {
    const wait = Math.ceil(retryAfterMs);
    super(
      `Rate limited: a 429 holds every request for another ${Math.ceil(wait / 1000)} s (until ${new Date(Date.now() + wait).toISOString()}), longer than the ${maxWaitMs} ms this call waits (maxRetryAfterMs); the request was not sent`,
    );
    this.retryAfterMs = wait;
  }
}

/** An attempt took longer than `timeoutMs`. The request may or may not have been processed. */
export class CryptoMateTimeoutError extends CryptoMateError {
  static override readonly [BRAND]: string = "CryptoMateTimeoutError";
  override name = "CryptoMateTimeoutError";
  readonly timeoutMs: number;
  /**
   * False when time ran out before the request was sent (waiting for a rate-limit slot), so
   * the server cannot have processed it. True when the outcome is unknown.
   */
  readonly requestSent: boolean;
  constructor(message: string, options: { cause?: unknown; timeoutMs: number; requestSent?: boolean }) {
    super(message, { cause: options.cause });
    this.timeoutMs = options.timeoutMs;
    this.requestSent = options.requestSent ?? true;
  }
}

/** A 2xx answer that is not the JSON the spec promises (empty, truncated, wrong content type). */
export class CryptoMateInvalidResponseError extends CryptoMateError {
  static override readonly [BRAND]: string = "CryptoMateInvalidResponseError";
  override name = "CryptoMateInvalidResponseError";
  readonly status: number;
  /** The raw body text, when one was read. */
  readonly body: string | undefined;
  constructor(message: string, options: { status: number; body?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.body = options.body;
  }
}

/** One way in which a response breaks the spec. */
export interface ValidationIssue {
  /** Dotted path to the offending field, such as `missing_requirements.documents[0].id`. */
  field: string;
  message: string;
}

/** A 2xx answer whose JSON does not match the spec (only with `validateResponses: true`). */
export class CryptoMateValidationError extends CryptoMateInvalidResponseError {
  static override readonly [BRAND]: string = "CryptoMateValidationError";
  override name = "CryptoMateValidationError";
  /** The first offending field. */
  readonly field: string;
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[], options: { status: number; body?: string }) {
    const first = issues[0] ?? { field: "(response)", message: "does not match the spec" };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(`Response does not match the spec: ${first.field} ${first.message}${more}`, options);
    this.field = first.field;
    this.issues = issues;
  }
}

/**
 * True when a failed call's request may have been processed by CryptoMate, so that sending it
 * again could act twice: a 5xx, a 3xx (the server saw the request), a 2xx that could not be
 * read, or a timeout, dropped connection or caller's abort after the request was sent. False
 * for 4xx answers and requests never sent.
 */
export function mayHaveBeenProcessed(error: unknown): boolean {
  if (
    (error as CryptoMateError | undefined)?.priorAttemptMayHaveBeenProcessed ||
    error instanceof CryptoMateServerError ||
    error instanceof CryptoMateInvalidResponseError ||
    error instanceof CryptoMateRedirectError ||
    error instanceof CryptoMateAbortError
  ) {
    return true;
  }
  return (error instanceof CryptoMateTimeoutError || error instanceof CryptoMateConnectionError) && error.requestSent;
}
