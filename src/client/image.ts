/**
 * What CryptoMate takes as a document image: a JPEG or a PNG of at most 10 MB, sent base64 in a
 * `data:` URI. Shared by the client (which refuses other images before sending) and the mock
 * (which rejects them as the API would).
 */

/**
 * The largest image the API takes: 10 MB, read the safe way, as 10,000,000 bytes (not 10 MiB),
 * counted once decoded.
 */
export const MAX_IMAGE_BYTES = 10_000_000;

export type ImageType = "image/jpeg" | "image/png";

const SIGNATURES: readonly [string, readonly number[]][] = [
  ["JPEG", [0xff, 0xd8, 0xff]],
  ["PNG", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["GIF", [0x47, 0x49, 0x46, 0x38]],
  ["PDF", [0x25, 0x50, 0x44, 0x46]],
  ["BMP", [0x42, 0x4d]],
  ["TIFF", [0x49, 0x49, 0x2a, 0x00]],
  ["TIFF", [0x4d, 0x4d, 0x00, 0x2a]],
];

/** The format of an image from its first bytes: `JPEG`, `PNG`, `GIF`, `PDF`, `WebP`, `HEIC`, or undefined. */
function formatOf(bytes: Uint8Array): string | undefined {
  for (const [name, signature] of SIGNATURES) {
    if (signature.every((byte, index) => bytes[index] === byte)) return name;
  }
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "WebP";
  if (ascii(4, 8) === "ftyp") {
    const brand = ascii(8, 12);
    return /^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(brand) ? "HEIC" : brand === "avif" ? "AVIF" : "ISO media";
  }
  return undefined;
}

/** The media type for a JPEG or a PNG, or undefined for anything else. */
export function imageTypeOf(bytes: Uint8Array): ImageType | undefined {
  const format = formatOf(bytes);
  return format === "JPEG" ? "image/jpeg" : format === "PNG" ? "image/png" : undefined;
}

/** Why bytes are not a document image the API takes, or undefined when they are. */
export function imageProblem(bytes: Uint8Array, size = bytes.byteLength): string | undefined {
  if (size === 0) return "is empty";
  if (!imageTypeOf(bytes)) {
    const format = formatOf(bytes);
    return `must be a JPEG or PNG image, got ${format ? `a ${format} file` : "bytes of no known image format"}`;
  }
  if (size > MAX_IMAGE_BYTES)
    return `is ${size} bytes; the API takes images of at most ${MAX_IMAGE_BYTES} bytes (10 MB)`;
  return undefined;
}

/** The first bytes of base64 text (up to 24): those its leading run of base64 characters spells. */
function leadingBytes(text: string): Uint8Array {
  const run = /^[A-Za-z0-9+/]{0,32}/.exec(text.slice(0, 200).replace(/\s+/g, ""))?.[0] ?? "";
  return Uint8Array.from(atob(run.slice(0, run.length - (run.length % 4))), (char) => char.charCodeAt(0));
}

/** The bytes base64 text decodes to, counted without decoding it (line breaks left out). */
function decodedLength(text: string): number {
  const base64 = /\s/.test(text) ? text.replace(/\s+/g, "") : text;
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/**
 * Why a string is not a document image the API takes, or undefined when it is: a `data:` URI
 * (`data:image/jpeg;base64,...`) or bare base64 whose first bytes are a JPEG or a PNG, at most
 * 10 MB once decoded. The message never quotes the image.
 */
export function encodedImageProblem(value: string): string | undefined {
  let payload = value;
  if (/^data:/i.test(value)) {
    const comma = value.indexOf(",");
    const header = comma < 0 ? value.slice(0, 40) : value.slice(5, comma);
    // A media type, maybe parameters (name=...), then ;base64.
    const match = /^(image\/(?:jpeg|jpg|png))(?:;[^;,]*)*;base64$/i.exec(header);
    if (!match) {
      const declared = header.split(";")[0] || "no media type";
      return comma < 0
        ? "is a data: URI without a comma before its data"
        : `must be a base64 data: URI of a JPEG or PNG image (data:image/jpeg;base64,...), got one declaring ${JSON.stringify(declared.slice(0, 40))}${header.includes(";base64") ? "" : " without ;base64"}`;
    }
    payload = value.slice(comma + 1);
  }
  const head = leadingBytes(payload);
  if (head.length < 3) return "must be base64 image data (a data:image/jpeg;base64,... URI)";
  return imageProblem(head, decodedLength(payload));
}
