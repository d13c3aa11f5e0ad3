/**
 * In-process mocks for unit tests, with MSW (an optional peer: msw 2.x). The handlers serve the
 * same scenarios as the mock server, for every operation: each named example of the spec has a
 * client id (for createIndividualClient, a body email) that returns it, `Prefer: code=…,
 * example=…` picks one explicitly, any other call gets the operation's default answer (its `201`
 * example where it lists one, else its first success example).
 * With `{ stateful: true }` they play the whole flow from memory instead, with the same state
 * machine as `cryptomate-enable-mock --stateful`; `handlers.reset()` (or `POST /__mock/reset`
 * on the mocked host) forgets it. A suite then needs no server at all.
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
import { type ChaosOptions, chaosProfileOf, createChaos, withoutChaos } from "./chaos.js";
import { withChaos } from "./chaos-msw.js";
import { demandedAnswer } from "./on-demand.js";
import { matchRoute, type OperationId } from "./routes.js";
import { defaultScenario, preferredScenario, scenarioFor, scenarioKey } from "./scenarios.js";
import { newTraceId } from "./state/ids.js";
import { bodyProblem, type RequestSchema } from "./state/input.js";
import { createMockState, DEFAULT_REVIEW_MS, RESET_PATH, reviewMsOf } from "./state/machine.js";

export type { ChaosOptions } from "./chaos.js";
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
  /**
   * A fault profile, as `cryptomate-enable-mock --chaos` takes it (`"seed=7,latency=20-200,429=0.05,5xx-after=0.05,drop=0.02"`)
   * or as an object: seeded latency, 429s, 500s before or after processing, and network errors.
   * A call's `Prefer: chaos="…"` works without it. A bad profile throws a TypeError.
   */
  chaos?: string | ChaosOptions;
}

/** The handlers, to spread into `setupServer`, and `reset()` to forget the stateful mode's state. */
export type MockHandlers = HttpHandler[] & {
  /** Forgets every client and request of the stateful mode (does nothing otherwise). */
  reset(): void;
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

/** The schema of each operation's body, checked as the mock server's `--errors` mode does. */
const BODY_SCHEMAS: Partial<Record<OperationId, RequestSchema>> = {
  createIndividualClient: "IndividualClientInput",
  updateIndividualClient: "IndividualClientInput",
  requestProductEnablement: "ProductEnablementInput",
  completeProductDocumentation: "ProductDocumentationInput",
};

const NOT_JSON = Symbol("not JSON");

/** The parsed body, undefined when there is none, or NOT_JSON. */
async function jsonOf(request: Request): Promise<unknown> {
  const text = await request.text();
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
  const state = options.stateful ? createMockState({ reviewMs }) : undefined;
  const chaos = createChaos(chaosProfileOf(options.chaos));
  const handlers = bases.flatMap((base) => {
    const root = base.replace(/\/+$/, "");
    const prefix = new URL(root).pathname.replace(/\/+$/, "");
    const resolve = async ({ request }: { request: Request }) => {
      const path = new URL(request.url).pathname.slice(prefix.length);
      const apiKey = request.headers.get("x-api-key");
      const body = await jsonOf(request);
      if (body === NOT_JSON) return refuse("the body is not valid JSON");
      if (state) {
        const call = { method: request.method, path, apiKey, body };
        const demanded = demandedAnswer({ ...call, prefer: withoutChaos(request.headers.get("prefer")) });
        if (demanded) return answer(demanded.status, demanded.body, demanded.headers);
        const { status, body: json } = state.handle(call);
        return answer(status, json);
      }
      const route = matchRoute(request.method, path);
      if (!route) return undefined;
      if (!apiKey) {
        const unauthorized = preferredScenario(route.operationId, "code=401");
        return answer(401, unauthorized?.body);
      }
      const schema = BODY_SCHEMAS[route.operationId];
      const problem = schema && bodyProblem(schema, body);
      if (problem) return refuse(problem);
      const entry =
        preferredScenario(route.operationId, request.headers.get("prefer")) ??
        scenarioFor(route.operationId, scenarioKey(route.params, body)) ??
        defaultScenario(route.operationId);
      return answer(entry.status, entry.body, entry.headers);
    };
    const serve = http.all(`${root}/management/*`, withChaos(chaos, prefix, resolve));
    if (!state) return [serve];
    const reset = http.post(`${root}${RESET_PATH}`, ({ request }) => {
      state.reset();
      chaos.reset(request.headers.get("x-api-key") ?? undefined);
      return new HttpResponse(null, { status: 204, headers: { "x-trace-id": newTraceId() } });
    });
    return [reset, serve];
  });
  return Object.assign(handlers, {
    reset: () => {
      state?.reset();
      chaos.reset();
    },
  });
}
