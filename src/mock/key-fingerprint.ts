/**
 * A short, non-reversible name for an API key, for logs: what the mock prints instead of the key.
 * The first 8 hex digits of SHA-256 over a fixed salt and the key, so that the same key gets the
 * same fingerprint in every run, on the mock server and in the MSW handlers alike (a team finds
 * its own lines by computing its key's fingerprint once). Eight hex digits name a key among a
 * few thousand without collisions in practice, and say nothing usable about the key itself.
 */
import { sha256Hex } from "./state/sha256.js";

/** The salt before the key: a fingerprint is not the plain SHA-256 of the key found elsewhere. */
export const KEY_FINGERPRINT_SALT = "cryptomate-enable-mock:key:";

/** `-` for a call without a key; otherwise 8 lowercase hex digits, such as `3f9a0c1e`. */
export function keyFingerprint(key: string | undefined): string {
  if (key === undefined || key === "") return "-";
  return sha256Hex(`${KEY_FINGERPRINT_SALT}${key}`).slice(0, 8);
}
