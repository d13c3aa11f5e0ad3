/** Checks of call arguments, made before anything is sent. */
import { CryptoMateInputError } from "./errors.js";
import type { ProductEnablementInput } from "./types.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A client id must be a non-blank string that stays one path segment once encoded. `.` and
 * `..` are refused because URL parsers treat them (even percent-encoded) as navigation.
 */
export function checkClientId(clientId: unknown): string {
  if (typeof clientId !== "string") {
    throw new CryptoMateInputError("clientId", `must be a string, got ${clientId === null ? "null" : typeof clientId}`);
  }
  if (clientId.trim() === "") throw new CryptoMateInputError("clientId", "must not be empty");
  if (clientId !== clientId.trim()) {
    throw new CryptoMateInputError("clientId", `has leading or trailing white space: ${JSON.stringify(clientId)}`);
  }
  if (clientId === "." || clientId === "..") {
    throw new CryptoMateInputError("clientId", `cannot be ${JSON.stringify(clientId)}: URLs read it as a path step`);
  }
  if (LONE_SURROGATE.test(clientId)) {
    throw new CryptoMateInputError("clientId", "contains an unpaired UTF-16 surrogate and cannot be encoded");
  }
  return clientId;
}

/** Copies the body after checking it, so that every attempt sends the same bytes. */
export function checkBody(body: unknown): ProductEnablementInput {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new CryptoMateInputError("body", 'must be an object such as { subproduct: "cards_individuals" }');
  }
  for (const key of Object.keys(body)) {
    if (key !== "subproduct") {
      throw new CryptoMateInputError(`body.${key}`, "is not a field of this request (the only field is subproduct)");
    }
  }
  const { subproduct } = body as { subproduct?: unknown };
  if (subproduct === undefined) {
    throw new CryptoMateInputError("body.subproduct", 'is required, e.g. "cards_individuals"');
  }
  if (typeof subproduct !== "string" || !/^[a-z][a-z0-9_]*$/.test(subproduct)) {
    throw new CryptoMateInputError(
      "body.subproduct",
      `must be a product name such as "cards_individuals", got ${JSON.stringify(subproduct) ?? typeof subproduct}`,
    );
  }
  return { subproduct } as ProductEnablementInput;
}
