/**
 * The error for a 2xx answer that is not the JSON the spec promises, or that this package
 * failed to read. What it keeps of the answer (the body, the content type, the parser's message,
 * which quotes the body) has the key and any image data taken out first. Loaded with the other
 * error paths, on the first failure.
 */
import { CryptoMateInvalidResponseError } from "./errors.js";
import { scrubImages } from "./image-scrub.js";
import type { SuccessProblem } from "./success.js";

/** The error for a 2xx answer that `readSuccess` found is not what the spec promises. */
export function invalidResponse(
  response: Response,
  text: unknown,
  { problem, cause }: SuccessProblem,
  redact: (text: string) => string,
  list = false,
): CryptoMateInvalidResponseError {
  const clean = (value: string) => scrubImages(redact(value));
  const expected = `a JSON ${list ? "array" : "object"}`;
  const what =
    problem === "empty"
      ? `has an empty body; expected ${expected}`
      : problem === "type"
        ? `has content type ${clean(response.headers.get("content-type") ?? "")}; expected application/json`
        : problem === "syntax"
          ? "body is not valid JSON (truncated or malformed)"
          : `body is not ${expected}`;
  return new CryptoMateInvalidResponseError(`${response.status} response ${what}`, {
    status: response.status,
    body: typeof text === "string" ? clean(text) : undefined,
    cause:
      cause === undefined ? undefined : new SyntaxError(clean(cause instanceof Error ? cause.message : String(cause))),
  });
}

/**
 * This package's own code failed on a 2xx answer that did arrive (a check that threw): the
 * server answered, so this is never a connection failure. The request was processed.
 */
export function unreadableAnswer(
  response: Response,
  text: unknown,
  failure: unknown,
  redact: (text: string) => string,
): CryptoMateInvalidResponseError {
  const clean = (value: string) => scrubImages(redact(value));
  const reason = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
  return new CryptoMateInvalidResponseError(`${response.status} response could not be read (${clean(reason)})`, {
    status: response.status,
    body: typeof text === "string" ? clean(text) : undefined,
  });
}
