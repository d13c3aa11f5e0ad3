/**
 * What the commands print: results on stdout, errors on stderr, one line per failed call, and
 * never image data.
 */
import { CryptoMateApiError, CryptoMateError, CryptoMateInputError } from "../client/errors.js";
import type { components, ProductEnablementRequest } from "../client/types.js";
import { type Flags, UsageError } from "./args.js";

export const stdout = (text: string) => process.stdout.write(text);
export const stderr = (text: string) => process.stderr.write(text);

/** A `data:` URI's payload, or a long run of base64 (an image echoed back by a server). */
const IMAGE_DATA = /(data:[\w.+-]+\/[\w.+-]+;base64,)[A-Za-z0-9+/=]*|[A-Za-z0-9+/]{200,}={0,2}/g;

/** The text with anything that looks like image data replaced by `[image data]`. */
export function withoutImageData(text: string): string {
  return text.replace(IMAGE_DATA, (_match, uri: string | undefined) => `${uri ?? ""}[image data]`);
}

/**
 * One line for an error a call ended with: its class, and its message, which for an answer
 * outside 2xx carries the status, method, path, the API's message and trace id; the API's
 * `code` follows in brackets.
 */
export function errorLine(error: CryptoMateError): string {
  const code = error instanceof CryptoMateApiError && error.code ? ` [${error.code}]` : "";
  return withoutImageData(`${error.name}: ${error.message}${code}`).replace(/\s*\n\s*/g, " ");
}

/**
 * The exit code for an error a call threw: 1, with its one line on stderr, for an error of the
 * API or the network (a 404 included); a usage error for an argument the client refused before
 * sending (a client id such as `..`). Anything else is a bug, thrown on.
 */
export function callFailed(error: unknown): number {
  if (error instanceof CryptoMateInputError) throw new UsageError(error.message);
  if (error instanceof CryptoMateError) {
    stderr(`${errorLine(error)}\n`);
    return 1;
  }
  throw error;
}

/** The JSON of a result on stdout, indented, for --json. */
export function printJson(value: unknown): void {
  stdout(`${withoutImageData(JSON.stringify(value, null, 2))}\n`);
}

/** The flags that pick the host, repeated in the commands a checklist shows. */
export function hostFlags(values: Flags): string[] {
  if (values["base-url"]) {
    return ["--base-url", values["base-url"], ...(values["allow-insecure-http"] ? ["--allow-insecure-http"] : [])];
  }
  return values.sandbox ? ["--sandbox"] : [];
}

type RejectedItem = components["schemas"]["RejectedItem"];

/** Rejected items, one line each, or nothing when there are none. */
export function rejectedLines(items: readonly RejectedItem[]): string[] {
  if (items.length === 0) return [];
  return [
    `Rejected (${items.length}): fix what each reason names and send it again`,
    ...items.map((item) => withoutImageData(`  - ${item.type} ${item.key}: ${item.reason}`)),
  ];
}

/** What the request still misses, in one line: each document requirement, each data group and its fields. */
export function missingLine(request: ProductEnablementRequest): string {
  const documents = (request.missing_requirements?.documents ?? []).map(
    (document) => `document ${document.id} (${(document.valid_documents ?? []).map((valid) => valid.id).join(" or ")})`,
  );
  const data = (request.missing_requirements?.data ?? []).map(
    (group) => `data ${group.id} (${(group.fields ?? []).map((field) => field.key).join(", ")})`,
  );
  const missing = [...documents, ...data];
  return missing.length > 0 ? `Still missing: ${missing.join("; ")}.` : "Nothing is missing.";
}

/** The positionals a command takes, or a usage error naming the first one missing or extra. */
export function positionalsOf(command: string, positionals: string[], names: readonly string[]): string[] {
  const missing = names[positionals.length];
  if (missing) throw new UsageError(`${command} needs a ${missing}`);
  if (positionals.length > names.length) throw new UsageError(`unexpected argument "${positionals[names.length]}"`);
  return positionals;
}
