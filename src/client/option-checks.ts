/** Checks of single option values, each throwing an error that names the option and the value. */
import { MAX_TIMER_MS } from "../pacing/slot.js";
import { LOG_LEVELS, LOGGER_METHODS, type Logger, type LogLevel } from "./log.js";
import type { TracerLike } from "./tracing.js";

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
  if (value > MAX_TIMER_MS) {
    throw new RangeError(
      `${name} must be at most ${MAX_TIMER_MS} ms (about 24.8 days; a longer timer fires at once), got ${value}`,
    );
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

/** The shortest key accepted. Every key is redacted from logs and errors. */
const MIN_KEY_LENGTH = 8;

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
  // Shorter strings are not keys, and could not be told apart from ordinary text when redacted.
  if (key.length < MIN_KEY_LENGTH) {
    throw new TypeError(`apiKey must be at least ${MIN_KEY_LENGTH} characters long; this one has ${key.length}`);
  }
  return key;
}

/**
 * Headers fetch sets itself (the connection, the length, the host) or refuses, depending on the
 * runtime: refused everywhere, so that a call behaves the same on every Node.
 */
const SET_BY_FETCH = new Set([
  "connection",
  "content-length",
  "expect",
  "host",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
]);

/** A header name must be an HTTP token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Why fetch would refuse to send this header, or undefined when it sends it. The rules are
 * fetch's own (test/option-fuzz.test.ts checks them against the runtime's fetch).
 */
function headerProblem(name: string, value: unknown): string | undefined {
  if (!TOKEN.test(name)) return "is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)";
  const lower = name.toLowerCase();
  if (lower === "x-api-key") return "must not be set: pass apiKey instead";
  if (SET_BY_FETCH.has(lower)) return "must not be set: fetch sets it, or cannot send it";
  if (typeof value !== "string") return "must be a string";
  // fetch trims white space (line breaks included) around a value; only what is left is sent.
  const sent = value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
  // A value may hold tabs and Latin-1 text, nothing else.
  if (/[^\t\x20-\x7e\x80-\xff]/.test(sent)) {
    return "has a line break, control character or non-Latin-1 character: a header cannot carry it";
  }
  return undefined;
}

/**
 * Checks a headers option; `fail` builds the error for the first bad header, named like
 * `headers["X-Trace"]`.
 */
export function resolveHeaders(
  value: unknown,
  fail: (field: string, problem: string) => Error = (field, problem) => new TypeError(`${field} ${problem}`),
): Record<string, string> {
  if (value === undefined) return {};
  if (!value || typeof value !== "object" || Array.isArray(value) || value instanceof Headers) {
    throw fail("headers", "must be a plain object of header names to string values");
  }
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    const problem = headerProblem(name, headerValue);
    if (problem) throw fail(`headers[${JSON.stringify(name)}]`, problem);
    headers[name] = headerValue as string;
  }
  return headers;
}

export function resolveLogLevel(value: unknown): LogLevel {
  if (value !== undefined) {
    if (!LOG_LEVELS.includes(value as LogLevel)) {
      throw new RangeError(`logLevel must be one of ${LOG_LEVELS.join(", ")}, got ${describe(value)}`);
    }
    return value as LogLevel;
  }
  // A mistyped environment variable must not stop an app: it falls back to the default.
  const fromEnv = readEnv("CRYPTOMATE_LOG")?.toLowerCase();
  return LOG_LEVELS.includes(fromEnv as LogLevel) ? (fromEnv as LogLevel) : "warn";
}

export function resolveLogger(value: unknown): Logger {
  if (value === undefined) return console;
  const logger = value as Partial<Logger> | null;
  for (const method of LOGGER_METHODS) {
    if (typeof logger?.[method] !== "function") {
      throw new TypeError(`logger must have console's debug, info, warn and error; ${method} is missing`);
    }
  }
  return value as Logger;
}

export function resolveTracer(value: unknown): TracerLike | undefined {
  if (value === undefined) return undefined;
  if (typeof (value as Partial<TracerLike> | null)?.startSpan !== "function") {
    throw new TypeError("tracer must be an OpenTelemetry Tracer, such as trace.getTracer(name)");
  }
  return value as TracerLike;
}
