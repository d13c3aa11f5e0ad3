/**
 * In-process mocks for unit tests, with MSW (an optional peer: msw 2.x). The handlers serve the
 * same scenarios as the mock server, for every operation: each named example of the spec has a
 * client id (for createIndividualClient, a body email) that returns it, `Prefer: code=…,
 * example=…` picks one explicitly, any other call gets the operation's default answer (its `201`
 * example where it lists one, else its first success example). Any other path under the hosts
 * answered for gets a 404 in the API's error shape, so that no call reaches a real host.
 * With `{ stateful: true }` they play the whole flow from memory instead, with the same state
 * machine as `cryptomate-enable-mock --stateful`, a sandbox per API key, the same limits and the
 * same answers to odd requests; `POST /__mock/reset` on the mocked host forgets the caller's
 * sandbox, and `handlers.reset(apiKey?)` one key's or every one. A suite then needs no server
 * at all.
 *
 * @example
 * import { setupServer } from "msw/node";
 * import { createMockHandlers } from "cryptomate-product-enablement/msw";
 * const handlers = createMockHandlers({ stateful: true, reviewMs: 100 });
 * const server = setupServer(...handlers);
 * afterEach(() => handlers.reset());
 */
import { type HttpHandler, HttpResponse, http } from "msw";
import { ENVIRONMENTS } from "../client/options.js";
import { type ChaosOptions, chaosProfileOf, createChaos, withoutChaos } from "./chaos/draw.js";
import { withChaos } from "./chaos/msw.js";
import { BODY_SCHEMAS, demandedAnswer } from "./on-demand.js";
import { matchRoute } from "./routes.js";
import { defaultScenario, preferredScenario, scenarioFor, scenarioKey } from "./scenarios.js";
import { routeNotFound } from "./state/answers.js";
import { bodyLimit, exchange, sentJson } from "./state/exchange.js";
import { newTraceId } from "./state/ids.js";
import { bodyProblem } from "./state/input.js";
import { MAX_BODY } from "./state/limits.js";
import {
  createMockState,
  DEFAULT_REVIEW_MS,
  type MockState,
  RESET_PATH,
  reviewMsOf,
  type SandboxLimits,
} from "./state/machine.js";

export type { ChaosOptions } from "./chaos/draw.js";
/** The scenarios the handlers serve, as the mock server lists them. */
export { SCENARIOS as scenarios, type Scenario } from "./scenarios.js";
export { DEFAULT_REVIEW_MS, RESET_PATH };

export interface MockHandlerOptions {
  /**
   * The host (or hosts) to answer for.
   * @default both CryptoMate hosts, production and sandbox
   */
  baseUrl?: string | readonly string[];
  /**
   * Play the documented flow from memory, as `cryptomate-enable-mock --stateful` does, instead
   * of serving the spec's examples. Scenario ids and `Prefer: code=…, example=…` still answer
   * with the spec's examples, changing nothing. @default false
   */
  stateful?: boolean;
  /**
   * With `stateful`: how long the review of a submitted request takes, in milliseconds: a whole
   * number, at least 0 (anything else throws a TypeError, as `startMock` does). @default 3000
   */
  reviewMs?: number;
  /** With `stateful`: the limits of each API key's sandbox and of all of them, as `startMock` takes them. */
  limits?: SandboxLimits;
  /**
   * A fault profile, as `cryptomate-enable-mock --chaos` takes it (`"seed=7,latency=20-200,429=0.05,5xx-after=0.05,drop=0.02"`)
   * or as an object: seeded latency, 429s, 500s before or after processing, and network errors.
   * A call's `Prefer: chaos="…"` works without it. A bad profile throws a TypeError.
   */
  chaos?: string | ChaosOptions;
}

/** The handlers, to spread into `setupServer`, and `reset()` to forget the stateful mode's state. */
export type MockHandlers = HttpHandler[] & {
  /**
   * Forgets the stateful mode's sandbox of this API key; without one, every sandbox (does
   * nothing in the examples mode).
   */
  reset(apiKey?: string): void;
};

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  const trace = newTraceId();
  const withTrace = status >= 400 && body && typeof body === "object" ? { ...body, trace_id: trace } : body;
  return HttpResponse.json(withTrace as Record<string, unknown>, {
    status,
    headers: { ...headers, "x-trace-id": trace },
  });
}

const refuse = (message: string) => answer(400, { code: "BAD_REQUEST", message });

/** The stateful mode's answer to a request, through the same checks as the mock server's. */
async function statefulAnswer(state: MockState, request: Request, path: string, search: string) {
  const bytes = new Uint8Array(await request.arrayBuffer());
  const apiKey = request.headers.get("x-api-key");
  const contentType = request.headers.get("content-type");
  // A scenario or a Prefer code/example answers with the spec's example and changes nothing.
  const demanded = demandedAnswer({
    method: request.method,
    path,
    apiKey,
    body: sentJson(bytes, contentType),
    prefer: withoutChaos(request.headers.get("prefer")),
  });
  if (demanded) return answer(demanded.status, demanded.body, demanded.headers);
  const { status, body } = exchange(state, {
    method: request.method,
    target: `${path}${search}`,
    apiKey,
    contentType,
    body: bytes.length > bodyLimit(request.method, path) ? undefined : bytes,
  });
  if (body !== undefined) return answer(status, body);
  return new HttpResponse(null, { status, headers: { "x-trace-id": newTraceId() } });
}

/** Whether a path segment's percent-escapes are well formed. */
function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

const NOT_JSON = Symbol("not JSON");
const TOO_LARGE = Symbol("too large");

/** The parsed body, undefined when there is none, NOT_JSON, or TOO_LARGE past the mock server's limit. */
async function jsonOf(request: Request): Promise<unknown> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > MAX_BODY) return TOO_LARGE;
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** MSW handlers for every operation of the spec. */
export function createMockHandlers(options: MockHandlerOptions = {}): MockHandlers {
  const bases = options.baseUrl === undefined ? Object.values(ENVIRONMENTS) : [options.baseUrl].flat();
  // Checked whatever the mode, as startMock does: a bad value throws the same TypeError.
  const reviewMs = reviewMsOf(options.reviewMs);
  const state = options.stateful ? createMockState({ reviewMs, limits: options.limits }) : undefined;
  const chaos = createChaos(chaosProfileOf(options.chaos));
  const handlers = bases.flatMap((base) => {
    const root = base.replace(/\/+$/, "");
    const prefix = new URL(root).pathname.replace(/\/+$/, "");
    // The stateful mode matches with a pattern that has no parameter for MSW to decode: a path
    // with a malformed percent-escape is then answered 400, as the mock server does.
    const host = root.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const under = new RegExp(`^${host}/management(?:/.*)?$`);
    const resolve = async ({ request }: { request: Request }) => {
      const url = new URL(request.url);
      const path = url.pathname.slice(prefix.length);
      if (state) return statefulAnswer(state, request, path, url.search);
      const malformed = path.split("/").find((segment) => !decodes(segment));
      if (malformed !== undefined) return refuse(`the path has a malformed percent-escape in "${malformed}"`);
      const apiKey = request.headers.get("x-api-key");
      const body = await jsonOf(request);
      if (body === NOT_JSON) return refuse("the body is not valid JSON");
      if (body === TOO_LARGE)
        return answer(413, { code: "REQUEST_TOO_LARGE", message: `the body is larger than ${MAX_BODY} bytes` });
      const route = matchRoute(request.method, path);
      if (!route) return undefined;
      if (!apiKey) {
        const unauthorized = preferredScenario(route.operationId, "code=401");
        return answer(401, unauthorized?.body);
      }
      const schema = BODY_SCHEMAS[route.operationId];
      const problem = schema && bodyProblem(schema, body);
      if (problem) return refuse(problem);
      const prefer = request.headers.get("prefer");
      const preferred = preferredScenario(route.operationId, prefer);
      if (!preferred && prefer && /\b(code|example)=/.test(withoutChaos(prefer) ?? "")) {
        // As Prism answers a Prefer that names no documented answer of the operation.
        return answer(404, {
          code: "NOT_FOUND",
          message: `Prefer: ${prefer} names no documented answer of ${route.operationId} (GET /__mock/scenarios lists them)`,
        });
      }
      const entry =
        preferred ??
        scenarioFor(route.operationId, scenarioKey(route.params, body)) ??
        defaultScenario(route.operationId);
      return answer(entry.status, entry.body, entry.headers);
    };
    const serve = http.all(under, withChaos(chaos, prefix, resolve));
    // Every other path under the API's host is answered too: none may reach the real host.
    // A pattern with no parameter for MSW to decode, as above: a malformed escape gets a 400.
    const unknown = http.all(new RegExp(`^${host}/.*$`), ({ request }) => {
      const path = new URL(request.url).pathname;
      const malformed = path.split("/").find((segment) => !decodes(segment));
      if (malformed !== undefined) return refuse(`the path has a malformed percent-escape in "${malformed}"`);
      const { status, body } = routeNotFound(request.method, path);
      return answer(status, body);
    });
    if (!state) return [serve, unknown];
    const reset = http.post(`${root}${RESET_PATH}`, async ({ request }) => {
      const answered = await statefulAnswer(state, request, RESET_PATH, new URL(request.url).search);
      if (answered.status === 204) chaos.reset(request.headers.get("x-api-key") ?? undefined);
      return answered;
    });
    return [reset, serve, unknown];
  });
  return Object.assign(handlers, {
    reset: (apiKey?: string) => {
      state?.reset(apiKey);
      chaos.reset(apiKey);
    },
  });
}
