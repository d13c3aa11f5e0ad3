/**
 * OpenTelemetry spans, one per call. Only the shape of a Tracer is used, so that
 * `@opentelemetry/api` stays an optional peer: pass `trace.getTracer("my-app")` and every call
 * becomes a client span under the active context; pass nothing and this costs nothing.
 */

type Attributes = Record<string, string | number | boolean>;

/** The parts of an OpenTelemetry `Span` this package uses. */
export interface SpanLike {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: Error): unknown;
  end(): void;
}

/** The parts of an OpenTelemetry `Tracer` this package uses; a real Tracer fits. */
export interface TracerLike {
  startSpan(name: string, options?: { kind?: number; attributes?: Attributes }): SpanLike;
}

/** OpenTelemetry's SpanKind.CLIENT and SpanStatusCode.ERROR, without importing them. */
const SPAN_KIND_CLIENT = 2;
const STATUS_ERROR = 2;

export function startCallSpan(tracer: TracerLike, operation: string, method: string, url: URL): SpanLike {
  return tracer.startSpan(operation, {
    kind: SPAN_KIND_CLIENT,
    attributes: {
      "http.request.method": method,
      "url.full": url.href,
      "server.address": url.hostname,
      "server.port": Number(url.port) || (url.protocol === "https:" ? 443 : 80),
    },
  });
}

export interface CallSummary {
  status: number | undefined;
  retries: number;
  waitedMs: number;
  /** Set when a resend was refused (409) and the client's products showed what an earlier attempt did. */
  settledAfter?: unknown;
  error?: unknown;
}

/**
 * Ends a call's span. A settled call succeeded: its span keeps the last answer's status (409),
 * carries `cryptomate.settled: true`, and has no error status.
 */
export function endCallSpan(span: SpanLike, { status, retries, waitedMs, settledAfter, error }: CallSummary): void {
  if (status !== undefined) span.setAttribute("http.response.status_code", status);
  if (settledAfter) span.setAttribute("cryptomate.settled", true);
  span.setAttribute("http.request.resend_count", retries);
  span.setAttribute("cryptomate.rate_limit.wait_ms", Math.round(waitedMs));
  if (error !== undefined) {
    const name = error instanceof Error ? error.name : "Error";
    span.setAttribute("error.type", name);
    span.setStatus({ code: STATUS_ERROR, message: error instanceof Error ? error.message : String(error) });
    if (error instanceof Error) span.recordException(error);
  }
  span.end();
}
