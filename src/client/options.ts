/** Option types, defaults, and the one function that resolves and checks them. */
import { type CryptoMateRateLimiter, isRateLimiter, makeRateLimiter } from "../pacing/limiter.js";
import type { RateLimitStore } from "../pacing/shared.js";
import { type Environment, resolveBaseUrl } from "./base-url.js";
import type { Logger, LogLevel } from "./log.js";
import {
  checkBoolean,
  checkDuration,
  checkRetries,
  describe,
  resolveApiKey,
  resolveHeaders,
  resolveLogger,
  resolveLogLevel,
  resolveTracer,
} from "./option-checks.js";
import type { TracerLike } from "./tracing.js";

export { ENVIRONMENTS, type Environment } from "./base-url.js";

/** Client-side pacing of requests. */
export interface RateLimitOptions {
  /**
   * Most requests started in any rolling one-second interval.
   * @default 15 (CryptoMate's documented limit per IP and per company)
   */
  requestsPerSecond: number;
  /**
   * Keeps the count in a store shared by many processes, such as `redisRateLimitStore()` from
   * `cryptomate-product-enablement/redis`. Without it, the count is this client's own.
   */
  store?: RateLimitStore;
}

export interface CryptoMateClientOptions {
  /**
   * Your CryptoMate API key (access level 3 or higher). Sent only in the `x-api-key` header and
   * only to the configured origin.
   * @default process.env.CRYPTOMATE_API_KEY, where the runtime has environment variables
   */
  apiKey?: string;
  /**
   * Which CryptoMate host to call. Ignored when `baseUrl` is given.
   * @default "production"
   */
  environment?: Environment;
  /**
   * Overrides the host, e.g. `"http://127.0.0.1:4010"` for the local mock. Must be `https:`,
   * except for loopback hosts and with `allowInsecureHttp`.
   * @example "https://api.sandbox.cryptomate.me"
   */
  baseUrl?: string;
  /**
   * Allows a plain `http:` `baseUrl` on a host other than loopback, such as a mock in a container
   * (`http://cryptomate-mock:4010`). The API key then travels in clear: anyone on the network
   * path can read it. Never for a real key. Given, it decides; left out,
   * `CRYPTOMATE_ALLOW_INSECURE_HTTP=1` allows it (`0` or unset refuses; other values are an error).
   * @default false
   */
  allowInsecureHttp?: boolean;
  /** A fetch implementation to use instead of `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /**
   * Extra headers sent with every request. `x-api-key` cannot be set here.
   * @example { "User-Agent": "acme-onboarding/1.2" }
   */
  headers?: Record<string, string>;
  /**
   * Time allowed for one attempt, from the moment it is queued until its body is read, in
   * milliseconds. Overridable per call.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * How many times a call may be retried. Only failures known not to have been processed are
   * retried (429, and connections refused before sending), and those whose outcome is unknown
   * where `retryAmbiguousFailures` allows.
   * `0` disables retries.
   * @default 2
   */
  maxRetries?: number;
  /**
   * Longest `Retry-After` the client will sleep through, in milliseconds. A 429 asking for
   * longer is thrown at once as a `CryptoMateRateLimitError` carrying `retryAfterMs`.
   * @default 60000
   */
  maxRetryAfterMs?: number;
  /**
   * Whether to retry failures whose outcome is unknown: 5xx answers, timeouts and connections
   * dropped after the request was sent. Left out, each operation does what the spec declares
   * safe (`x-cryptomate-retry`): reads, full updates, and the enablement request and submit
   * calls, whose `409` on a resend is settled by reading the client's products; never
   * `createIndividualClient`. `true` resends every operation, which can create a client twice;
   * `false` resends none.
   * @default undefined (per operation, from the spec)
   */
  retryAmbiguousFailures?: boolean;
  /**
   * Client-side pacing, so that bursts wait in a queue instead of triggering CryptoMate's
   * penalty blocks. Pass a limiter from `createRateLimiter()` to share one limit between
   * clients and the app's other CryptoMate calls, or `{ requestsPerSecond, store }` to share it
   * between processes. `false` turns it off.
   * @default { requestsPerSecond: 15 }
   */
  rateLimit?: RateLimitOptions | CryptoMateRateLimiter | false;
  /**
   * Check every 2xx body against the spec and throw `CryptoMateValidationError` when it breaks
   * it. Unknown extra fields and unknown status values are accepted. The validator is loaded
   * only when this is on.
   * @default false
   */
  validateResponses?: boolean;
  /**
   * What the client logs: `"debug"` shows each attempt (status, time, attempt number, rate-limit
   * wait, retry waits), `"info"` one line per call, `"warn"` 429s and an unreachable shared
   * limiter, `"error"` calls that failed with an unknown outcome. The API key never appears.
   * @default process.env.CRYPTOMATE_LOG, else "warn"
   */
  logLevel?: LogLevel;
  /**
   * Where logs go: any object with console's `debug`, `info`, `warn` and `error`.
   * @default console
   */
  logger?: Logger;
  /**
   * An OpenTelemetry `Tracer` (`trace.getTracer("my-app")`): each call becomes one client span
   * with HTTP semantic-convention attributes, the retry count and the rate-limit wait.
   * `@opentelemetry/api` is an optional peer; without a tracer nothing is traced.
   */
  tracer?: TracerLike;
}

/** Options for one call. */
export interface RequestOptions {
  /** Cancels the call, including a wait in the rate-limit queue or between attempts. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /**
   * Extra headers for this call, over the client's `headers` (for example the mock's
   * `Prefer: example=inKyc`). `x-api-key` cannot be set here.
   */
  headers?: Record<string, string>;
}

/** Options after defaults and checks. The API key is kept apart from them. */
export interface ResolvedOptions {
  readonly baseUrl: string;
  readonly origin: string;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxRetryAfterMs: number;
  readonly retryAmbiguousFailures: boolean | undefined;
  readonly rateLimit: CryptoMateRateLimiter | false;
  readonly validateResponses: boolean;
  readonly logLevel: LogLevel;
  readonly logger: Logger;
  readonly tracer: TracerLike | undefined;
}

export const DEFAULTS = Object.freeze({
  environment: "production" as Environment,
  timeoutMs: 30_000,
  maxRetries: 2,
  maxRetryAfterMs: 60_000,
  retryAmbiguousFailures: undefined as boolean | undefined,
  rateLimit: Object.freeze({ requestsPerSecond: 15 }),
  validateResponses: false,
});

// Options with a default, and the others.
const KNOWN_OPTIONS = new Set([
  ...Object.keys(DEFAULTS),
  "apiKey",
  "allowInsecureHttp",
  "baseUrl",
  "fetch",
  "headers",
  "logLevel",
  "logger",
  "tracer",
]);

function resolveRateLimit(value: unknown): CryptoMateRateLimiter | false {
  if (value === undefined) return makeRateLimiter(DEFAULTS.rateLimit, "rateLimit");
  if (value === false) return false;
  if (isRateLimiter(value)) return value;
  if (!value || typeof value !== "object") {
    throw new TypeError(`rateLimit must be { requestsPerSecond }, a limiter or false, got ${describe(value)}`);
  }
  const { requestsPerSecond, store } = value as RateLimitOptions;
  if (requestsPerSecond === undefined) throw new TypeError("rateLimit.requestsPerSecond is required");
  return makeRateLimiter({ requestsPerSecond, store }, "rateLimit");
}

/** Checks every option once and fills in the defaults. Throws naming the option at fault. */
export function resolveOptions(options: CryptoMateClientOptions = {}): { apiKey: string; resolved: ResolvedOptions } {
  if (!options || typeof options !== "object") throw new TypeError("options must be an object");
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) throw new TypeError(`Unknown option ${JSON.stringify(name)}`);
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new TypeError("fetch must be a function");
  }
  const apiKey = resolveApiKey(options.apiKey);
  const resolved: ResolvedOptions = Object.freeze({
    ...resolveBaseUrl(options.baseUrl, options.environment ?? DEFAULTS.environment, options.allowInsecureHttp),
    fetch: options.fetch,
    headers: Object.freeze(resolveHeaders(options.headers)),
    timeoutMs: checkDuration("timeoutMs", options.timeoutMs ?? DEFAULTS.timeoutMs),
    maxRetries: checkRetries("maxRetries", options.maxRetries ?? DEFAULTS.maxRetries),
    maxRetryAfterMs: checkDuration("maxRetryAfterMs", options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs, {
      allowZero: true,
    }),
    retryAmbiguousFailures:
      options.retryAmbiguousFailures === undefined
        ? undefined
        : checkBoolean("retryAmbiguousFailures", options.retryAmbiguousFailures),
    rateLimit: resolveRateLimit(options.rateLimit),
    validateResponses: checkBoolean("validateResponses", options.validateResponses ?? DEFAULTS.validateResponses),
    logLevel: resolveLogLevel(options.logLevel),
    logger: resolveLogger(options.logger),
    tracer: resolveTracer(options.tracer),
  });
  return { apiKey, resolved };
}
