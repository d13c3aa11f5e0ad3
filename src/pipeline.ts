/**
 * The call pipeline: for one call, run attempts (pace, send, classify), retry what is safe to
 * retry, and report it in logs and traces. The client factory only wires options to it.
 */
import { type Answer, type AttemptContext, type AttemptStats, createAttempt, PATH } from "./attempt.js";
import { CryptoMateError, CryptoMateRateLimitError, CryptoMateRateLimitStoreError } from "./errors.js";
import { checkClientId } from "./input.js";
import { createLog, type Log } from "./log.js";
import { checkDuration, checkRetries, resolveHeaders } from "./option-checks.js";
import type { RequestOptions } from "./options.js";
import { retryDelay, sleep } from "./retry.js";
import { endCallSpan, type SpanLike, startCallSpan } from "./tracing.js";
import type { ProductEnablementInput } from "./types.js";

/** One call with its retries. */
export type Call = (
  clientId: string,
  payload: ProductEnablementInput,
  callOptions: RequestOptions,
  gate?: AbortSignal,
  onSend?: () => void | Promise<void>,
) => Promise<Answer>;

const OPERATION = "requestProductEnablement";

const ms = (value: number) => `${Math.round(value)} ms`;

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { status?: unknown }).status;
  return `${typeof status === "number" ? `${status} ` : ""}${error.name}`;
}

/** An error whose request may have been processed although the call failed. */
function outcomeUnknown(error: unknown): boolean {
  if (!(error instanceof CryptoMateError)) return false;
  const { status, requestSent } = error as { status?: number; requestSent?: boolean };
  return (typeof status === "number" && status >= 500) || requestSent === true;
}

export function createPipeline(context: AttemptContext): Call {
  const { resolved } = context;
  const attempt = createAttempt(context);
  const log: Log = createLog(resolved.logLevel, resolved.logger, context.redact);

  /**
   * One call with its retries, for a body already checked and copied by `checkBody`. `gate`,
   * used by batches, stops the call from being sent (while it waits for a slot or for a retry)
   * without cutting short a request already on the wire.
   */
  return async function call(clientId, payload, callOptions, gate, onSend) {
    const id = checkClientId(clientId);
    const { signal } = callOptions;
    if (signal?.aborted) throw signal.reason;
    const timeoutMs =
      callOptions.timeoutMs === undefined ? resolved.timeoutMs : checkDuration("timeoutMs", callOptions.timeoutMs);
    const maxRetries =
      callOptions.maxRetries === undefined ? resolved.maxRetries : checkRetries("maxRetries", callOptions.maxRetries);
    const policy = { ...resolved, maxRetries };
    const path = `POST ${PATH.replace("{clientId}", encodeURIComponent(id))}`;
    const started = performance.now();
    const span: SpanLike | undefined =
      resolved.tracer && startCallSpan(resolved.tracer, OPERATION, new URL(`${resolved.baseUrl}${path.slice(5)}`));
    let waitedMs = 0;
    let status: number | undefined;
    let retries = 0;
    let failure: { error: unknown } | undefined;
    const headers = callOptions.headers === undefined ? undefined : resolveHeaders(callOptions.headers);
    const input = { clientId: id, body: payload, signal, timeoutMs, gate, onSend, headers };
    try {
      for (; ; retries++) {
        const stats: AttemptStats = { waitedMs: 0, sent: false, status: undefined };
        const attemptStarted = performance.now();
        const where = `${path} (attempt ${retries + 1} of ${maxRetries + 1})`;
        try {
          const answer = await attempt(input, stats);
          status = stats.status;
          waitedMs += stats.waitedMs;
          log.debug?.(`${where} → ${status} in ${ms(performance.now() - attemptStarted)}`, {
            status,
            attempt: retries + 1,
            ms: Math.round(performance.now() - attemptStarted),
            rateLimitWaitMs: Math.round(stats.waitedMs),
          });
          log.info?.(`${path} → ${status} in ${ms(performance.now() - started)} after ${retries + 1} attempt(s)`, {
            status,
            attempts: retries + 1,
            ms: Math.round(performance.now() - started),
          });
          return answer;
        } catch (error) {
          status = stats.status ?? status;
          waitedMs += stats.waitedMs;
          log.debug?.(`${where} → ${describeFailure(error)} in ${ms(performance.now() - attemptStarted)}`, {
            status: stats.status,
            attempt: retries + 1,
            sent: stats.sent,
            rateLimitWaitMs: Math.round(stats.waitedMs),
          });
          if (error instanceof CryptoMateRateLimitError) {
            log.warn?.(
              `${path} was answered 429 (retry after ${error.retryAfterMs ?? "?"} ms): something else is using the same limit; share one limiter (createRateLimiter, redisRateLimitStore)`,
              { retryAfterMs: error.retryAfterMs },
            );
          }
          if (error instanceof CryptoMateRateLimitStoreError) log.warn?.(`${path}: ${error.message}`);
          if (!(error instanceof CryptoMateError)) throw error;
          const delay = retryDelay(error, retries, policy);
          if (delay === undefined) throw error;
          log.debug?.(`${path}: retrying in ${ms(delay)} after ${describeFailure(error)}`, { delayMs: delay });
          try {
            await sleep(delay, gate && signal ? AbortSignal.any([signal, gate]) : (gate ?? signal));
          } catch (reason) {
            // A closed gate ends the call with the failure it already has.
            if (gate?.aborted && !signal?.aborted) throw error;
            throw reason;
          }
        }
      }
    } catch (error) {
      const message = `${path} failed after ${retries + 1} attempt(s) in ${ms(performance.now() - started)}: ${
        error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      }`;
      if (outcomeUnknown(error)) log.error?.(`${message} (it may have been processed)`, { status });
      else log.info?.(message, { status });
      failure = { error };
      throw error;
    } finally {
      if (span) endCallSpan(span, { status, retries, waitedMs, ...failure });
    }
  };
}
