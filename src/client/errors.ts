/**
 * Every error the client throws on purpose is a `CryptoMateError`. Responses outside 2xx
 * become a `CryptoMateApiError` subclass chosen by {@link apiErrorFor}.
 */

/**
 * Each class's name under a registered symbol, shared by every copy of this package in a process
 * (its ESM and CommonJS builds, or two installed versions), so that `instanceof` agrees across them.
 */
const BRAND = Symbol.for("cryptomate-product-enablement.error-class");

/**
 * True when a class in `value`'s prototype chain is `target` or carries its brand. A subclass of
 * the app's own has no brand of its own: it matches only its own instances.
 */
function isInstance(target: { [BRAND]?: string }, value: unknown): boolean {
  const brand = Object.hasOwn(target, BRAND) ? target[BRAND] : undefined;
  let proto = value === null || value === undefined ? null : Object.getPrototypeOf(value);
  for (; proto; proto = Object.getPrototypeOf(proto)) {
    const owner = proto.constructor;
    if (owner === target || (brand && owner && Object.hasOwn(owner, BRAND) && owner[BRAND] === brand)) return true;
  }
  return false;
}

/** Base class of every error thrown by this package. */
export class CryptoMateError extends Error {
  static readonly [BRAND]: string = "CryptoMateError";
  override name = "CryptoMateError";

  /**
   * True for an error made by this class or a subclass, in this copy of the package or another:
   * a class in the value's prototype chain carries this class's brand.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `instanceof X` calls this with X, a subclass or the base.
    return isInstance(this, value);
  }

  /** A loggable form: name, message and the error's own fields (headers and cause left out). */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== "headers" && key !== "cause" && key !== "name") fields[key] = value;
    }
    return fields;
  }
}

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
export interface ApiErrorInit {
  status: number;
  statusText?: string;
  method: string;
  url: string;
  /** Parsed JSON body, or the raw text when the body is not JSON. */
  body: unknown;
  headers: Headers;
  /** Rewrites text that came from the server so that it cannot carry the API key. */
  redact?: (text: string) => string;
}

interface ErrorBodyFields {
  code?: string;
  message?: string;
  traceId?: string;
}

function readErrorBody(body: unknown): ErrorBodyFields {
  if (!body || typeof body !== "object") return {};
  const record = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  return {
    code: text(record.code) ?? text(record.error_code),
    message: text(record.message),
    traceId: text(record.trace_id),
  };
}

function describeNonJson(body: unknown, headers: Headers): string | undefined {
  if (typeof body !== "string") return undefined;
  if (body.trim() === "") return "empty body";
  const type = headers.get("content-type")?.split(";")[0]?.trim() || "no content type";
  return `non-JSON ${type} body`;
}

function redactDeep(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)]));
  }
  return value;
}

/** The server answered with a status outside 2xx. */
export class CryptoMateApiError extends CryptoMateError {
  static override readonly [BRAND]: string = "CryptoMateApiError";
  override name = "CryptoMateApiError";
  /** HTTP status code. */
  readonly status: number;
  /** The API's error type (`code`, or `error_code` on rate-limit answers), when it sent one. */
  readonly code: string | undefined;
  /** Trace id from the body's `trace_id` or the `X-Trace-Id` header: quote it to support. */
  readonly traceId: string | undefined;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  readonly body: unknown;
  /** Response headers. */
  readonly headers: Headers;
  readonly method: string;
  readonly url: string;

  constructor(init: ApiErrorInit) {
    const redact = init.redact ?? ((text: string) => text);
    const body = redactDeep(init.body, redact);
    // A server or proxy that echoes request headers must not put the key in a header we keep.
    const headers = new Headers();
    init.headers.forEach((value, name) => {
      headers.append(name, redact(value));
    });
    const fields = readErrorBody(body);
    const traceId = fields.traceId ?? headers.get("x-trace-id") ?? undefined;
    const path = safePath(init.url);
    const detail = fields.message ?? describeNonJson(body, headers) ?? "no error message";
    const statusText = redact(init.statusText ?? "");
    const head = `${init.status}${statusText ? ` ${statusText}` : ""}`;
    super(`${head}: ${init.method} ${path}: ${detail}${traceId ? ` (trace ${traceId})` : ""}`);
    this.status = init.status;
    this.code = fields.code;
    this.traceId = traceId;
    this.body = body;
    this.headers = headers;
    this.method = init.method;
    this.url = init.url;
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** 400: the request is malformed or failed validation. Not worth retrying unchanged. */
export class CryptoMateBadRequestError extends CryptoMateApiError {
  static override readonly [BRAND]: string = "CryptoMateBadRequestError";
  override name = "CryptoMateBadRequestError";
}

/** 401: the key is missing, unknown, or lacks access level 3 (or the caller's IP is not allowed). */
export class CryptoMateAuthenticationError extends CryptoMateApiError {
  static override readonly [BRAND]: string = "CryptoMateAuthenticationError";
  override name = "CryptoMateAuthenticationError";
}

/** 404: no such client. */
export class CryptoMateNotFoundError extends CryptoMateApiError {
  static override readonly [BRAND]: string = "CryptoMateNotFoundError";
  override name = "CryptoMateNotFoundError";
}

/**
 * 409: the request conflicts with the current state: an enablement request for this product is
 * already active, or the request is no longer waiting for documents.
 */
export class CryptoMateConflictError extends CryptoMateApiError {
  static override readonly [BRAND]: string = "CryptoMateConflictError";
  override name = "CryptoMateConflictError";
}

/** 412: CryptoMate's own checks refused the request (duplicate, screening, ...). */
export class CryptoMatePreconditionFailedError extends CryptoMateApiError {
  static override readonly [BRAND]: string = "CryptoMatePreconditionFailedError";
  override name = "CryptoMatePreconditionFailedError";
}

/** 429: a rate limit was exceeded. */
export class CryptoMateRateLimitError extends CryptoMateApiError {
  static override readonly [BRAND]: string = "CryptoMateRateLimitError";
  override name = "CryptoMateRateLimitError";
  /** How long the server asked to wait (from `Retry-After`), in milliseconds, if it said. */
  readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit, retryAfterMs: number | undefined) {
    super(init);
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx: the server (or a proxy in front of it) failed. The request may or may not have been processed. */
export class CryptoMateServerError extends CryptoMateApiError {
  static override readonly [BRAND]: string = "CryptoMateServerError";
  override name = "CryptoMateServerError";
}

/** A 3xx answer. Redirects are never followed: the API key goes only to the configured origin. */
export class CryptoMateRedirectError extends CryptoMateApiError {
  static override readonly [BRAND]: string = "CryptoMateRedirectError";
  override name = "CryptoMateRedirectError";
  /** Where the server tried to send the request, if it said. */
  readonly location: string | undefined;
  constructor(init: ApiErrorInit, location: string | undefined, message: string) {
    super(init);
    this.location = location;
    this.message = message;
  }
}

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
    error instanceof CryptoMateServerError ||
    error instanceof CryptoMateInvalidResponseError ||
    error instanceof CryptoMateRedirectError ||
    error instanceof CryptoMateAbortError
  ) {
    return true;
  }
  return (error instanceof CryptoMateTimeoutError || error instanceof CryptoMateConnectionError) && error.requestSent;
}

/**
 * Picks the error class for a non-2xx response.
 * `retryAfterMs` is the parsed `Retry-After`, used by the 429 class.
 */
export function apiErrorFor(init: ApiErrorInit, retryAfterMs?: number): CryptoMateApiError {
  const { status } = init;
  if (status === 400) return new CryptoMateBadRequestError(init);
  if (status === 401) return new CryptoMateAuthenticationError(init);
  if (status === 404) return new CryptoMateNotFoundError(init);
  if (status === 409) return new CryptoMateConflictError(init);
  if (status === 412) return new CryptoMatePreconditionFailedError(init);
  if (status === 429) return new CryptoMateRateLimitError(init, retryAfterMs);
  if (status >= 500) return new CryptoMateServerError(init);
  return new CryptoMateApiError(init);
}
