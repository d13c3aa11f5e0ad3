// The spec's operations as data for the client (generated/operations.js) and as argument lists
// and results for its types (generated/operations.d.ts). Adding an operation to the spec and
// running `npm run generate` gives the client a method for it, with every guarantee.

const METHODS = ["get", "put", "post", "patch", "delete"];

/** The component a `$ref` names, such as `IndividualClient` for `#/components/schemas/IndividualClient`. */
const refName = (ref) => ref.split("/").at(-1);

/** The success schema of an operation: its name, and whether it is a list. */
function successOf(spec, operation) {
  const statuses = Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status));
  for (const status of statuses) {
    let response = operation.responses[status];
    if (response.$ref) response = spec.components.responses[refName(response.$ref)];
    const schema = response?.content?.["application/json"]?.schema;
    if (schema?.$ref) {
      const name = refName(schema.$ref);
      return { schema: name, list: spec.components.schemas[name]?.type === "array" };
    }
  }
  throw new Error(`${operation.operationId} has no JSON success schema`);
}

/** One entry per operation, in the spec's order. */
export function operationsOf(spec) {
  const operations = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      operations.push({
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]),
        body: Boolean(operation.requestBody),
        ...successOf(spec, operation),
        retry: operation["x-cryptomate-retry"] ?? { ambiguous: "never" },
      });
    }
  }
  return operations;
}

export function renderOperations(spec, banner) {
  const entries = operationsOf(spec).map(({ id, ...info }) => `  ${id}: ${JSON.stringify(info)},`);
  return `${banner}export const OPERATIONS = Object.freeze({\n${entries.join("\n")}\n});\n`;
}

export function renderOperationTypes(spec, banner) {
  const operations = operationsOf(spec);
  const args = operations.map(({ id, params, body }) => {
    const list = [...params.map((name) => `${name}: string`), ...(body ? [`body: JsonBody<operations["${id}"]>`] : [])];
    return `  ${id}: [${list.join(", ")}];`;
  });
  return `${banner}import type { operations } from "./schema.js";

/** The JSON body an operation takes. */
type JsonBody<O> = O extends { requestBody: { content: { "application/json": infer B } } } ? B : never;
/** The JSON an operation answers on success (any 2xx). */
type JsonSuccess<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 ? (R[S] extends { content: { "application/json": infer C } } ? C : never) : never }[keyof R]
  : never;

export type OperationId = ${operations.map(({ id }) => JSON.stringify(id)).join(" | ")};

/** What a client may do again after a failure whose outcome is unknown (x-cryptomate-retry). */
export interface RetryRule {
  readonly ambiguous: "resend" | "check-then-resend" | "never";
  readonly processedIf?: readonly number[];
  readonly check?: string;
}

export interface OperationInfo {
  readonly method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE";
  /** The path template, such as /management/clients/individuals/{clientId}. */
  readonly path: string;
  /** The path's parameters, in path order. */
  readonly params: readonly string[];
  readonly body: boolean;
  /** The success schema's name, and whether it is a list. */
  readonly schema: string;
  readonly list: boolean;
  readonly retry: RetryRule;
}

export declare const OPERATIONS: { readonly [K in OperationId]: OperationInfo };

/** Each operation's arguments: path parameters in path order, then the body when there is one. */
export interface OperationArgs {
${args.join("\n")}
}

/** Each operation's answer on success. */
export type OperationResult = { [K in OperationId]: JsonSuccess<operations[K]> };
`;
}
