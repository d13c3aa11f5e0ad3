/** Reads a 2xx answer: the JSON object the spec promises, or why it is not one. */

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** Why a 2xx answer is not the JSON the spec promises. */
export interface SuccessProblem {
  /** Its body is empty, of another content type, not JSON, or JSON of another shape. */
  problem: "empty" | "type" | "syntax" | "shape";
  /** The parser's error, for a body that is not JSON. */
  cause?: unknown;
}

/**
 * The JSON object (or, for a list, the array) of a 2xx answer, or why it is not one. The error
 * that says so is built by the error paths (invalid-response.ts), loaded only then.
 */
export function readSuccess(response: Response, text: unknown, list = false): { value: unknown } | SuccessProblem {
  if (typeof text !== "string" || !/\S/.test(text)) return { problem: "empty" };
  const type = response.headers.get("content-type");
  if (type !== null && !JSON_TYPE.test(type)) return { problem: "type" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return { problem: "syntax", cause };
  }
  if (!value || typeof value !== "object" || Array.isArray(value) !== list) return { problem: "shape" };
  return { value };
}
