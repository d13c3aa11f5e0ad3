/**
 * Response validation against the spec, compiled into generated/validators.js at build time.
 * Loaded on demand by the client when `validateResponses` is on, so it costs nothing otherwise.
 */

import type { ValidatorError } from "../generated/validators.js";
import * as validators from "../generated/validators.js";
import { CryptoMateValidationError, type ValidationIssue } from "./client/errors.js";
import { scrubImages } from "./client/image-scrub.js";

function fieldOf(error: ValidatorError): string {
  const steps = error.instancePath
    .split("/")
    .slice(1)
    .map((step) => step.replace(/~1/g, "/").replace(/~0/g, "~"));
  const missing = error.keyword === "required" ? String(error.params.missingProperty) : undefined;
  if (missing !== undefined) steps.push(missing);
  if (steps.length === 0) return "(response)";
  return steps.reduce((path, step) => (/^\d+$/.test(step) ? `${path}[${step}]` : path ? `${path}.${step}` : step), "");
}

function issueOf(error: ValidatorError): ValidationIssue {
  if (error.keyword === "required") return { field: fieldOf(error), message: "is required" };
  return { field: fieldOf(error), message: error.message ?? `fails ${error.keyword}` };
}

type Validator = ((value: unknown) => boolean) & { errors?: ValidatorError[] | null };

/** The validator of one of the spec's success schemas, such as `IndividualClient`. */
function validatorOf(schema: string): Validator {
  const validator = (validators as unknown as Record<string, Validator | undefined>)[`validate${schema}`];
  if (!validator) throw new TypeError(`no validator for the schema ${JSON.stringify(schema)}`);
  return validator;
}

/**
 * Turns the validator's errors into one issue per field, in the order found. `schema` names the
 * spec's schema (by default the enablement request).
 */
export function validationIssues(value: unknown, schema = "ProductEnablementRequest"): ValidationIssue[] {
  const validate = validatorOf(schema);
  if (validate(value)) return [];
  const issues = new Map<string, ValidationIssue>();
  for (const error of validate.errors ?? []) {
    // anyOf reports each branch and then itself; the branch messages say more.
    if (error.keyword === "anyOf") continue;
    const issue = issueOf(error);
    if (!issues.has(issue.field)) issues.set(issue.field, issue);
  }
  return [...issues.values()];
}

/** Throws a CryptoMateValidationError naming the first offending field when `value` breaks `schema`. */
export function assertResponse(schema: string, status: number, body: string, value: unknown): void {
  const issues = validationIssues(value, schema);
  if (issues.length === 0) return;
  // What the error keeps of the answer never holds image data the server echoed.
  const clean = issues.map((issue) => ({ field: scrubImages(issue.field), message: scrubImages(issue.message) }));
  throw new CryptoMateValidationError(clean, { status, body: scrubImages(body) });
}

/** {@link assertResponse} for an enablement request. */
export function assertProductEnablementRequest(status: number, body: string, value: unknown): void {
  assertResponse("ProductEnablementRequest", status, body, value);
}
