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

/**
 * The body fields an operation checks before sending (`x-cryptomate-check` in the spec), as
 * `[path, check]` pairs: `image` (bytes or base64 of a JPEG or PNG), `identifier`, or
 * `identifier-keys` (every key of an object).
 */
function checksOf(spec, operation) {
  const checks = [];
  const walk = (schema, path) => {
    if (!schema) return;
    if (schema.$ref) return walk(spec.components.schemas[refName(schema.$ref)], path);
    if (schema["x-cryptomate-check"]) checks.push([path, schema["x-cryptomate-check"]]);
    for (const [name, property] of Object.entries(schema.properties ?? {})) walk(property, [...path, name]);
  };
  walk(operation.requestBody?.content?.["application/json"]?.schema, []);
  return checks;
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
        checks: checksOf(spec, operation),
      });
    }
  }
  return operations;
}

export function renderOperations(spec, banner) {
  // The checks themselves are in body-checks.js, loaded by the calls that need them.
  const entries = operationsOf(spec).map(
    ({ id, checks, ...info }) => `  ${id}: ${JSON.stringify(checks.length > 0 ? { ...info, checked: true } : info)},`,
  );
  return `${banner}export const OPERATIONS = Object.freeze({\n${entries.join("\n")}\n});\n`;
}

/** The body checks of the operations that declare some (x-cryptomate-check). */
export function renderBodyChecks(spec, banner) {
  const entries = operationsOf(spec)
    .filter(({ checks }) => checks.length > 0)
    .map(({ id, checks }) => `  ${id}: ${JSON.stringify(checks)},`);
  return `${banner}export const BODY_CHECKS = Object.freeze({\n${entries.join("\n")}\n});\n`;
}

export function renderBodyCheckTypes(_spec, banner) {
  return `${banner}import type { OperationId } from "./operations.js";

/** A body field checked before sending: its path, and the check (x-cryptomate-check). */
export type BodyCheck = readonly [path: readonly string[], check: "image" | "identifier" | "identifier-keys"];

export declare const BODY_CHECKS: { readonly [K in OperationId]?: readonly BodyCheck[] };
`;
}

export function renderOperationTypes(spec, banner) {
  const operations = operationsOf(spec);
  const args = operations.map(({ id, params, body, checks = [] }) => {
    // Image fields take bytes as well as base64 text.
    const bodyType = checks
      .filter(([, check]) => check === "image")
      .reduce((type, [path]) => `WithImage<${type}, ${JSON.stringify(path)}>`, `JsonBody<operations["${id}"]>`);
    const list = [...params.map((name) => `${name}: string`), ...(body ? [`body: ${bodyType}`] : [])];
    return `  ${id}: [${list.join(", ")}];`;
  });
  return `${banner}import type { operations } from "./schema.js";

/** The JSON body an operation takes. */
type JsonBody<O> = O extends { requestBody: { content: { "application/json": infer B } } } ? B : never;
/** The JSON an operation answers on success (any 2xx). */
type JsonSuccess<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 ? (R[S] extends { content: { "application/json": infer C } } ? C : never) : never }[keyof R]
  : never;

/** An image as the client takes it: base64 text (a \`data:\` URI), or its bytes. */
export type ImageInput = string | Uint8Array | ArrayBuffer | Blob;
/** \`T\` with the field at \`Path\` widened to take an image's bytes. */
type WithImage<T, Path extends readonly string[]> = Path extends readonly [infer Head, ...infer Rest extends string[]]
  ? { [K in keyof T]: K extends Head ? (Rest extends [] ? ImageInput | Exclude<T[K], string> : WithImage<T[K], Rest>) : T[K] }
  : T;

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
  /** Whether some body fields are checked before sending (x-cryptomate-check; see body-checks.js). */
  readonly checked?: true;
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
