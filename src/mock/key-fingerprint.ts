/** A short, non-reversible name for an API key, for logs: the key itself is never written. */
import { createHash } from "node:crypto";

/** The first 8 hex digits of the key's SHA-256; "-" when there is no key. */
export function keyFingerprint(key: string | undefined): string {
  if (key === undefined || key === "") return "-";
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}
