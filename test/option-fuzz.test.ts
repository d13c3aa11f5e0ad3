/**
 * Options that cannot work are refused before anything is sent, naming the option; options that
 * can are never refused. Random header names and values, timeouts and client ids go through the
 * checks, and a real server records what reaches the wire.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CryptoMateError, createCryptoMateClient, mayHaveBeenProcessed } from "../src/index.js";
import { SEED_CLIENT_ID, seedResponse, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const serve = serverPerTest();
const body = { subproduct: "cards_individuals" } as const;

/** Whether this runtime's own fetch sends the header to a server: the oracle for "valid". */
async function fetchSends(url: string, name: string, value: string): Promise<boolean> {
  try {
    await (await fetch(url, { headers: [[name, value]] })).text();
    return true;
  } catch {
    return false;
  }
}

const construct = (options: Record<string, unknown>) => () =>
  createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: "http://127.0.0.1:9", ...options } as never);

describe("header options", () => {
  it.each([
    ["a value with CR/LF", { "X-Trace": "a\r\nX-Injected: 1" }, /headers\["X-Trace"\].*line break/],
    ["a value with a NUL", { "X-Trace": "a\u0000b" }, /headers\["X-Trace"\]/],
    ["a value outside Latin-1", { "X-Note": "€" }, /headers\["X-Note"\]/],
    ["a name with a space", { "X Trace": "1" }, /headers\["X Trace"\].*not a valid header name/],
    ["a name with a colon", { "X-Trace:": "1" }, /headers\["X-Trace:"\].*not a valid header name/],
    ["an empty name", { "": "1" }, /headers\[""\].*not a valid header name/],
  ])("refuses %s at construction", (_what, headers, message) => {
    expect(construct({ headers })).toThrow(message);
  });

  it.each([
    ["expect", "100-continue"],
    ["upgrade", "websocket"],
    ["Transfer-Encoding", "chunked"],
    ["keep-alive", "timeout=5"],
    ["connection", "upgrade"],
    ["Connection", "close"],
    ["content-length", "5"],
    ["Host", "example.com"],
  ])("refuses %s, which fetch sets itself or cannot send, at construction and per call", async (name, value) => {
    expect(construct({ headers: { [name]: value } })).toThrow(new RegExp(`headers\\["${name}"\\]`));
    const server = await serve((_req, res) => sendJson(res, 201, seedResponse));
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "off" });
    const error = await client
      .requestProductEnablement(SEED_CLIENT_ID, body, { headers: { [name]: value } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateError);
    expect(mayHaveBeenProcessed(error)).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a bad per-call header before sending, as not processed", async () => {
    const server = await serve((_req, res) => sendJson(res, 201, seedResponse));
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "off" });
    const error = await client
      .requestProductEnablement(SEED_CLIENT_ID, body, { headers: { "X-Trace": "a\nb" } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateError);
    expect(String(error)).toMatch(/headers\["X-Trace"\]/);
    expect(mayHaveBeenProcessed(error)).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  it("fuzz: nothing invalid reaches the wire, nothing valid is refused", async () => {
    const server = await serve((_req, res) => sendJson(res, 201, seedResponse));
    const oracle = await serve((_req, res) => sendJson(res, 200, {}));
    const client = createCryptoMateClient({
      apiKey: TEST_KEY,
      baseUrl: server.url,
      rateLimit: false,
      maxRetries: 0,
      logLevel: "off",
    });
    const tokenChar = fc.constantFrom(..."abcXYZ09-_.!#$%&'*+^`|~ :\r\n\t()é\u0000".split(""));
    const valueChar = fc.oneof(
      fc.constantFrom(..."ab Z9\t\r\n\u0000\u0001\u007f\u00e9\u00ff\u0100\u20ac\ud83d".split("")),
      fc.string({ maxLength: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: tokenChar, minLength: 0, maxLength: 8 }),
          // Headers whose fate differs between runtimes' fetch are refused everywhere (tested above).
          fc.constantFrom("te", "trailer", "via", "date"),
        ),
        fc.string({ unit: valueChar, maxLength: 8 }),
        async (name, value) => {
          if (name.toLowerCase() === "x-api-key") return;
          const valid = await fetchSends(oracle.url, name, value);
          const before = server.requests.length;
          let refusedAtConstruction = false;
          try {
            createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, headers: { [name]: value } });
          } catch (error) {
            refusedAtConstruction = true;
            expect((error as Error).message).toContain("headers[");
          }
          expect(refusedAtConstruction).toBe(!valid);
          const outcome = await client
            .requestProductEnablement(SEED_CLIENT_ID, body, { headers: { [name]: value } })
            .then(
              () => "sent",
              (error: unknown) => {
                expect(error).toBeInstanceOf(CryptoMateError);
                expect(mayHaveBeenProcessed(error)).toBe(false);
                return "refused";
              },
            );
          expect(outcome).toBe(valid ? "sent" : "refused");
          expect(server.requests.length - before).toBe(valid ? 1 : 0);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("durations", () => {
  it.each([
    ["timeoutMs", 3e9],
    ["timeoutMs", 2 ** 31],
    ["maxRetryAfterMs", 3e9],
  ])("refuses %s = %d, past what a timer can hold", (name, value) => {
    expect(construct({ [name]: value })).toThrow(new RegExp(`${name} must be .*at most 2147483647`));
  });

  it("refuses a per-call timeoutMs past what a timer can hold, before sending", async () => {
    const server = await serve((_req, res) => sendJson(res, 201, seedResponse));
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "off" });
    const error = await client
      .requestProductEnablement(SEED_CLIENT_ID, body, { timeoutMs: 3e9 })
      .catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/timeoutMs must be/);
    expect(server.requests).toHaveLength(0);
  });

  it("fuzz: any timeout is either refused at once or honoured", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: -10, max: 2 ** 32 })), (timeoutMs) => {
        const valid = Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= 2_147_483_647;
        let refused = false;
        try {
          construct({ timeoutMs })();
        } catch (error) {
          refused = true;
          expect((error as Error).message).toMatch(/^timeoutMs /);
        }
        expect(refused).toBe(!valid);
      }),
      { numRuns: 300 },
    );
  });
});
