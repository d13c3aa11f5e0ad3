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
  return `Stateful mode: the flow plays from memory, in a sandbox per API key: another key's ids answer 404.
  Each key's clients and requests are kept until POST ${RESET_PATH} with that key (at most
  ${MAX_CLIENTS.toLocaleString("en-US")} clients per key: past that, the key's oldest is forgotten with its requests).
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

/** Whether `host` is an interface reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare) || bare.endsWith(".localhost");
}

/**
 * For a mock listening beyond loopback: how another host reaches it, and the opt-in the typed
 * client and the CLI need before they send plain http to a host other than loopback. Empty for a
 * loopback interface. `machineName` stands in for a wildcard interface (0.0.0.0, ::).
 */
export function remoteAccessBanner(host: string, port: number, machineName: string): string {
  if (isLoopbackHost(host)) return "";
  const bare = host.replace(/^\[|\]$/g, "");
  const wildcard = bare === "0.0.0.0" || bare === "::";
  const name = wildcard ? machineName : bare;
  const url = `http://${name.includes(":") ? `[${name}]` : name}:${port}`;
  return `From another host: ${url}${wildcard ? ` (or any address of this machine; listening on ${bare})` : ""}
  The typed client and the CLI send plain http only to loopback unless told otherwise:
    createCryptoMateClient({ apiKey, baseUrl: "${url}", allowInsecureHttp: true })
    cryptomate-enable ... --base-url ${url} --allow-insecure-http
    or CRYPTOMATE_ALLOW_INSECURE_HTTP=1 in the environment of either.
  Plain http carries the API key and the documents unencrypted, readable by anyone on the network
  between: use it on a network you trust, with test keys and test documents only.
`;
}
