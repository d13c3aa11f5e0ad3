/**
 * One line per call, in every mode: method, path (without its query), status, milliseconds, the
 * API key's fingerprint (never the key) and the answer's trace id.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { keyFingerprint } from "./key-fingerprint.js";

/** Paths longer than this are cut in the log. */
const MAX_LOGGED_PATH = 200;

export interface RequestLogEntry {
  method: string;
  /** The path as sent, without the query string (which could hold anything). */
  path: string;
  /** The answer's status; 0 when the connection closed before an answer was sent. */
  status: number;
  ms: number;
  /** The first 8 hex digits of the API key's SHA-256, or "-" without a key. */
  key: string;
  /** The answer's `x-trace-id`, or "-". */
  traceId: string;
}

/** The entry as one line: `POST /management/clients/individuals 201 3ms key=1a2b3c4d trace=…`. */
export function requestLine(entry: RequestLogEntry): string {
  const status = entry.status === 0 ? "closed" : String(entry.status);
  return `${entry.method} ${entry.path} ${status} ${entry.ms}ms key=${entry.key} trace=${entry.traceId}`;
}

/** Calls `onRequest` once the answer to `req` is sent, or its connection closed. */
export function logRequest(req: IncomingMessage, res: ServerResponse, onRequest: (entry: RequestLogEntry) => void) {
  const started = performance.now();
  let traceId: string | undefined;
  // Answers written with writeHead(status, headers) keep no header to read back: note the trace id.
  const writeHead = res.writeHead as (...args: unknown[]) => ServerResponse;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    for (const arg of args) {
      const value = arg && typeof arg === "object" ? (arg as Record<string, unknown>)["x-trace-id"] : undefined;
      if (typeof value === "string") traceId = value;
    }
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
  res.once("close", () => {
    const path = (req.url ?? "/").split("?")[0] as string;
    const key = req.headers["x-api-key"];
    const header = res.getHeader("x-trace-id");
    onRequest({
      method: req.method ?? "-",
      path: path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path,
      status: res.writableFinished ? res.statusCode : 0,
      ms: Math.round(performance.now() - started),
      key: keyFingerprint(Array.isArray(key) ? key[0] : key),
      traceId: traceId ?? (typeof header === "string" ? header : "-"),
    });
  });
}
