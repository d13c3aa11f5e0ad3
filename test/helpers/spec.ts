import { readFileSync } from "node:fs";
import YAML from "yaml";
import { specPath } from "../../src/mock.js";

interface Example {
  summary?: string;
  value: unknown;
}

type Ref = { $ref: string };

/** The spec as data, for tests that compare what is served with what is written. */
export const spec = YAML.parse(readFileSync(specPath, "utf8"));

function resolve<T>(node: T | Ref): T {
  if (node && typeof node === "object" && "$ref" in node) {
    const path = node.$ref.replace(/^#\//, "").split("/");
    return resolve(path.reduce((at: any, key) => at[key], spec));
  }
  return node as T;
}

const operation = spec.paths["/management/clients/individuals/{clientId}/products"].post;

/** Named examples of a response status, resolved: name -> value. */
export function responseExamples(status: string): Record<string, unknown> {
  const response = resolve<any>(operation.responses[status]);
  const examples: Record<string, Example | Ref> = response.content["application/json"].examples;
  return Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, resolve<Example>(example).value]));
}

/** Every status the operation declares. */
export const declaredStatuses: string[] = Object.keys(operation.responses);
