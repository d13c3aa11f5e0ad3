/**
 * The stateful mock's limits, the same on the mock server and in the MSW handlers: on what one
 * call may send (URL, body, each string of a client), and on what each API key's sandbox and all
 * of them together may keep, counted in bytes. CryptoMate documents no such limits (only 10 MB
 * per image), so these are the mock's own, chosen to keep a shared mock's memory bounded.
 */

/** The longest URL (path and query) a call may have. */
export const MAX_URL = 8192;

/** The largest body of any call but a documentation upload, in bytes. */
export const MAX_BODY = 1_048_576;

/**
 * The largest documentation body in the stateful mode: two images of 10 MB, base64-encoded (a
 * third larger), with room to spare.
 */
export const MAX_DOCUMENTATION_BODY = 32 * 1_048_576;

/** The longest string a client may hold in any field, in characters. */
export const MAX_FIELD_CHARS = 1000;

/** How many requests the mock keeps per client; past it, it forgets the client's oldest rejected one. */
export const MAX_REQUESTS_PER_CLIENT = 100;

/** The limits of the sandboxes, each a whole number of at least 1. */
export interface SandboxLimits {
  /** Clients one API key keeps; past it, the key's oldest client is forgotten. @default 10000 */
  clientsPerKey?: number;
  /** Enablement requests one API key keeps; past it, the key's oldest client is forgotten. @default 20000 */
  requestsPerKey?: number;
  /** Bytes one API key keeps; past it, the key's oldest client is forgotten. @default 8000000 */
  bytesPerKey?: number;
  /** Bytes all keys keep together; past it, new data is refused with 507. @default 48000000 */
  totalBytes?: number;
}

export const DEFAULT_LIMITS: Required<SandboxLimits> = {
  clientsPerKey: 10_000,
  requestsPerKey: 20_000,
  bytesPerKey: 8_000_000,
  totalBytes: 48_000_000,
};

/** What a sandbox costs before it holds anything, in bytes of the budget. */
export const SANDBOX_BYTES = 1000;
/** What a client costs besides its data (the JSON of its fields), in bytes of the budget. */
export const CLIENT_BYTES = 500;
/** What an enablement request costs, in bytes of the budget (its requirements are of fixed size). */
export const REQUEST_BYTES = 2500;

/** The limits with their defaults, each checked: a bad one throws a TypeError naming it. */
export function limitsOf(limits: SandboxLimits = {}): Required<SandboxLimits> {
  const resolved = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(DEFAULT_LIMITS) as (keyof SandboxLimits)[]) {
    const value = limits[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`limits.${name} must be a whole number, at least 1, got ${value}`);
    }
    resolved[name] = value;
  }
  return resolved;
}

/**
 * The limits of a command line's `--limits clients=100,requests=500,bytes=2000000,total=50000000`
 * (any of the four, in any order); throws a TypeError that says what is wrong.
 */
export function parseLimits(text: string): SandboxLimits {
  const names: Record<string, keyof SandboxLimits> = {
    clients: "clientsPerKey",
    requests: "requestsPerKey",
    bytes: "bytesPerKey",
    total: "totalBytes",
  };
  const limits: SandboxLimits = {};
  for (const part of text.split(",")) {
    const [name = "", value = ""] = part.split("=").map((piece) => piece.trim());
    const key = names[name];
    if (!key || !/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
      throw new TypeError(
        `--limits takes clients=N,requests=N,bytes=N,total=N (whole numbers, at least 1), got "${part}"`,
      );
    }
    limits[key] = Number(value);
  }
  return limits;
}

/** The bytes a string takes as UTF-8, counted without encoding it. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
