/**
 * What stands for an API key: the fingerprint logs show (8 hex digits of a salted SHA-256, the
 * same in every run and in the browser) and the SHA-256 under it, checked against Node's.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KEY_FINGERPRINT_SALT, keyFingerprint } from "../src/mock/key-fingerprint.js";
import { sha256Hex } from "../src/mock/state/sha256.js";

describe("keyFingerprint", () => {
  it("is 8 hex digits of SHA-256 over the salt and the key: stable, and not the key's plain hash", () => {
    const key = "sk_live_0123456789abcdef";
    const fingerprint = keyFingerprint(key);
    expect(fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprint).toBe(createHash("sha256").update(`${KEY_FINGERPRINT_SALT}${key}`).digest("hex").slice(0, 8));
    expect(fingerprint).not.toBe(createHash("sha256").update(key).digest("hex").slice(0, 8));
    expect(keyFingerprint(key)).toBe(fingerprint);
    expect(keyFingerprint(`${key}x`)).not.toBe(fingerprint);
    expect(fingerprint).not.toContain(key.slice(0, 4));
  });

  it("is - for a call without a key", () => {
    expect(keyFingerprint(undefined)).toBe("-");
    expect(keyFingerprint("")).toBe("-");
  });
});

describe("sha256Hex", () => {
  it("gives Node's SHA-256 for every padding length and for text beyond ASCII", () => {
    const texts = ["", "abc", "é漢🙂".repeat(40), "k".repeat(1000)];
    for (let length = 50; length <= 130; length++) texts.push("x".repeat(length));
    for (const text of texts)
      expect(sha256Hex(text), `${text.length}`).toBe(createHash("sha256").update(text).digest("hex"));
  });
});
