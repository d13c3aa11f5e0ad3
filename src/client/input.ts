/** Checks of call arguments, made before anything is sent. */
import { CryptoMateInputError } from "./errors.js";
import type { ProductEnablementInput } from "./types.js";

/**
 * A client id must be a non-blank string that stays one path segment once encoded. `.` and
 * `..` are refused because URL parsers treat them (even percent-encoded) as navigation.
 */
export function checkClientId(clientId: unknown): string {
  if (typeof clientId !== "string") {
    throw new CryptoMateInputError("clientId", `must be a string, got ${clientId === null ? "null" : typeof clientId}`);
  }
  if (clientId.trim() === "") throw new CryptoMateInputError("clientId", "must not be empty");
  if (clientId === "." || clientId === "..") {
    throw new CryptoMateInputError("clientId", `cannot be ${JSON.stringify(clientId)}: URLs read it as a path step`);
  }
  try {
    encodeURIComponent(clientId);
  } catch {
    throw new CryptoMateInputError("clientId", "contains an unpaired UTF-16 surrogate and cannot be encoded");
  }
  return clientId;
}

/**
 * Snapshots the body so that every attempt sends the same bytes, whatever the caller does with
 * its object meanwhile. Its fields are left to the API to judge: the list of products can grow,
 * and a 400 names what is wrong.
 */
export function checkBody(body: unknown): ProductEnablementInput {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new CryptoMateInputError("body", 'must be an object such as { subproduct: "cards_individuals" }');
  }
  try {
    return JSON.parse(JSON.stringify(body)) as ProductEnablementInput;
  } catch (error) {
    throw new CryptoMateInputError(
      "body",
      `cannot be sent as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
