/** Reads a 2xx answer: the JSON object the spec promises, or an error saying why it is not one. */
import { CryptoMateInvalidResponseError } from "./errors.js";

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * The JSON object (or, for a list, the array) of a 2xx answer, or an error saying why it is not one. What the error keeps of
 * the body (the text, and the parser's message, which quotes it) is redacted first.
 */
export function parseSuccess(
  response: Response,
  text: unknown,
  redact: (text: string) => string,
  list = false,
): unknown {
  const status = response.status;
  const raw = typeof text === "string" ? text : undefined;
  // Only a failure keeps the body, so only a failure pays for redacting it.
  const invalid = (problem: string, cause?: unknown) =>
    new CryptoMateInvalidResponseError(`${status} response ${problem}`, {
      status,
      body: raw === undefined ? undefined : redact(raw),
      cause,
    });
  if (raw === undefined || !/\S/.test(raw))
    throw invalid(`has an empty body; expected a JSON ${list ? "array" : "object"}`);
  const type = response.headers.get("content-type");
  if (type !== null && !JSON_TYPE.test(type)) {
    throw invalid(`has content type ${redact(type)}; expected application/json`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    const cause = new SyntaxError(redact(error instanceof Error ? error.message : String(error)));
    throw invalid("body is not valid JSON (truncated or malformed)", cause);
  }
  if (!value || typeof value !== "object" || Array.isArray(value) !== list) {
    throw invalid(`body is not a JSON ${list ? "array" : "object"}`);
  }
  return value;
}
