/** One attempt of a call: wait for a rate-limit slot, send once, and read or classify the answer. */
import type { Client } from "openapi-fetch";
import type { OperationInfo } from "../../generated/operations.js";
import type { paths } from "../../generated/schema.js";
import { CryptoMateAbortError, CryptoMateError, CryptoMateTimeoutError } from "./errors.js";
import type { ResolvedOptions } from "./options.js";
import { parseRetryAfter } from "./retry.js";
import { readSuccess } from "./success.js";

type Validator = (schema: string, status: number, body: string, value: unknown) => void;

/** openapi-fetch's request method, for any of the spec's operations. */
type AnyRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** What every call of one client shares. */
export interface AttemptContext {
  resolved: ResolvedOptions;
  /** openapi-fetch's client, without the key. */
  internal: Client<paths>;
  /** Adds the key to a request: the one place it is attached. */
  authorize: (request: Request) => Request;
  send: (request: Request) => Promise<Response>;
  redact: (text: string) => string;
}

export interface AttemptInput {
  operation: OperationInfo;
  /** The path parameters by name, checked. */
  params: Record<string, string>;
  /** `POST /management/…/<clientId>/products`, for messages. */
  path: string;
  /** The JSON body, already copied, or undefined for an operation without one. */
  body: unknown;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  /** Closes the door to sending (a stopped batch) without cutting short a request on the wire. */
  gate: AbortSignal | undefined;
  /** Awaited just before the request goes on the wire; if it throws, nothing is sent. */
  onSend: (() => void | Promise<void>) | undefined;
  headers: Record<string, string> | undefined;
}

/** What an attempt saw, for logs and traces, filled in as it goes. */
export interface AttemptStats {
  waitedMs: number;
  sent: boolean;
  status: number | undefined;
}

/** A successful answer. */
export interface Answer {
  data: unknown;
  response: Response;
  /**
   * Set when the call was settled: a resend was refused (409) and the client's products showed
   * what the earlier attempt did. `data` and `response` then come from that read.
   */
  settledAfter?: CryptoMateError;
}

export function createAttempt({ resolved, internal, authorize, send, redact }: AttemptContext) {
  const limiter = resolved.rateLimit || undefined;
  let validator: Promise<Validator> | undefined;
  let failures: Promise<typeof import("./failures.js")> | undefined;
  // The error path is loaded on the first failure.
  const loadFailures = () => (failures ??= import("./failures.js"));

  return async function attempt(
    { operation, params, path, body, signal, timeoutMs, gate, onSend, headers }: AttemptInput,
    stats: AttemptStats,
  ): Promise<Answer> {
    // One controller per attempt, aborted by our timer or by the caller's signal; which one
    // fired is told by `timedOut`, never by the error's message.
    const controller = new AbortController();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onCallerAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    if (signal?.aborted) onCallerAbort();
    const attemptSignal = controller.signal;
    let sent: Request | undefined;
    let received: Response | undefined;
    let release: (() => void) | undefined;
    let intentFailed = false;
    let answered: { response: Response; text: unknown } | undefined;
    try {
      if (limiter) {
        const waitSignal = gate ? AbortSignal.any([attemptSignal, gate]) : attemptSignal;
        const queued = performance.now();
        // The wait for a slot is pacing, not the request: it does not eat `timeoutMs`. It ends
        // with the caller's signal, a closed gate, or a 429 pause longer than we sleep through.
        release = await limiter.acquire({
          signal: waitSignal,
          leaseMs: timeoutMs,
          maxWaitMs: resolved.maxRetryAfterMs,
        });
        stats.waitedMs = performance.now() - queued;
      } else if (gate?.aborted) throw gate.reason;
      if (onSend) {
        await Promise.resolve()
          .then(onSend)
          .catch((error: unknown) => {
            intentFailed = true;
            throw error;
          });
      }
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException(`attempt timed out after ${timeoutMs} ms`, "TimeoutError"));
      }, timeoutMs);
      const { data, error, response } = await (internal.request as unknown as AnyRequest)(
        operation.method.toLowerCase(),
        operation.path,
        {
          params: { path: params },
          body,
          headers,
          signal: attemptSignal,
          redirect: "manual",
          parseAs: "text",
          fetch: (request: Request) => {
            sent = authorize(request);
            stats.sent = true;
            // Once answered (or failed) the server has seen the request if it ever will: the
            // rate-limit slot starts its countdown. A 429 holds every queued call first, so that
            // none slips out through the slot it frees.
            return send(request).then(
              (response) => {
                if (response.status === 429) {
                  limiter?.pause(parseRetryAfter(response.headers.get("retry-after")) ?? 1000);
                }
                release?.();
                received = response;
                stats.status = response.status;
                return response;
              },
              (failure: unknown) => {
                release?.();
                throw failure;
              },
            );
          },
        },
      );
      // The answer is in: from here on, nothing that fails is the connection's doing.
      answered = { response, text: data };
      const request = sent as Request;
      if (!response.ok || response.status < 200 || response.status > 299) {
        const { errorForResponse } = await loadFailures();
        throw errorForResponse({ request, response, payload: error, origin: resolved.origin, redact });
      }
      const read = readSuccess(response, data, operation.list);
      if (!("value" in read))
        throw (await loadFailures()).invalidResponse(response, data, read, redact, operation.list);
      const { value } = read;
      if (resolved.validateResponses) {
        validator ??= import("../validation.js").then((module) => module.assertResponse);
        (await validator)(operation.schema, response.status, redact(data as string), value);
      }
      return { data: value, response };
    } catch (error) {
      if (error instanceof CryptoMateError || intentFailed) throw error;
      if (answered) {
        // A 2xx that could not be read was still processed; a failure on any other answer
        // (the error module failing to load) is thrown as it is, never taken for the network's.
        if (!answered.response.ok) throw error;
        throw (await loadFailures()).unreadableAnswer(answered.response, answered.text, error, redact);
      }
      if (signal?.aborted && !timedOut) {
        // Before sending, an abort is the caller's own; after, the server may have acted on it.
        if (sent === undefined) throw signal.reason;
        throw new CryptoMateAbortError(`${path} was aborted after it was sent; the request may have been processed`, {
          cause: signal.reason,
        });
      }
      if (gate?.aborted && sent === undefined) throw gate.reason;
      if (timedOut) {
        const phase = received === undefined ? "waiting for the response" : "reading the response";
        throw new CryptoMateTimeoutError(`${path} timed out after ${timeoutMs} ms while ${phase}`, {
          cause: error,
          timeoutMs,
          requestSent: sent !== undefined,
        });
      }
      const { connectionError } = await loadFailures();
      throw connectionError(error, resolved.origin, sent !== undefined, received !== undefined);
    } finally {
      release?.();
      clearTimeout(timer);
      signal?.removeEventListener("abort", onCallerAbort);
    }
  };
}
