// The mock's scenarios (generated/scenarios.json and the table of generated/scenarios.md): one
// per named example of each response of each operation. An operation with a client id in its
// path picks the scenario by that id, `test_<status>_<example>`; *Create individual client*,
// which has none, picks it by the body's `email`, `test_<status>_<example>@scenarios.test`.
import { operationsOf } from "./operations.mjs";

/** The seed page's client: the documented default answer. */
export const SEED_CLIENT_ID = "4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG";

/** The domain of the emails that pick a scenario of *Create individual client*. */
export const SCENARIO_EMAIL_DOMAIN = "scenarios.test";

/** The node a `$ref` points to (followed until it is not a reference), or the node itself. */
export function resolveRef(spec, node) {
  if (!node?.$ref) return node;
  return resolveRef(
    spec,
    node.$ref
      .slice(2)
      .split("/")
      .reduce((at, key) => at[key], spec),
  );
}

/** The Retry-After header an answer carries, as its example gives it. */
function headersOf(spec, response) {
  const headers = {};
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const resolved = resolveRef(spec, header);
    const example = resolved.schema?.examples?.[0] ?? resolved.example;
    if (name.toLowerCase() === "retry-after" && example !== undefined) headers[name] = String(example);
  }
  return headers;
}

/** Every scenario, operation by operation in the spec's order, then status by status. */
export function scenariosOf(spec) {
  const scenarios = [];
  for (const { id, method, path, params } of operationsOf(spec)) {
    const operation = spec.paths[path][method.toLowerCase()];
    for (const [status, reference] of Object.entries(operation.responses)) {
      const response = resolveRef(spec, reference);
      const headers = headersOf(spec, response);
      for (const [name, exampleReference] of Object.entries(response.content?.["application/json"]?.examples ?? {})) {
        const example = resolveRef(spec, exampleReference);
        const key = `test_${status}_${name}`;
        scenarios.push({
          operationId: id,
          method,
          path,
          ...(params.includes("clientId") ? { clientId: key } : { email: `${key}@${SCENARIO_EMAIL_DOMAIN}` }),
          status: Number(status),
          example: name,
          description: (example.summary ?? response.description).trim().replace(/\s+/g, " "),
          body: example.value,
          headers,
        });
      }
    }
  }
  return scenarios;
}

/** The scenarios as Markdown: one table per operation, with its default answer. */
export function renderScenarioTable(scenarios) {
  const sections = [
    `Each operation picks a scenario by its client id (the \`{clientId}\` of its path); *Create individual client*, which has none, picks it by the body's \`email\`. Any other client id (such as \`${SEED_CLIENT_ID}\`) or email gets the operation's default answer, its first success example (\`201\` where the operation lists it). A \`Prefer\` header (\`Prefer: code=404\`, \`Prefer: code=201, example=inKyc\`) picks an example explicitly and wins over both. \`GET /__mock/scenarios\` lists them, each with its \`operationId\`.`,
    "",
  ];
  const byOperation = new Map();
  for (const scenario of scenarios) {
    byOperation.set(scenario.operationId, [...(byOperation.get(scenario.operationId) ?? []), scenario]);
  }
  for (const [operationId, entries] of byOperation) {
    const [{ method, path, email }] = entries;
    const fallback = entries.find((entry) => entry.status === 201) ?? entries.find((entry) => entry.status < 300);
    sections.push(
      `**\`${operationId}\`** (\`${method} ${path}\`), by ${email ? "body `email`" : "client id"}; default: ${fallback.status} \`${fallback.example}\`.`,
      "",
      `| ${email ? "email" : "client id"} | HTTP status | example | answer |`,
      "| --- | --- | --- | --- |",
      ...entries.map(
        (entry) =>
          `| \`${entry.clientId ?? entry.email}\` | ${entry.status} | \`${entry.example}\` | ${entry.description} |`,
      ),
      "",
    );
  }
  return sections.join("\n");
}
