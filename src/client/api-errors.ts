/**
 * Answers outside 2xx: `CryptoMateApiError` and a subclass per status, chosen by
 * {@link apiErrorFor}. What they keep of the server's text is redacted first.
 */
import { BRAND, CryptoMateError } from "./error-base.js";

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

/** How deep a body is kept: deeper parts are replaced by a marker, so that copying it never overflows the stack. */
const MAX_BODY_DEPTH = 32;

function redactDeep(value: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (typeof value === "string") return redact(value);
  if (!value || typeof value !== "object") return value;
  if (depth === MAX_BODY_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact, depth + 1)]));
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
