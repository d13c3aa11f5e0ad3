/** What the mock command prints when it is ready: how to call it, and its scenarios or flow. */
import { SCENARIOS, type Scenario } from "./scenarios.js";
import { MAX_CLIENTS, RESET_PATH } from "./state/machine.js";

const SEED = "4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG";

/** Every scenario, operation by operation, from the spec's examples. */
export function scenarioLines(scenarios: readonly Scenario[] = SCENARIOS): string {
  const width = Math.max(...scenarios.map((scenario) => (scenario.clientId ?? scenario.email ?? "").length));
  const lines: string[] = [];
  let operation = "";
  for (const scenario of scenarios) {
    if (scenario.operationId !== operation) {
      operation = scenario.operationId;
      const by = scenario.email === undefined ? "client id" : "body email";
      lines.push(`  ${operation} (${scenario.method} ${scenario.path}), by ${by}:`);
    }
    const key = scenario.clientId ?? scenario.email ?? "";
    lines.push(`    ${key.padEnd(width)}  ${scenario.status}  ${scenario.example}: ${scenario.description}`);
  }
  return lines.join("\n");
}

/** The banner of the mock serving the spec's examples. */
export function examplesBanner(url: string): string {
  return `Call it:
  curl -X POST ${url}/management/clients/individuals/${SEED}/products \\
    -H "x-api-key: any-key" -H "Content-Type: application/json" \\
    -d '{"subproduct":"cards_individuals"}'

Pick an answer by client id, or by body email for createIndividualClient (any other one gets the
operation's default answer, 201 where it lists one; GET /__mock/scenarios lists them with their operationId):
${scenarioLines()}
or with the Prefer header: -H "Prefer: code=404" or -H "Prefer: code=201, example=inKyc"
`;
}

/** The banner of the stateful mode: the flow in five calls. */
export function statefulBanner(url: string, reviewMs: number): string {
  const steps = [
    ["POST /management/clients/individuals", "create a client: 201 and a new id"],
    [
      "POST .../individuals/{clientId}/products",
      "request a product: 201 pending_documentation, 409 while one is active",
    ],
    ["PUT  .../individuals/{clientId}", "replace the client whole, e.g. adding phone_country_code and phone_number"],
    ["POST .../products/{productRequestId}/documentation", "one document: passport, or national_id with image_back"],
    ["POST .../products/{productRequestId}/submit", "in_kyc when nothing is missing, else 200 with what is left"],
  ];
  const width = Math.max(...steps.map(([call]) => (call as string).length));
  return `Stateful mode: the flow plays from memory; clients and requests are kept until POST ${RESET_PATH}
  (at most ${MAX_CLIENTS.toLocaleString("en-US")} clients: past that, the oldest is forgotten with its requests).
${steps.map(([call, what], index) => `  ${index + 1}. ${(call as string).padEnd(width)}  ${what}`).join("\n")}
  GET .../individuals/{clientId}/products lists a client's requests, newest first.
  ${reviewMs} ms after submission a request is enabled, or rejected when the client's last name was "Rejected" then.
  Errors on demand: scenario ids (GET /__mock/scenarios) and -H "Prefer: code=500" answer with the
  spec's examples, as without --stateful, and change nothing.

Try it:
  curl -X POST ${url}/management/clients/individuals -H "x-api-key: any-key" -H "Content-Type: application/json" \\
    -d '{"first_name":"Maria","last_name":"Barber","email":"maria@example.com","birth_date":"1984-11-21","address":{"street_line1":"Florida 9860","city":"Del Viso","postal_code":"1669","state":"ARG-B","country":"ARG"}}'
`;
}
