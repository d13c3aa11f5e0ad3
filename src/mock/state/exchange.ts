/**
 * A call to the stateful mock as it arrives, before it is a call of the spec: the checks of its
 * URL and body that the mock server and the MSW handlers share, so that both give the same
 * status and body for the same request, however odd. No Node built-ins.
 */
import { matchRoute } from "../routes.js";
import { unauthorized } from "./answers.js";
import { MAX_BODY, MAX_DOCUMENTATION_BODY, MAX_URL } from "./limits.js";
import { type MockState, RESET_PATH } from "./machine.js";
import type { MockAnswer } from "./types.js";

export interface RawCall {
  method: string;
  /** The path and query, as sent. */
  target: string;
  apiKey: string | null | undefined;
  contentType: string | null | undefined;
  /** The body's bytes (empty when there is none); undefined when it was larger than `bodyLimit`. */
  body: Uint8Array | undefined;
}

const refusal = (status: number, message: string): MockAnswer => ({
  status,
  body: { code: status === 400 ? "BAD_REQUEST" : "REQUEST_TOO_LARGE", message },
});

/** The largest body a call to `path` may have: a documentation upload's, or any other's. */
export function bodyLimit(method: string, path: string): number {
  return matchRoute(method, path)?.operationId === "completeProductDocumentation" ? MAX_DOCUMENTATION_BODY : MAX_BODY;
}

/** The refusal of a URL that is too long or holds a malformed percent-escape; undefined when it is fine. */
export function urlProblem(target: string): MockAnswer | undefined {
  if (target.length > MAX_URL) return refusal(414, `the URL is longer than ${MAX_URL} characters`);
  for (const segment of (target.split("?")[0] as string).split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return refusal(400, `the path has a malformed percent-escape in "${segment}"`);
    }
  }
  return undefined;
}

/** The answer of the stateful mock to a call as it arrived: 204 with no body for a reset. */
export function exchange(state: MockState, call: RawCall): MockAnswer {
  const path = call.target.split("?")[0] as string;
  if (call.method.toUpperCase() === "POST" && path === RESET_PATH) {
    if (!call.apiKey) return unauthorized();
    state.reset(call.apiKey);
    return { status: 204, body: undefined };
  }
  const problem = urlProblem(call.target);
  if (problem) return problem;
  if (call.body === undefined) {
    return refusal(413, `the body is larger than ${bodyLimit(call.method, path)} bytes`);
  }
  let parsed: unknown;
  if (call.body.length > 0) {
    if (!/json/i.test(call.contentType ?? "")) {
      return refusal(
        400,
        `the body must be JSON, sent with content-type: application/json (it was sent as ${call.contentType ? `"${call.contentType.slice(0, 100)}"` : "no content-type"})`,
      );
    }
    try {
      parsed = JSON.parse(new TextDecoder().decode(call.body));
    } catch (error) {
      return refusal(400, `the body is not valid JSON: ${(error as Error).message}`);
    }
  }
  return state.handle({ method: call.method, path, apiKey: call.apiKey, body: parsed });
}

/** The body as JSON when it is sent as JSON and parses; otherwise undefined (the state answers it). */
export function sentJson(bytes: Uint8Array, contentType: string | null | undefined): unknown {
  if (bytes.length === 0 || !/json/i.test(contentType ?? "")) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}
