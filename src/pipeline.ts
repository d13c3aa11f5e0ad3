/**
 * The call pipeline: for one call, wait for a rate-limit slot, send, classify the answer, and
 * retry what is safe to retry. The client factory only wires options to it.
 */
import type { Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { CryptoMateError, CryptoMateRateLimitError, CryptoMateTimeoutError } from "./errors.js";
import { checkClientId } from "./input.js";
import { checkDuration, checkRetries, type RequestOptions, type ResolvedOptions } from "./options.js";
import { retryDelay, sleep } from "./retry.js";
import { connectionError, errorForResponse, parseSuccess } from "./transport.js";
import type { ProductEnablementInput, ProductEnablementRequest } from "./types.js";

export const PATH = "/management/clients/individuals/{clientId}/products";

type Validator = (status: number, body: string, value: unknown) => void;

/** What every call of one client shares. */
export interface PipelineContext {
  resolved: ResolvedOptions;
  /** openapi-fetch's client, without the key. */
  internal: Client<paths>;
  /** Adds the key to a request: the one place it is attached. */
  authorize: (request: Request) => Request;
  send: (request: Request) => Promise<Response>;
  redact: (text: string) => string;
}

/** One call with its retries. */
export type Call = (
  clientId: string,
  payload: ProductEnablementInput,
  callOptions: RequestOptions,
  gate?: AbortSignal,
  onSend?: () => void | Promise<void>,
) => Promise<ProductEnablementRequest>;

export function createPipeline({ resolved, internal, authorize, send, redact }: PipelineContext): Call {
  const limiter = resolved.rateLimit || undefined;
  let validator: Promise<Validator> | undefined;

  async function attempt(
    clientId: string,
    body: ProductEnablementInput,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    gate: AbortSignal | undefined,
    onSend: (() => void | Promise<void>) | undefined,
  ): Promise<ProductEnablementRequest> {
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
        // A shared store frees the slot of a process that died once this attempt's time is up.
        release = await limiter.acquire({ signal: waitSignal, leaseMs: timeoutMs });
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
        signal: attemptSignal,
        redirect: "manual",
        parseAs: "text",
        fetch: (request: Request) => {
          sent = authorize(request);
          // Once answered (or failed) the server has seen the request if it ever will: the
          // rate-limit slot starts its countdown.
          return send(request).then(
            (response) => {
              release?.();
              received = response;
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
      return value as ProductEnablementRequest;
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
  }

  /**
   * One call with its retries, for a body already checked and copied by `checkBody`. `gate`,
   * used by batches, stops the call from being sent (while it waits for a slot or for a retry)
   * without cutting short a request already on the wire.
   */
  async function call(
    clientId: string,
    payload: ProductEnablementInput,
    callOptions: RequestOptions,
    gate?: AbortSignal,
    onSend?: () => void | Promise<void>,
  ): Promise<ProductEnablementRequest> {
    const id = checkClientId(clientId);
    const { signal } = callOptions;
    if (signal?.aborted) throw signal.reason;
    const timeoutMs =
      callOptions.timeoutMs === undefined ? resolved.timeoutMs : checkDuration("timeoutMs", callOptions.timeoutMs);
    const maxRetries =
      callOptions.maxRetries === undefined ? resolved.maxRetries : checkRetries("maxRetries", callOptions.maxRetries);
    const policy = { ...resolved, maxRetries };
    for (let retries = 0; ; retries++) {
      try {
        return await attempt(id, payload, signal, timeoutMs, gate, onSend);
      } catch (error) {
        if (!(error instanceof CryptoMateError)) throw error;
        const delay = retryDelay(error, retries, policy);
        if (delay === undefined) throw error;
        try {
          await sleep(delay, gate && signal ? AbortSignal.any([signal, gate]) : (gate ?? signal));
        } catch (reason) {
          // A closed gate ends the call with the failure it already has.
          if (gate?.aborted && !signal?.aborted) throw error;
          throw reason;
        }
      }
    }
  }

  return call;
}
