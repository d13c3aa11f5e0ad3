/** Checks of single option values, each throwing an error that names the option and the value. */

export const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname.endsWith(".localhost");
}

/** An environment variable, where the runtime has them; undefined when unset or empty. */
export function readEnv(name: string): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    return env?.[name] || undefined;
  } catch {
    // Runtimes that guard environment access (Deno without --allow-env) throw here.
    return undefined;
  }
}

export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value == null) return String(value);
  return typeof value;
}

export function checkDuration(name: string, value: unknown, { allowZero = false } = {}): number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${name} must be a number of milliseconds, got ${describe(value)}`);
  }
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(`${name} must be a finite number ${allowZero ? ">= 0" : "> 0"}, got ${describe(value)}`);
  }
  return value;
}

export function checkRetries(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 10) {
    throw new RangeError(`${name} must be a whole number from 0 to 10, got ${describe(value)}`);
  }
  return value;
}

export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new TypeError(`${name} must be true or false, got ${describe(value)}`);
  return value;
}

export function resolveApiKey(value: unknown): string {
  const key = value === undefined ? readEnv("CRYPTOMATE_API_KEY") : value;
  if (key === undefined) {
    throw new TypeError("apiKey is required: pass { apiKey } or set the CRYPTOMATE_API_KEY environment variable");
  }
  if (typeof key !== "string") throw new TypeError(`apiKey must be a string, got ${typeof key}`);
  if (key.trim() === "") throw new TypeError("apiKey is empty");
  // Never echo the key: it must not reach logs through an error message.
  if (key !== key.trim()) throw new TypeError("apiKey has leading or trailing white space");
  if (/[^\x21-\x7e]/.test(key)) {
    throw new TypeError("apiKey has characters an HTTP header cannot carry (spaces, control or non-ASCII characters)");
  }
  return key;
}

export function resolveHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!value || typeof value !== "object" || Array.isArray(value) || value instanceof Headers) {
    throw new TypeError("headers must be a plain object of header names to string values");
  }
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    if (name.toLowerCase() === "x-api-key") throw new TypeError("headers must not set x-api-key: pass apiKey instead");
    if (typeof headerValue !== "string") throw new TypeError(`headers[${JSON.stringify(name)}] must be a string`);
    headers[name] = headerValue;
  }
  return headers;
}
