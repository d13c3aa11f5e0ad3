/** One attempt of a call: wait for a rate-limit slot, send once, and read or classify the answer. */
import type { Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { CryptoMateError, CryptoMateRateLimitError, CryptoMateTimeoutError } from "./errors.js";
import type { ResolvedOptions } from "./options.js";
import { connectionError, errorForResponse, parseSuccess } from "./transport.js";
import type { ProductEnablementInput, ProductEnablementRequest } from "./types.js";

export const PATH = "/management/clients/individuals/{clientId}/products";

type Validator = (status: number, body: string, value: unknown) => void;

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
  clientId: string;
  body: ProductEnablementInput;
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
  data: ProductEnablementRequest;
  response: Response;
}

export function createAttempt({ resolved, internal, authorize, send, redact }: AttemptContext) {
  const limiter = resolved.rateLimit || undefined;
  let validator: Promise<Validator> | undefined;

  return async function attempt(
    { clientId, body, signal, timeoutMs, gate, onSend, headers }: AttemptInput,
    stats: AttemptStats,
  ): Promise<Answer> {
    // One controller per attempt, aborted by our timer or by the caller's signal; which one
    // fired is told by `timedOut`, never by the error's message.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`attempt timed out after ${timeoutMs} ms`, "TimeoutError"));
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    if (signal?.aborted) onCallerAbort();
    const attemptSignal = controller.signal;
    let sent: Request | undefined;
    let received: Response | undefined;
    let release: (() => void) | undefined;
    let intentFailed = false;
    try {
      if (limiter) {
        const waitSignal = gate ? AbortSignal.any([attemptSignal, gate]) : attemptSignal;
        const queued = performance.now();
        // A shared store frees the slot of a process that died once this attempt's time is up.
        release = await limiter.acquire({ signal: waitSignal, leaseMs: timeoutMs });
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
      const { data, error, response } = await internal.POST(PATH, {
        params: { path: { clientId } },
        body,
        headers,
        signal: attemptSignal,
        redirect: "manual",
        parseAs: "text",
        fetch: (request: Request) => {
          sent = authorize(request);
          stats.sent = true;
          // Once answered (or failed) the server has seen the request if it ever will: the
          // rate-limit slot starts its countdown.
          return send(request).then(
            (response) => {
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
      });
      const request = sent as Request;
      if (!response.ok || response.status < 200 || response.status > 299) {
        const failure = errorForResponse({ request, response, payload: error, origin: resolved.origin, redact });
        // Hold every queued call for the wait the server asked for, unless it asked for more than
        // we sleep through: then the caller gets the error at once, as every other call will.
        if (failure instanceof CryptoMateRateLimitError) {
          const wait = failure.retryAfterMs ?? 1000;
          if (wait <= resolved.maxRetryAfterMs) limiter?.pause(wait);
        }
        throw failure;
      }
      const value = parseSuccess(response, data);
      if (resolved.validateResponses) {
        validator ??= import("./validation.js").then((module) => module.assertProductEnablementRequest);
        (await validator)(response.status, data as string, value);
      }
      return { data: value as ProductEnablementRequest, response };
    } catch (error) {
      if (error instanceof CryptoMateError || intentFailed) throw error;
      if (signal?.aborted && !timedOut) throw signal.reason;
      if (gate?.aborted && sent === undefined) throw gate.reason;
      const path = `POST ${new URL(sent?.url ?? `${resolved.baseUrl}${PATH}`).pathname}`;
      if (timedOut) {
        const phase =
          sent === undefined
            ? "waiting for a rate-limit slot"
            : received === undefined
              ? "waiting for the response"
              : "reading the response";
        throw new CryptoMateTimeoutError(`${path} timed out after ${timeoutMs} ms while ${phase}`, {
          cause: error,
          timeoutMs,
          requestSent: sent !== undefined,
        });
      }
      throw connectionError(error, resolved.origin, received !== undefined);
    } finally {
      release?.();
      clearTimeout(timer);
      signal?.removeEventListener("abort", onCallerAbort);
    }
  };
}
