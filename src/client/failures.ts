/**
 * Turns a failed exchange into the matching typed error: a non-2xx answer, or a fetch that
 * failed. Loaded on the first failure, so that apps pay for it only when something goes wrong.
 */
import { type ApiErrorInit, apiErrorFor, CryptoMateConnectionError, CryptoMateRedirectError } from "./errors.js";
import { scrubImages } from "./image-scrub.js";
import { parseRetryAfter } from "./retry.js";

export { invalidResponse, unreadableAnswer } from "./invalid-response.js";

/** Error codes that mean the connection failed before the request was written. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  // undici refused the request's arguments before writing anything.
  "UND_ERR_INVALID_ARG",
  "UND_ERR_NOT_SUPPORTED",
]);

function errorCodes(error: unknown, seen = new Set<unknown>()): string[] {
  if (!error || typeof error !== "object" || seen.has(error)) return [];
  seen.add(error);
  const own = (error as { code?: unknown }).code;
  const codes = typeof own === "string" ? [own] : [];
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) for (const inner of nested) codes.push(...errorCodes(inner, seen));
  return [...codes, ...errorCodes((error as { cause?: unknown }).cause, seen)];
}

/**
 * A fetch failure. It counts as "not sent" when fetch was never called, or when no response had
 * started and every error code in its cause chain is a connect-phase failure.
 */
export function connectionError(
  error: unknown,
  origin: string,
  fetchCalled: boolean,
  responseStarted: boolean,
): CryptoMateConnectionError {
  const codes = errorCodes(error);
  // A request that fetch was never handed (refused while it was being built) was not sent.
  const notSent =
    !fetchCalled || (!responseStarted && codes.length > 0 && codes.every((code) => NOT_SENT_CODES.has(code)));
  const reason = codes[0] ?? (error instanceof Error ? error.message : String(error));
  const message = notSent
    ? `Could not connect to ${origin} (${reason}); the request was not sent`
    : `Connection to ${origin} failed ${responseStarted ? "while reading the response" : "during the request"} (${reason}); the request may have been processed`;
  return new CryptoMateConnectionError(message, { cause: error, requestSent: !notSent });
}

export interface Exchange {
  request: Request;
  response: Response;
  /** Text of a 2xx body, or the parsed-or-raw body of any other answer (openapi-fetch's). */
  payload: unknown;
  origin: string;
  redact: (text: string) => string;
}

/**
 * The answer of a non-2xx response as the matching error, with `Retry-After` read for 429. Should
 * keeping what the server sent fail, the error is still the one its status calls for, without
 * the body (and then, if need be, without the headers): a failure of this package's own is never
 * taken for a connection's.
 */
export function errorForResponse(exchange: Exchange) {
  try {
    return buildError(exchange, exchange.payload ?? "", exchange.response.headers);
  } catch (failure) {
    const body = `[body not kept: ${failure instanceof Error ? failure.name : "an error"} while keeping it]`;
    try {
      return buildError(exchange, body, exchange.response.headers);
    } catch {
      return buildError(exchange, body, new Headers());
    }
  }
}

function buildError({ request, response, origin, redact: redactKey }: Exchange, body: unknown, headers: Headers) {
  const redact = (text: string) => scrubImages(redactKey(text));
  const init: ApiErrorInit = {
    status: response.status,
    statusText: response.statusText,
    method: request.method,
    url: request.url,
    body,
    headers,
    redact,
  };
  const isRedirect = response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400);
  if (isRedirect) {
    // A Location can echo the key (as a query parameter, say): it is redacted before any use.
    const location = headers.get("location");
    const raw = location === null ? undefined : redact(location);
    let target: URL | undefined;
    try {
      target = raw === undefined ? undefined : new URL(raw, request.url);
    } catch {
      target = undefined;
    }
    const where = target
      ? target.origin === origin
        ? target.href
        : `another origin, ${target.origin}`
      : "an unknown location";
    const message = `Refused to follow a ${response.status || "3xx"} redirect of ${request.method} ${new URL(request.url).pathname} to ${where}: the API key goes only to ${origin}. The server saw the request, so it may have been processed; it is not sent again`;
    return new CryptoMateRedirectError({ ...init, status: response.status || 302 }, target?.href, message);
  }
  return apiErrorFor(init, init.status === 429 ? parseRetryAfter(headers.get("retry-after")) : undefined);
}
