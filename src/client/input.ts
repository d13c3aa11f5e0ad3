/** Checks of call arguments, made before anything is sent. */
import { CryptoMateInputError } from "./errors.js";
import type { ProductEnablementInput } from "./types.js";

/**
 * A path parameter (a client id, a request id) must be a non-blank string that stays one path
 * segment once encoded. `.` and `..` are refused because URL parsers treat them (even
 * percent-encoded) as navigation.
 */
export function checkPathParam(name: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new CryptoMateInputError(name, `must be a string, got ${value === null ? "null" : typeof value}`);
  }
  if (value.trim() === "") throw new CryptoMateInputError(name, "must not be empty");
  if (value === "." || value === "..") {
    throw new CryptoMateInputError(name, `cannot be ${JSON.stringify(value)}: URLs read it as a path step`);
  }
  try {
    encodeURIComponent(value);
  } catch {
    throw new CryptoMateInputError(name, "contains an unpaired UTF-16 surrogate and cannot be encoded");
  }
  return value;
}

/**
 * Snapshots the body so that every attempt sends the same bytes, whatever the caller does with
 * its object meanwhile. Its fields are left to the API to judge: the list of products can grow,
 * and a 400 names what is wrong.
 */
export function checkBody<T = ProductEnablementInput>(body: unknown): T {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new CryptoMateInputError(
      "body",
      'must be an object, such as { subproduct: "cards_individuals" } for requestProductEnablement',
    );
  }
  try {
    return JSON.parse(JSON.stringify(body)) as T;
  } catch (error) {
    throw new CryptoMateInputError(
      "body",
      `cannot be sent as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
