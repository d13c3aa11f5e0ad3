/** Where requests go: CryptoMate's hosts, and the checks a base URL passes. */
import { describe, isLoopback } from "./option-checks.js";

/** The hosts CryptoMate documents. */
export const ENVIRONMENTS = Object.freeze({
  production: "https://api.cryptomate.me",
  sandbox: "https://api.sandbox.cryptomate.me",
});

export type Environment = keyof typeof ENVIRONMENTS;

/** The base URL requests go to, from `baseUrl` or else `environment`, checked; and its origin. */
export function resolveBaseUrl(baseUrl: unknown, environment: unknown): { baseUrl: string; origin: string } {
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
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    throw new TypeError(
      `baseUrl must use https: for ${url.hostname}: plain http would send the API key unencrypted (http is allowed only for loopback hosts such as 127.0.0.1)`,
    );
  }
  if (url.username || url.password) throw new TypeError("baseUrl must not contain credentials");
  if (url.search || url.hash) throw new TypeError("baseUrl must not contain a query or fragment");
  return { baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, "")}`, origin: url.origin };
}
