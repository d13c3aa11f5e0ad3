/**
 * The checks of a call's body, with the validators generated from the spec's request schemas
 * (generated/request-validators.js): a refusal names the field, as `first_name: is required`.
 * Used by the stateful mode and by the MSW handlers.
 */
import * as validators from "../../../generated/request-validators.js";
import type { Validator, ValidatorError } from "../../../generated/validators.js";
import { MAX_FIELD_CHARS } from "./limits.js";

export type RequestSchema = "IndividualClientInput" | "ProductEnablementInput" | "ProductDocumentationInput";

/** `address.city`, from a validator error's instance path and the property it names. */
function fieldOf(error: ValidatorError): string {
  const steps = error.instancePath
    .split("/")
    .slice(1)
    .map((step) => step.replace(/~1/g, "/").replace(/~0/g, "~"));
  const named = error.params.missingProperty ?? error.params.additionalProperty;
  if (named !== undefined) steps.push(String(named));
  return steps.length === 0 ? "body" : steps.join(".");
}

/** One sentence per error, in plain words. */
function sentenceOf(error: ValidatorError): string {
  const field = fieldOf(error);
  switch (error.keyword) {
    case "required":
      return `${field}: is required`;
    case "additionalProperties":
      return `${field}: is not allowed`;
    case "enum":
      return `${field}: must be one of [${(error.params.allowedValues as unknown[]).join(", ")}]`;
    case "format":
      return `${field}: must be a valid ${String(error.params.format)}`;
    case "minLength":
      return error.params.limit === 1 ? `${field}: must not be empty` : `${field}: ${error.message}`;
    case "type":
      return `${field}: must be ${error.params.type === "object" ? "an object" : `of type ${String(error.params.type)}`}`;
    default:
      return `${field}: ${error.message ?? `fails ${error.keyword}`}`;
  }
}

/** One thing wrong with a body: its field, the rule broken, a sentence, and an enum's allowed values. */
export interface BodyIssue {
  field: string;
  keyword: string;
  text: string;
  allowed?: readonly unknown[];
}

/** What is wrong with a body, one entry per field, in the order found: empty when nothing is. */
export function bodyIssues(schema: RequestSchema, body: unknown): BodyIssue[] {
  const validate = (validators as unknown as Record<string, Validator>)[`validate${schema}`] as Validator;
  if (validate(body)) return [];
  const seen = new Map<string, BodyIssue>();
  for (const error of validate.errors ?? []) {
    const text = sentenceOf(error);
    const field = text.slice(0, text.indexOf(":"));
    const allowed = error.keyword === "enum" ? (error.params.allowedValues as unknown[]) : undefined;
    if (!seen.has(field)) seen.set(field, { field, keyword: error.keyword, text, ...(allowed ? { allowed } : {}) });
  }
  return [...seen.values()];
}

/** The message of a 400 for a body, or undefined when the body is valid. */
export function bodyProblem(schema: RequestSchema, body: unknown): string | undefined {
  const issues = bodyIssues(schema, body);
  return issues.length === 0 ? undefined : issues.map((issue) => issue.text).join("; ");
}

/**
 * The first string of a body longer than MAX_FIELD_CHARS, as a 400's message (`first_name: is
 * longer than 1000 characters, the mock's limit`); undefined when there is none. The stateful
 * mode keeps what clients send, so it caps each string.
 */
export function tooLong(body: unknown, path: string[] = []): string | undefined {
  if (typeof body === "string") {
    return body.length > MAX_FIELD_CHARS
      ? `${path.join(".") || "body"}: is longer than ${MAX_FIELD_CHARS} characters, the mock's limit`
      : undefined;
  }
  if (body === null || typeof body !== "object") return undefined;
  for (const [name, value] of Object.entries(body)) {
    const found = tooLong(value, [...path, name]);
    if (found) return found;
  }
  return undefined;
}
