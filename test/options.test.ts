import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCryptoMateClient, ENVIRONMENTS } from "../src/index.js";
import { TEST_KEY } from "./helpers/server.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createCryptoMateClient options", () => {
  it("defaults to production", () => {
    expect(createCryptoMateClient({ apiKey: TEST_KEY }).baseUrl).toBe("https://api.cryptomate.me");
  });

  it("selects the sandbox host", () => {
    expect(createCryptoMateClient({ apiKey: TEST_KEY, environment: "sandbox" }).baseUrl).toBe(ENVIRONMENTS.sandbox);
  });

  it("lets baseUrl win over environment and drops a trailing slash", () => {
    const client = createCryptoMateClient({
      apiKey: TEST_KEY,
      environment: "sandbox",
      baseUrl: "http://127.0.0.1:4010/",
    });
    expect(client.baseUrl).toBe("http://127.0.0.1:4010");
  });

  it("falls back to CRYPTOMATE_API_KEY", () => {
    vi.stubEnv("CRYPTOMATE_API_KEY", TEST_KEY);
    expect(() => createCryptoMateClient()).not.toThrow();
  });

  it("asks for a key when there is none", () => {
    vi.stubEnv("CRYPTOMATE_API_KEY", "");
    expect(() => createCryptoMateClient()).toThrow(/apiKey is required.*CRYPTOMATE_API_KEY/);
  });

  for (const [options, message] of [
    [{ apiKey: "" }, /apiKey is empty/],
    [{ apiKey: 12 }, /apiKey must be a string/],
    [{ apiKey: `${TEST_KEY}\r\nX-Evil: 1` }, /apiKey has characters an HTTP header cannot carry/],
    [{ apiKey: ` ${TEST_KEY}` }, /apiKey has leading or trailing white space/],
    [{ apiKey: TEST_KEY, environment: "staging" }, /environment must be "production" or "sandbox", got "staging"/],
    [{ apiKey: TEST_KEY, baseUrl: "not a url" }, /baseUrl is not a valid absolute URL/],
    [
      { apiKey: TEST_KEY, baseUrl: "http://api.cryptomate.me" },
      /baseUrl must use https: for api\.cryptomate\.me.*unencrypted/,
    ],
    [{ apiKey: TEST_KEY, baseUrl: "ftp://127.0.0.1" }, /baseUrl must use https:/],
    [{ apiKey: TEST_KEY, baseUrl: "https://u:p@api.cryptomate.me" }, /baseUrl must not contain credentials/],
    [{ apiKey: TEST_KEY, timeoutMs: 0 }, /timeoutMs must be a finite number > 0, got 0/],
    [{ apiKey: TEST_KEY, timeoutMs: "5s" }, /timeoutMs must be a number of milliseconds, got "5s"/],
    [{ apiKey: TEST_KEY, maxRetries: -1 }, /maxRetries must be a whole number from 0 to 10, got -1/],
    [{ apiKey: TEST_KEY, rateLimit: { requestsPerSecond: 0 } }, /rateLimit.requestsPerSecond must be a number above 0/],
    [{ apiKey: TEST_KEY, rateLimit: true }, /rateLimit must be \{ requestsPerSecond \}, a limiter or false/],
    [
      { apiKey: TEST_KEY, rateLimit: { requestsPerSecond: 5, store: {} } },
      /rateLimit.store must be a rate-limit store/,
    ],
    [{ apiKey: TEST_KEY, rateLimit: { store: {} } }, /rateLimit.requestsPerSecond is required/],
    [
      { apiKey: TEST_KEY, headers: { "X-API-Key": "other" } },
      /headers\["X-API-Key"\] must not be set: pass apiKey instead/,
    ],
    [{ apiKey: TEST_KEY, fetch: "fetch" }, /fetch must be a function/],
    [{ apiKey: TEST_KEY, timeout: 5 }, /Unknown option "timeout"/],
  ] as const) {
    it(`refuses ${Object.keys(options).at(-1)} = ${JSON.stringify(Object.values(options).at(-1))} naming it`, () => {
      let thrown: unknown;
      try {
        createCryptoMateClient(options as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toContain(TEST_KEY);
    });
  }

  it("accepts plain http for loopback hosts", () => {
    for (const baseUrl of ["http://127.0.0.1:4010", "http://localhost:4010", "http://[::1]:4010", "http://127.1.2.3"]) {
      expect(() => createCryptoMateClient({ apiKey: TEST_KEY, baseUrl })).not.toThrow();
    }
  });

  it("shows no key when the client is logged, inspected or serialized", () => {
    const client = createCryptoMateClient({ apiKey: TEST_KEY, headers: { "X-Team": "onboarding" } });
    const shown = [inspect(client, { depth: 20, showHidden: true }), JSON.stringify(client), String(client)].join("\n");
    expect(shown).not.toContain(TEST_KEY);
    expect(shown).toContain("https://api.cryptomate.me");
  });
});
