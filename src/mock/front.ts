/**
 * The mock's front: a small HTTP server in front of Prism. It answers malformed requests with
 * the API's JSON error shape (Prism would crash or answer oddly), picks each operation's
 * scenario by client id (or body email for createIndividualClient), enforces the rate limit
 * when asked, gives every answer its own trace id, says which field a 400 is about, and in
 * dynamic mode writes plausible answers from a seed. In the stateful mode the state machine
 * answers instead of Prism, and `POST /__mock/reset` clears it.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ChaosProfile, createChaos, withoutChaos } from "./chaos.js";
import { chaosFirst } from "./chaos-http.js";
import { dynamicAnswer } from "./dynamic.js";
import { type Answer, answerHeaders, exitsWithin, forward, type Route, violationsOf } from "./forward.js";
import { demandedAnswer } from "./on-demand.js";
import { createPenaltyLimiter } from "./rate-limit.js";
import { matchRoute } from "./routes.js";
import { defaultPrefer, SCENARIOS, scenarioFor, scenarioKey } from "./scenarios.js";
import { type MockState, RESET_PATH } from "./state/machine.js";

const MAX_URL = 8192;
const MAX_BODY = 1_048_576;
/**
 * The stateful mode takes documentation bodies as large as the API's: two images of 10 MB,
 * base64-encoded (a third larger), with room to spare. Every other call gets MAX_BODY.
 */
const MAX_DOCUMENTATION_BODY = 32 * 1_048_576;
/** Prisms one call may be sent to, when those before died under it. */
const MAX_ATTEMPTS = 3;

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

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const traceId = randomBytes(16).toString("hex");
  const withTrace = body && typeof body === "object" && status >= 400 ? { ...body, trace_id: traceId } : body;
  const text = JSON.stringify(withTrace);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-trace-id": traceId,
  });
  res.end(text);
}

const badRequest = (res: ServerResponse, message: string, status = 400) =>
  send(res, status, { code: status === 400 ? "BAD_REQUEST" : "REQUEST_TOO_LARGE", message });

function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Prism's answer to the call, or why there is none. */
async function askPrism(
  options: FrontOptions,
  req: IncomingMessage,
  body: Buffer,
  extra: Record<string, string>,
): Promise<Answer | { unavailable: string }> {
  for (let attempt = 1; ; attempt++) {
    let route: Route;
    try {
      route = await options.target();
    } catch (error) {
      return { unavailable: (error as Error).message };
    }
    try {
      return await forward(route.url, req, body, extra);
    } catch (error) {
      // A Prism that died under the call: the call waits for the next one, when sending it again
      // is harmless.
      const refused = (error as NodeJS.ErrnoException).code === "ECONNREFUSED";
      const again = attempt < MAX_ATTEMPTS && (options.replayable || refused) && (await exitsWithin(route, 1000));
      if (!again) return { unavailable: `Prism did not answer: ${(error as Error).message}` };
    }
  }
}

export function createFront(options: FrontOptions) {
  const limit = options.rateLimit ? createPenaltyLimiter(options.rateLimit) : undefined;
  const chaos = createChaos(options.chaos);

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    if (url.length > MAX_URL) return badRequest(res, `the URL is longer than ${MAX_URL} characters`, 414);
    const path = url.split("?")[0] as string;
    if (req.method === "GET" && path === "/__mock/scenarios") return send(res, 200, SCENARIOS);
    if (req.method === "POST" && path === RESET_PATH) {
      if (!options.state) return send(res, 404, { code: "NOT_FOUND", message: `${RESET_PATH} needs --stateful` });
      options.state.reset();
      chaos.reset(typeof req.headers["x-api-key"] === "string" ? req.headers["x-api-key"] : undefined);
      res.writeHead(204, { "x-trace-id": randomBytes(16).toString("hex") });
      return void res.end();
    }
    for (const segment of path.split("/")) {
      try {
        decodeURIComponent(segment);
      } catch {
        return badRequest(res, `the path has a malformed percent-escape in "${segment}"`);
      }
    }
    const route = matchRoute(req.method ?? "GET", path);
    const max =
      options.state && route?.operationId === "completeProductDocumentation" ? MAX_DOCUMENTATION_BODY : MAX_BODY;
    const body = await readBody(req, max);
    if (body === undefined) return badRequest(res, `the body is larger than ${max} bytes`, 413);
    if (await chaosFirst(chaos, req, res, path, body, send)) return;
    const type = req.headers["content-type"] ?? "";
    let parsed: unknown;
    if (body.length > 0 && /json/i.test(type)) {
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch (error) {
        return badRequest(res, `the body is not valid JSON: ${(error as Error).message}`);
      }
    }
    if (limit) {
      const verdict = limit();
      if (!verdict.allowed) {
        const seconds = verdict.retryAfterSeconds;
        const refusal = {
          error_code: "TOO_MANY_REQUESTS",
          message: `Rate limit exceeded. Retry after ${seconds} seconds`,
        };
        return send(res, 429, refusal, { "retry-after": String(seconds) });
      }
    }
    if (options.state) {
      const apiKey = req.headers["x-api-key"];
      const call = {
        method: req.method ?? "GET",
        path,
        apiKey: Array.isArray(apiKey) ? apiKey[0] : apiKey,
        body: parsed,
      };
      const answer = demandedAnswer({ ...call, prefer: withoutChaos(req.headers.prefer) }) ?? {
        headers: {},
        ...options.state.handle(call),
      };
      options.onCall?.();
      return send(res, answer.status, answer.body, answer.headers);
    }
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
        "x-trace-id": randomBytes(16).toString("hex"),
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
