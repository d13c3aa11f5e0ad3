/**
 * Body checks declared in the spec (`x-cryptomate-check`), made before anything is sent: images
 * given as bytes are encoded to a `data:` URI with the type read from their first bytes, and
 * images, identifiers and metadata keys the API would refuse are refused here, naming the
 * field, never quoting an image. Loaded only by calls whose operation declares such checks.
 */
import { BODY_CHECKS } from "../../generated/body-checks.js";
import type { OperationId } from "../../generated/operations.js";
import { CryptoMateInputError } from "./errors.js";
import { encodedImageProblem, imageProblem, imageTypeOf } from "./image.js";

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Text shown for a refused value: short, and never image data. */
const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);

/** The bytes of a Uint8Array (a Buffer too), an ArrayBuffer or a view, or undefined. */
function bytesOf(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

function base64(bytes: Uint8Array): string {
  if (typeof Buffer === "function")
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** An image as the API takes it: a `data:` URI of a JPEG or PNG of at most 10 MB. */
async function image(field: string, value: unknown): Promise<string> {
  if (typeof value === "string") {
    const problem = encodedImageProblem(value);
    if (problem) throw new CryptoMateInputError(field, problem);
    return value;
  }
  let bytes = bytesOf(value);
  if (!bytes && typeof Blob === "function" && value instanceof Blob) {
    // The size is known before reading: a huge Blob is refused without loading it.
    const head = new Uint8Array(await value.slice(0, 16).arrayBuffer());
    const problem = imageProblem(head, value.size);
    if (problem) throw new CryptoMateInputError(field, problem);
    bytes = new Uint8Array(await value.arrayBuffer());
  }
  if (!bytes) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new CryptoMateInputError(
      field,
      `must be a data: URI string or the image's bytes (Uint8Array, Buffer, ArrayBuffer or Blob), got ${kind}`,
    );
  }
  const problem = imageProblem(bytes);
  if (problem) throw new CryptoMateInputError(field, problem);
  return `data:${imageTypeOf(bytes)};base64,${base64(bytes)}`;
}

function identifier(field: string, value: unknown, what: string): void {
  if (typeof value !== "string" || !IDENTIFIER.test(value)) {
    throw new CryptoMateInputError(
      field,
      `${what} must be an identifier (a letter, then letters, digits or _), got ${typeof value === "string" ? shown(value) : typeof value}`,
    );
  }
}

/**
 * The body with its checked fields checked and its images encoded. The caller's object is not
 * changed: the objects on the way to an encoded image are copied.
 */
export async function prepareBody(operationId: OperationId, body: unknown): Promise<unknown> {
  const checks = BODY_CHECKS[operationId] ?? [];
  if (!body || typeof body !== "object") return body;
  let result = body as Record<string, unknown>;
  for (const [path, check] of checks) {
    const field = path.join(".");
    const parents: Record<string, unknown>[] = [result];
    for (const name of path.slice(0, -1)) {
      const next = parents.at(-1)?.[name];
      if (!next || typeof next !== "object") break;
      parents.push(next as Record<string, unknown>);
    }
    if (parents.length < path.length) continue;
    const name = path.at(-1) as string;
    const value = parents.at(-1)?.[name];
    if (value === undefined) continue;
    if (check === "identifier") identifier(field, value, "the value");
    else if (check === "identifier-keys" && typeof value === "object" && value !== null) {
      for (const key of Object.keys(value)) identifier(field, key, "each key");
    } else if (check === "image") {
      const encoded = await image(field, value);
      if (encoded === value) continue;
      // Copy each object on the path, innermost last, with the encoded image in place.
      let replacement: unknown = encoded;
      for (let depth = path.length - 1; depth >= 0; depth--) {
        replacement = { ...(parents[depth] as object), [path[depth] as string]: replacement };
      }
      result = replacement as Record<string, unknown>;
    }
  }
  return result;
}
