/**
 * CORS, answered the same way in every mode by the front (Prism's own is turned off): a browser
 * page on another origin can call the mock. A preflight gets 204 with the methods and headers the
 * API takes; every answer names the caller's origin as allowed (or only `corsOrigin`, when set)
 * and lets the page read its trace id and Retry-After.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
/** Headers a call may carry, beside those a preflight asks for. */
export const ALLOWED_HEADERS = ["x-api-key", "content-type", "prefer", "x-request-id", "traceparent", "tracestate"];
/** Headers of the answers a page may read, beside the CORS-safelisted ones. */
export const EXPOSED_HEADERS = "x-trace-id, retry-after";
/** How long a browser may keep a preflight's answer, in seconds. */
const MAX_AGE = "600";

/** Whether `origin` is one `--cors-origin` accepts: an origin as browsers send it. */
export function corsOriginProblem(origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `"${origin}" is not an origin such as http://localhost:3000`;
  }
  if (!/^https?:$/.test(url.protocol) || url.origin !== origin.replace(/\/$/, "")) {
    return `"${origin}" is not an origin such as http://localhost:3000: scheme, host and port only`;
  }
  return undefined;
}

/**
 * Adds the CORS headers the call's Origin earns to `res`, and answers a preflight (or any other
 * OPTIONS) itself. Returns whether the call was answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, only?: string): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && (only === undefined || origin === only.replace(/\/$/, ""));
  res.setHeader("vary", "Origin");
  if (allowed) {
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
  }
  if (req.method !== "OPTIONS") return false;
  const headers: Record<string, string> = { allow: ALLOWED_METHODS };
  if (allowed && req.headers["access-control-request-method"] !== undefined) {
    const asked = String(req.headers["access-control-request-headers"] ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => /^[\w-]+$/.test(name));
    headers["access-control-allow-methods"] = ALLOWED_METHODS;
    headers["access-control-allow-headers"] = [...new Set([...ALLOWED_HEADERS, ...asked])].join(", ");
    headers["access-control-max-age"] = MAX_AGE;
  }
  res.writeHead(204, headers);
  res.end();
  return true;
}
