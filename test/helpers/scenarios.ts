/** Calls that pick each mock scenario: the operation's method and path, with a valid body. */
import { DOCUMENTATION, PERSON } from "./flow.js";

const BODIES: Record<string, unknown> = {
  createIndividualClient: PERSON,
  updateIndividualClient: PERSON,
  requestProductEnablement: { subproduct: "cards_individuals" },
  completeProductDocumentation: DOCUMENTATION,
};

/** The URL and request that pick `scenario` from a mock at `base`. */
export function scenarioCall(
  base: string,
  scenario: { operationId: string; method: string; path: string; clientId?: string; email?: string },
  headers: Record<string, string> = {},
): [string, RequestInit] {
  const path = scenario.path
    .replace("{clientId}", encodeURIComponent(scenario.clientId ?? ""))
    .replace("{productRequestId}", "2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh");
  const body = BODIES[scenario.operationId];
  const payload = scenario.email && body ? { ...(body as object), email: scenario.email } : body;
  return [
    `${base}${path}`,
    {
      method: scenario.method,
      headers: { "x-api-key": "test-key", ...(payload ? { "content-type": "application/json" } : {}), ...headers },
      ...(payload ? { body: JSON.stringify(payload) } : {}),
    },
  ];
}
