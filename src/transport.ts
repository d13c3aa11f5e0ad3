/** Turns what fetch and openapi-fetch hand back into a parsed result or a typed error. */
import {
  type ApiErrorInit,
  apiErrorFor,
  CryptoMateConnectionError,
  CryptoMateInvalidResponseError,
  CryptoMateRedirectError,
} from "./errors.js";
import { parseRetryAfter } from "./retry.js";

/** Error codes that mean the connection failed before the request was written. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
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
 * A fetch failure. It counts as "not sent" only when no response had started and every error
 * code in its cause chain is a connect-phase failure.
 */
export function connectionError(error: unknown, origin: string, responseStarted: boolean): CryptoMateConnectionError {
  const codes = errorCodes(error);
  const notSent = !responseStarted && codes.length > 0 && codes.every((code) => NOT_SENT_CODES.has(code));
  const reason = codes[0] ?? (error instanceof Error ? error.message : String(error));
  const message = notSent
    ? `Could not connect to ${origin} (${reason}); the request was not sent`
    : `Connection to ${origin} failed ${responseStarted ? "while reading the response" : "during the request"} (${reason}); the request may have been processed`;
  return new CryptoMateConnectionError(message, { cause: error, requestSent: !notSent });
}

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

export interface Exchange {
  request: Request;
  response: Response;
  /** Text of a 2xx body, or the parsed-or-raw body of any other answer (openapi-fetch's). */
  payload: unknown;
  origin: string;
  redact: (text: string) => string;
}

/** The answer of a non-2xx response as the matching error, with `Retry-After` read for 429. */
export function errorForResponse({ request, response, payload, origin, redact }: Exchange) {
  const init: ApiErrorInit = {
    status: response.status,
    statusText: response.statusText,
    method: request.method,
    url: request.url,
    body: payload ?? "",
    headers: response.headers,
    redact,
  };
  const isRedirect = response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400);
  if (isRedirect) {
    const raw = response.headers.get("location") ?? undefined;
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
    const message = `Refused to follow a ${response.status || "3xx"} redirect of ${request.method} ${new URL(request.url).pathname} to ${where}: the API key goes only to ${origin}, and a request is never sent twice`;
    return new CryptoMateRedirectError({ ...init, status: response.status || 302 }, target?.href, message);
  }
  return apiErrorFor(init, init.status === 429 ? parseRetryAfter(response.headers.get("retry-after")) : undefined);
}

/** The JSON object of a 2xx answer, or an error saying why it is not one. */
export function parseSuccess(response: Response, text: unknown): Record<string, unknown> {
  const status = response.status;
  const body = typeof text === "string" ? text : undefined;
  if (body === undefined || body.trim() === "") {
    throw new CryptoMateInvalidResponseError(
      `${status} response has an empty body; expected a product enablement request`,
      {
        status,
        body,
      },
    );
  }
  const type = response.headers.get("content-type");
  if (type !== null && !JSON_TYPE.test(type)) {
    throw new CryptoMateInvalidResponseError(`${status} response has content type ${type}; expected application/json`, {
      status,
      body,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new CryptoMateInvalidResponseError(`${status} response body is not valid JSON (truncated or malformed)`, {
      status,
      body,
      cause,
    });
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new CryptoMateInvalidResponseError(`${status} response body is not a JSON object`, { status, body });
  }
  return value as Record<string, unknown>;
}
