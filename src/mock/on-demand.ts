/**
 * Answers on demand in the stateful mode, as in the examples mode: a scenario's client id (or,
 * for createIndividualClient, its email), or a `Prefer: code=…` / `example=…` header, gets the
 * spec's example instead of the state machine's answer, and changes no state. Shared by the
 * mock server and the MSW handlers; no Node built-ins.
 */
import { matchRoute, type OperationId } from "./routes.js";
import { preferredScenario, scenarioFor, scenarioKey } from "./scenarios.js";
import { bodyProblem, type RequestSchema } from "./state/input.js";

/** The schema of each operation's body: a body that breaks it gets the state machine's 400. */
export const BODY_SCHEMAS: Partial<Record<OperationId, RequestSchema>> = {
  createIndividualClient: "IndividualClientInput",
  updateIndividualClient: "IndividualClientInput",
  requestProductEnablement: "ProductEnablementInput",
  completeProductDocumentation: "ProductDocumentationInput",
};

export interface DemandedAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * The answer a stateful call asks for by scenario id, email or `Prefer`, or undefined when it
 * asks for none and the state machine is to answer. A call without an API key, or with a body
 * that breaks the spec, is left to the state machine (401, 400), as Prism checks those first in
 * the examples mode. A `Prefer` that names no documented answer of the operation is a 404, as
 * Prism answers it.
 */
export function demandedAnswer(call: {
  method: string;
  path: string;
  apiKey: string | null | undefined;
  body: unknown;
  prefer: string | null | undefined;
}): DemandedAnswer | undefined {
  const route = matchRoute(call.method, call.path);
  if (!route || !call.apiKey) return undefined;
  const schema = BODY_SCHEMAS[route.operationId];
  if (schema && bodyProblem(schema, call.body)) return undefined;
  const asks = call.prefer && /\b(code|example)=/.test(call.prefer);
  const entry = asks
    ? preferredScenario(route.operationId, call.prefer)
    : scenarioFor(route.operationId, scenarioKey(route.params, call.body));
  if (entry) return { status: entry.status, body: entry.body, headers: entry.headers };
  if (!asks) return undefined;
  return {
    status: 404,
    body: {
      code: "NOT_FOUND",
      message: `Prefer: ${call.prefer} names no documented answer of ${route.operationId} (GET /__mock/scenarios lists them)`,
    },
    headers: {},
  };
}
