/** Where requests go: CryptoMate's hosts, and the checks a base URL passes. */
import { checkBoolean, describe, isLoopback, readEnv } from "./option-checks.js";

/** The environment variable that allows plain http to any host, for the client and the CLI. */
export const INSECURE_HTTP_ENV = "CRYPTOMATE_ALLOW_INSECURE_HTTP";

/**
 * Whether plain http may go to a host other than loopback: `allowInsecureHttp` when given (true
 * or false, whatever the environment says), else `CRYPTOMATE_ALLOW_INSECURE_HTTP`: `1` allows,
 * `0` or unset refuses, any other value is an error.
 */
function insecureHttpAllowed(option: unknown): boolean {
  if (option !== undefined) return checkBoolean("allowInsecureHttp", option);
  const value = readEnv(INSECURE_HTTP_ENV);
  if (value !== undefined && value !== "0" && value !== "1") {
    throw new TypeError(`${INSECURE_HTTP_ENV} must be 1 or 0, got ${describe(value)}`);
  }
  return value === "1";
}

/** The hosts CryptoMate documents. */
export const ENVIRONMENTS = Object.freeze({
  production: "https://api.cryptomate.me",
  sandbox: "https://api.sandbox.cryptomate.me",
});

export type Environment = keyof typeof ENVIRONMENTS;

/** The base URL requests go to, from `baseUrl` or else `environment`, checked; and its origin. */
export function resolveBaseUrl(
  baseUrl: unknown,
  environment: unknown,
  allowInsecureHttp: unknown,
): { baseUrl: string; origin: string } {
  // Checked even where https makes it moot, so that a mistyped setting shows at once.
  const insecure = insecureHttpAllowed(allowInsecureHttp);
  let text: string;
  if (baseUrl !== undefined) {
    if (typeof baseUrl !== "string" || baseUrl === "") {
      throw new TypeError(`baseUrl must be a non-empty URL string, got ${describe(baseUrl)}`);
    }
    text = baseUrl;
  } else {
    if (!Object.hasOwn(ENVIRONMENTS, environment as PropertyKey)) {
      throw new RangeError(`environment must be "production" or "sandbox", got ${describe(environment)}`);
    }
    text = ENVIRONMENTS[environment as Environment];
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`baseUrl is not a valid absolute URL: ${describe(text)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`baseUrl must use https:, got ${url.protocol}`);
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname) && !insecure) {
    throw new TypeError(
      `baseUrl must use https: for ${url.hostname}: plain http would send the API key unencrypted (allowed for loopback hosts, or with allowInsecureHttp: true or ${INSECURE_HTTP_ENV}=1)`,
    );
  }
  if (url.username || url.password) throw new TypeError("baseUrl must not contain credentials");
  if (url.search || url.hash) throw new TypeError("baseUrl must not contain a query or fragment");
  return { baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, "")}`, origin: url.origin };
}
