import { readFileSync } from "node:fs";
import YAML from "yaml";
import { specPath } from "../../src/mock/start.js";

interface Example {
  summary?: string;
  value: unknown;
}

type Ref = { $ref: string };

/** The spec as data, for tests that compare what is served with what is written. */
export const spec = YAML.parse(readFileSync(specPath, "utf8"));

/** A node of the spec with its `$ref` followed (repeatedly). */
export function resolve<T>(node: T | Ref): T {
  if (node && typeof node === "object" && "$ref" in node) {
    const path = node.$ref.replace(/^#\//, "").split("/");
    return resolve(path.reduce((at: any, key) => at[key], spec));
  }
  return node as T;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

/** One operation of the spec: where it lives and its (unresolved) definition. */
export interface SpecOperation {
  operationId: string;
  method: (typeof METHODS)[number];
  path: string;
  operation: any;
}

/** Every operation of the spec, in document order. */
export const operations: SpecOperation[] = Object.entries(spec.paths as Record<string, any>).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method]).map((method) => ({
    operationId: item[method].operationId as string,
    method,
    path,
    operation: item[method],
  })),
);

/** The operation with this operationId; throws when there is none. */
export function operationById(operationId: string): SpecOperation {
  const found = operations.find((candidate) => candidate.operationId === operationId);
  if (!found) throw new Error(`the spec has no operation ${operationId}`);
  return found;
}

function namedExamples(examples: Record<string, Example | Ref> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(examples ?? {}).map(([name, example]) => [name, resolve<Example>(example).value]),
  );
}

/** Named examples of a response status of an operation, resolved: name -> value. */
export function responseExamples(status: string, operationId = "requestProductEnablement"): Record<string, unknown> {
  const response = resolve<any>(operationById(operationId).operation.responses[status]);
  return namedExamples(response.content?.["application/json"]?.examples);
}

/** Named examples of an operation's request body, resolved: name -> value (none without a body). */
export function requestExamples(operationId: string): Record<string, unknown> {
  const body = resolve<any>(operationById(operationId).operation.requestBody);
  return namedExamples(body?.content?.["application/json"]?.examples);
}

/** Every status requestProductEnablement declares. */
export const declaredStatuses: string[] = Object.keys(operationById("requestProductEnablement").operation.responses);
