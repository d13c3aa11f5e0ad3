/** Identifiers and timestamps shaped like CryptoMate's; no Node built-ins. */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A new 32-character alphanumeric id, like `4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG`. */
export function newId(): string {
  // 248 is the largest multiple of 62 under 256: bytes above it are drawn again, so that every
  // character is equally likely.
  let id = "";
  while (id.length < 32) {
    for (const byte of globalThis.crypto.getRandomValues(new Uint8Array(40))) {
      if (byte < 248 && id.length < 32) id += ALPHABET[byte % 62];
    }
  }
  return id;
}

/** `2026-04-15T10:30:00`: the API's format, without a zone. */
export const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

/** A trace id: 32 lowercase hex digits. */
export function newTraceId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
