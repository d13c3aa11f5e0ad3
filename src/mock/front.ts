/**
 * The mock's front: a small HTTP server in front of Prism. It answers malformed requests with
 * the API's JSON error shape (Prism would crash or answer oddly), picks each operation's
 * scenario by client id (or body email for createIndividualClient), enforces the rate limit
 * when asked, gives every answer its own trace id, says which field a 400 is about, and in
 * dynamic mode writes plausible answers from a seed. In the stateful mode the state machine
 * answers instead of Prism, and `POST /__mock/reset` clears the caller's sandbox. CORS, the
 * health path and the request log come before it, the same in every mode (cors.ts, health.ts,
 * request-log.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { askPrism } from "./ask-prism.js";
import { type ChaosProfile, createChaos, withoutChaos } from "./chaos/draw.js";
import { chaosFirst } from "./chaos/http.js";
import { dynamicAnswer } from "./dynamic.js";
import { answerHeaders, type Route, violationsOf } from "./forward.js";
import { demandedAnswer } from "./on-demand.js";
import { createPenaltyLimiter } from "./rate-limit.js";
import { badRequest, readBody, send, traceId } from "./reply.js";
import { matchRoute } from "./routes.js";
import { defaultPrefer, SCENARIOS, scenarioFor, scenarioKey } from "./scenarios.js";
import { routeNotFound } from "./state/answers.js";
import { bodyLimit, exchange, sentJson } from "./state/exchange.js";
import { MAX_BODY, MAX_URL } from "./state/limits.js";
import { type MockState, RESET_PATH } from "./state/machine.js";

export interface FrontOptions {
  /**
   * The Prism serving now; while Prism starts or restarts, waits for it. Rejects when there will
   * be none in time (the mock stops, or Prism does not start within its start timeout).
   */
  target: () => Promise<Route>;
  /**
   * Whether a call Prism may have received can be sent again to the next Prism when the first
   * died under it. True for the mock, whose answers change nothing; false for the proxy, whose
   * upstream may have acted on it: there only a call Prism refused to connect is sent again.
   */
  replayable?: boolean;
  /** Requests per second to allow, with CryptoMate's doubling penalty blocks. */
  rateLimit?: number;
  /** Seed of `--dynamic` answers; undefined serves the spec's examples. */
  seed?: number;
  /** Called with each answer that breaks the spec (proxy mode reads Prism's verdict). */
  onViolation?: (call: string, violations: string[]) => void;
  onCall?: () => void;
  /** The stateful mode's state machine: when given, it answers every call instead of Prism. */
  state?: MockState;
  /**
   * Whether Prism forwards to a real upstream (`--proxy`): the front then adds no `Prefer`
   * header of its own, since the upstream is to see the caller's call as it was sent.
   */
  proxy?: boolean;
  /** The server's fault profile (`--chaos`); a call's `Prefer: chaos="…"` works without it. */
  chaos?: ChaosProfile;
}

export function createFront(options: FrontOptions) {
  const limit = options.rateLimit ? createPenaltyLimiter(options.rateLimit) : undefined;
  const chaos = createChaos(options.chaos);

  /** Whether the call goes past the rate limit: then it has been answered 429. */
  const overLimit = (res: ServerResponse): boolean => {
    const verdict = limit?.();
    if (!verdict || verdict.allowed) return false;
    const seconds = verdict.retryAfterSeconds;
    const refusal = { error_code: "TOO_MANY_REQUESTS", message: `Rate limit exceeded. Retry after ${seconds} seconds` };
    send(res, 429, refusal, { "retry-after": String(seconds) });
    return true;
  };

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    if (url.length > MAX_URL) return badRequest(res, `the URL is longer than ${MAX_URL} characters`, 414);
    const path = url.split("?")[0] as string;
    if (req.method === "GET" && path === "/__mock/scenarios") return send(res, 200, SCENARIOS);
    // In the stateful mode, the state's exchange clears the caller's sandbox.
    if (req.method === "POST" && path === RESET_PATH && !options.state) {
      return send(res, 404, { code: "NOT_FOUND", message: `${RESET_PATH} needs --stateful` });
    }
    for (const segment of path.split("/")) {
      try {
        decodeURIComponent(segment);
      } catch {
        return badRequest(res, `the path has a malformed percent-escape in "${segment}"`);
      }
    }
    const route = matchRoute(req.method ?? "GET", path);
    const max = options.state ? bodyLimit(req.method ?? "GET", path) : MAX_BODY;
    const body = await readBody(req, max);
    if (body === undefined) return badRequest(res, `the body is larger than ${max} bytes`, 413);
    // An unknown path gets the API's 404 in every mode but the proxy, whose upstream decides: the
    // answer the stateful mode and the MSW handlers give, not Prism's own.
    if (!route && !options.proxy && !(options.state && path === RESET_PATH)) {
      const unknown = routeNotFound(req.method ?? "GET", path);
      return send(res, unknown.status, unknown.body);
    }
    if (await chaosFirst(chaos, req, res, path, body, send)) return;
    if (options.state) {
      if (overLimit(res)) return;
      const header = req.headers["x-api-key"];
      const apiKey = Array.isArray(header) ? header[0] : header;
      const method = req.method ?? "GET";
      const contentType = req.headers["content-type"];
      const prefer = withoutChaos(req.headers.prefer);
      options.onCall?.();
      // A scenario or a Prefer code/example answers with the spec's example and changes nothing.
      const demanded = demandedAnswer({ method, path, apiKey, body: sentJson(body, contentType), prefer });
      if (demanded) return send(res, demanded.status, demanded.body, demanded.headers);
      const answer = exchange(options.state, { method, target: url, apiKey, contentType, body });
      if (method === "POST" && path === RESET_PATH && answer.status === 204) chaos.reset(apiKey);
      if (answer.body !== undefined) return send(res, answer.status, answer.body);
      res.writeHead(answer.status, { "x-trace-id": traceId() });
      return void res.end();
    }
    const type = req.headers["content-type"] ?? "";
    let parsed: unknown;
    if (body.length > 0 && /json/i.test(type)) {
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch (error) {
        return badRequest(res, `the body is not valid JSON: ${(error as Error).message}`);
      }
    }
    if (overLimit(res)) return;
    const scenario = route && scenarioFor(route.operationId, scenarioKey(route.params, parsed));
    const extra: Record<string, string> = {};
    if (withoutChaos(req.headers.prefer) === undefined && !options.proxy) {
      const prefer = scenario
        ? `code=${scenario.status}, example=${scenario.example}`
        : route && defaultPrefer(route.operationId);
      if (prefer) extra.prefer = prefer;
    }

    const answer = await askPrism(options, req, body, extra);
    if ("unavailable" in answer) return send(res, 503, { code: "MOCK_UNAVAILABLE", message: answer.unavailable });
    options.onCall?.();
    const drift = violationsOf(answer.headers["sl-violations"], "response");
    if (drift.length > 0) options.onViolation?.(`${req.method} ${path} -> ${answer.status}`, drift);
    const violations = violationsOf(answer.headers["sl-violations"], "request");

    const headers = answerHeaders(answer);
    // Dynamic answers are enablement requests: only the call that creates one gets them.
    const dynamic =
      options.seed !== undefined &&
      route?.operationId === "requestProductEnablement" &&
      answer.status >= 200 &&
      answer.status < 300 &&
      !scenario;
    // A success served as written needs no parsing: only its own trace id is added.
    if (answer.status < 400 && !dynamic) {
      res.writeHead(answer.status, {
        ...headers,
        "content-type": answer.headers["content-type"] ?? "application/json",
        "content-length": answer.body.length,
        "x-trace-id": traceId(),
      });
      res.end(answer.body);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.body.toString("utf8"));
    } catch {
      res.writeHead(answer.status, {
        ...headers,
        ...(answer.headers["content-type"] ? { "content-type": answer.headers["content-type"] } : {}),
        "content-length": answer.body.length,
      });
      res.end(answer.body);
      return;
    }
    if (answer.status === 400 && violations.length > 0 && json && typeof json === "object") {
      json = { ...json, code: "BAD_REQUEST", message: violations.join("; ") };
    }
    if (dynamic) {
      const product = (parsed as { subproduct?: unknown } | undefined)?.subproduct;
      json = dynamicAnswer(
        options.seed ?? 0,
        route.params.clientId ?? "",
        typeof product === "string" ? product : "cards_individuals",
      );
    }
    send(res, answer.status, json, headers);
  };
}
