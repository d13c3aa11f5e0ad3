/**
 * The call pipeline: for one call, run attempts (pace, send, classify), retry what is safe to
 * retry, and report it in logs and traces. The client factory only wires options to it.
 */

import { OPERATIONS, type OperationId } from "../../generated/operations.js";
import { type Answer, type AttemptContext, type AttemptStats, createAttempt } from "./attempt.js";
import {
  CryptoMateAbortError,
  CryptoMateError,
  CryptoMateInputError,
  CryptoMateRateLimitError,
  CryptoMateRateLimitPausedError,
  CryptoMateRateLimitStoreError,
  mayHaveBeenProcessed,
} from "./errors.js";
import { checkPathParam } from "./input.js";
import { createLog, type Log } from "./log.js";
import { checkDuration, checkRetries, resolveHeaders } from "./option-checks.js";
import type { RequestOptions } from "./options.js";
import { retryDelay, sleep } from "./retry.js";
import type { SpanLike } from "./tracing.js";

/** One call with its retries: the operation, its path parameters in path order, and its body. */
export type Call = (
  operationId: OperationId,
  pathParams: readonly unknown[],
  payload: unknown,
  callOptions: RequestOptions,
  gate?: AbortSignal,
  onSend?: () => void | Promise<void>,
) => Promise<Answer>;

const SHARE_HINT = " (another client uses this limit? share one with createRateLimiter)";

const ms = (value: number) => `${Math.round(value)} ms`;

/** `429 CryptoMateRateLimitError`, or the name alone when there is no status. */
const describeFailure = (error: unknown) =>
  `${(error as { status?: number })?.status ?? ""} ${(error as Error)?.name ?? error}`.trim();

export function createPipeline(context: AttemptContext): Call {
  const { resolved } = context;
  const attempt = createAttempt(context);
  const log: Log = createLog(resolved.logLevel, resolved.logger, context.redact);
  let loadTracing: Promise<typeof import("./tracing.js")> | undefined;

  /**
   * One call with its retries, for a body already checked and copied by `checkBody`. `gate`,
   * used by batches, stops the call from being sent (while it waits for a slot or for a retry)
   * without cutting short a request already on the wire.
   */
  return async function call(operationId, pathParams, payload, callOptions, gate?, onSend?): Promise<Answer> {
    const operation = OPERATIONS[operationId];
    const params: Record<string, string> = {};
    operation.params.forEach((name, index) => {
      params[name] = checkPathParam(name, pathParams[index]);
    });
    const { signal } = callOptions;
    if (signal?.aborted) throw signal.reason;
    const timeoutMs =
      callOptions.timeoutMs === undefined ? resolved.timeoutMs : checkDuration("timeoutMs", callOptions.timeoutMs);
    const maxRetries =
      callOptions.maxRetries === undefined ? resolved.maxRetries : checkRetries("maxRetries", callOptions.maxRetries);
    // What may be sent again after an unknown outcome: what the spec declares, unless the
    // client's options say otherwise.
    const resend = resolved.retryAmbiguousFailures ?? operation.retry.ambiguous === "resend";
    const policy = { ...resolved, maxRetries, retryAmbiguousFailures: resend };
    const target = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
    const path = `${operation.method} ${target}`;
    const started = performance.now();
    // Tracing code is loaded only by clients that have a tracer.
    if (resolved.tracer) loadTracing ??= import("./tracing.js");
    const tracing = loadTracing && (await loadTracing);
    const span: SpanLike | undefined =
      tracing && resolved.tracer
        ? tracing.startCallSpan(resolved.tracer, operationId, operation.method, new URL(`${resolved.baseUrl}${target}`))
        : undefined;
    let waitedMs = 0;
    let status: number | undefined;
    let retries = 0;
    /** How the call ended: its error, or its answer (settled after a 409 or not). */
    let outcome: { error?: unknown; settledAfter?: unknown } | undefined;
    const headers =
      callOptions.headers === undefined
        ? undefined
        : resolveHeaders(callOptions.headers, (field, problem) => new CryptoMateInputError(field, problem));
    const input = { operation, params, path, body: payload, signal, timeoutMs, gate, onSend, headers };
    /** The failure of the attempt before this one, told to the caller if the gate closes now. */
    let previous: unknown;
    /** Whether an earlier attempt may have been processed. */
    let resent = false;
    try {
      for (; ; retries++) {
        const stats: AttemptStats = { waitedMs: 0, sent: false, status: undefined };
        const attemptStarted = performance.now();
        let answer: Answer | undefined;
        let error: unknown;
        try {
          answer = await attempt(input, stats);
        } catch (caught) {
          // A batch that stops while a retry waits for its slot ends the call with what is known:
          // the last answer, and that this attempt was not sent.
          if (previous !== undefined && gate?.aborted && caught === gate.reason) throw previous;
          // So does a retry refused unsent behind a long 429 pause.
          if (previous !== undefined && caught instanceof CryptoMateRateLimitPausedError) throw previous;
          error = caught;
        }
        status = stats.status ?? status;
        waitedMs += stats.waitedMs;
        log.debug?.(
          `${path} (attempt ${retries + 1} of ${maxRetries + 1}) -> ${answer ? status : describeFailure(error)} in ${ms(performance.now() - attemptStarted)}, ${ms(stats.waitedMs)} of it waiting for a rate-limit slot${stats.sent ? "" : ", not sent"}`,
        );
        // A resend answered "done before" (409): the client's products show whether an earlier
        // attempt of this call was processed (settle.ts). The read is a call of its own.
        if (
          resent &&
          operation.retry.processedIf?.includes((error as { status?: number } | undefined)?.status as number)
        ) {
          const { settleResend } = await import("./settle.js");
          answer = await settleResend(operationId, params, payload, error, started, signal, () =>
            call(
              "listClientProducts",
              [params.clientId],
              undefined,
              { signal, timeoutMs, headers: callOptions.headers },
              gate,
            ),
          );
          // None when what the 409 refers to predates the call: no attempt of it was processed,
          // and the 409 is thrown below as a definite answer.
          resent = !!answer;
        }
        if (answer) {
          outcome = answer;
          log.info?.(
            `${path} -> ${answer.settledAfter ? "settled after " : ""}${status} in ${ms(performance.now() - started)} after ${retries + 1} attempt(s)`,
          );
          return answer;
        }
        if (error instanceof CryptoMateRateLimitError || error instanceof CryptoMateRateLimitStoreError) {
          log.warn?.(`${path}: ${error.message}${error instanceof CryptoMateRateLimitError ? SHARE_HINT : ""}`);
        }
        if (!(error instanceof CryptoMateError)) throw error;
        const delay = retryDelay(error, retries, policy);
        if (delay === undefined) throw error;
        log.debug?.(`${path}: retrying in ${ms(delay)} after ${describeFailure(error)}`);
        previous = error;
        resent ||= mayHaveBeenProcessed(error);
        try {
          await sleep(delay, gate && signal ? AbortSignal.any([signal, gate]) : (gate ?? signal));
        } catch (reason) {
          // A closed gate ends the call with the failure it already has.
          if (gate?.aborted && !signal?.aborted) throw error;
          throw reason;
        }
      }
    } catch (thrown) {
      // The caller gave up while a retry waited, after an attempt that may have been processed:
      // the outcome is unknown, whatever this last attempt did.
      const error =
        signal?.aborted && thrown === signal.reason && resent
          ? new CryptoMateAbortError(
              `${path} was aborted while waiting to retry; an earlier attempt may have been processed`,
              {
                cause: thrown,
              },
            )
          : thrown;
      // A definite last answer does not undo an earlier attempt that may have been processed.
      if (resent && error instanceof CryptoMateError) error.priorAttemptMayHaveBeenProcessed = true;
      const message = `${path} failed after ${retries + 1} attempt(s) in ${ms(performance.now() - started)}: ${
        error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      }`;
      if (mayHaveBeenProcessed(error)) {
        log.error?.(message.includes("may have been processed") ? message : `${message} (it may have been processed)`);
      } else log.info?.(message);
      outcome = { error };
      throw error;
    } finally {
      if (span) tracing?.endCallSpan(span, { status, retries, waitedMs, ...outcome });
    }
  };
}
