/**
 * The key goes only to the configured origin and never shows in an error, whatever the server
 * echoes back: each case runs against real local servers.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  CryptoMateApiError,
  CryptoMateError,
  CryptoMateInvalidResponseError,
  createCryptoMateClient,
} from "../src/index.js";
import { rejection, SEED_CLIENT_ID, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const serve = serverPerTest();
const body = { subproduct: "cards_individuals" } as const;
const path = "/management/clients/individuals/{clientId}/products" as const;
const params = { path: { clientId: SEED_CLIENT_ID } };

/** Every printable form of an error. */
const shown = (error: unknown) =>
  [String(error), (error as Error).stack, JSON.stringify(error), inspect(error, { depth: 10 })].join("\n");

describe("client.raw keeps the key to its origin", () => {
  it("does not follow a redirect to another origin, so the other server never sees the key", async () => {
    const other = await serve((_req, res) => sendJson(res, 200, { stolen: true }));
    const api = await serve((_req, res) => {
      res.writeHead(307, { location: `${other.url.replace("127.0.0.1", "localhost")}/steal` });
      res.end();
    });
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: api.url, rateLimit: false });
    const { response } = await client.raw.POST(path, { params, body });
    expect(response.status).toBe(307);
    expect(other.requests).toHaveLength(0);
    expect(api.requests[0]?.headers["x-api-key"]).toBe(TEST_KEY);
  });

  it("does not follow a same-origin redirect either: a POST is never sent twice", async () => {
    const api = await serve((req, res) => {
      if (req.url?.startsWith("/moved")) return sendJson(res, 200, { moved: true });
      res.writeHead(308, { location: "/moved" });
      res.end();
    });
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: api.url, rateLimit: false });
    const { response } = await client.raw.POST(path, { params, body });
    expect(response.status).toBe(308);
    expect(api.requests).toHaveLength(1);
  });

  it("refuses a per-request baseUrl on another origin before anything is sent", async () => {
    const other = await serve((_req, res) => sendJson(res, 200, {}));
    const api = await serve((_req, res) => sendJson(res, 200, {}));
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: api.url, rateLimit: false });
    const error = await rejection(client.raw.POST(path, { params, body, baseUrl: other.url }));
    expect(error).toBeInstanceOf(CryptoMateError);
    expect(String(error)).toContain(new URL(other.url).origin);
    expect(shown(error)).not.toContain(TEST_KEY);
    expect(other.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
  });

  it("still sends the key to its own origin with a per-request baseUrl there", async () => {
    const api = await serve((_req, res) => sendJson(res, 200, { ok: true }));
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: api.url, rateLimit: false });
    const { data } = await client.raw.POST(path, { params, body, baseUrl: `${api.url}/` });
    expect(data).toEqual({ ok: true });
    expect(api.requests[0]?.headers["x-api-key"]).toBe(TEST_KEY);
  });
});

describe("no error carries the key a server echoes back", () => {
  /** A server (or proxy) that echoes the request's headers in its answer's headers and body. */
  const echoing = (status: number, contentType: string) =>
    serve((req, res) => {
      const key = String(req.headers["x-api-key"]);
      const text = contentType.includes("json") ? `{"seen":"${key}` : `<p>you sent ${key}</p>`;
      res.writeHead(status, `Echo ${key}`, {
        "content-type": contentType,
        "x-echo-api-key": key,
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
    });

  it("a 200 whose body cannot be read: body, cause and message are redacted", async () => {
    const server = await echoing(200, "application/json");
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "off" });
    const error = await rejection(client.requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateInvalidResponseError);
    expect((error as CryptoMateInvalidResponseError).body).toContain("[redacted]");
    expect(shown(error)).not.toContain(TEST_KEY);
    expect(shown((error as Error).cause)).not.toContain(TEST_KEY);
  });

  it("a 200 with another content type: the body is redacted", async () => {
    const server = await echoing(200, "text/html");
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "off" });
    const error = await rejection(client.requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateInvalidResponseError);
    expect(shown(error)).not.toContain(TEST_KEY);
  });

  it("a 200 that breaks the spec, with validateResponses: the body is redacted", async () => {
    const server = await serve((req, res) => sendJson(res, 200, { id: 5, echo: req.headers["x-api-key"] }));
    const client = createCryptoMateClient({
      apiKey: TEST_KEY,
      baseUrl: server.url,
      logLevel: "off",
      validateResponses: true,
    });
    const error = await rejection(client.requestProductEnablement(SEED_CLIENT_ID, body));
    expect((error as Error).name).toBe("CryptoMateValidationError");
    expect(shown(error)).not.toContain(TEST_KEY);
  });

  it("a 502: headers, status text and body are redacted", async () => {
    const server = await echoing(502, "text/html");
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "off" });
    const error = (await rejection(client.requestProductEnablement(SEED_CLIENT_ID, body))) as CryptoMateApiError;
    expect(error).toBeInstanceOf(CryptoMateApiError);
    expect(error.headers.get("x-echo-api-key")).toBe("[redacted]");
    expect(shown(error)).not.toContain(TEST_KEY);
    expect(shown(error.headers)).not.toContain(TEST_KEY);
  });
});

describe("what an API key must look like", () => {
  it.each([
    ["shorter than 8 characters", "abc1234"],
    ["one character", "k"],
  ])("refuses a key %s at construction, without echoing it", (_what, apiKey) => {
    let message = "";
    try {
      createCryptoMateClient({ apiKey, baseUrl: "http://127.0.0.1:9" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/apiKey .*at least 8 characters/);
    expect(message).not.toContain(apiKey);
  });

  it("accepts an 8-character key and redacts it everywhere", async () => {
    const apiKey = "abcd1234";
    const server = await serve((req, res) =>
      sendJson(res, 500, { message: `bad key ${String(req.headers["x-api-key"])}` }),
    );
    const client = createCryptoMateClient({ apiKey, baseUrl: server.url, logLevel: "off" });
    const error = await rejection(client.requestProductEnablement(SEED_CLIENT_ID, body));
    expect(shown(error)).not.toContain(apiKey);
  });
});

describe("echoes the review found", () => {
  it("a redirect whose Location echoes the key: location, message, stack and JSON are redacted", async () => {
    for (const where of ["same origin", "other origin"]) {
      const server = await serve((req, res) => {
        const key = String(req.headers["x-api-key"]);
        const base = where === "same origin" ? "" : "http://localhost:9";
        res.writeHead(302, { location: `${base}/login?api_key=${key}&k=${encodeURIComponent(key)}` });
        res.end();
      });
      const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "off" });
      const error = await rejection(client.requestProductEnablement(SEED_CLIENT_ID, body));
      expect((error as Error).name).toBe("CryptoMateRedirectError");
      expect(shown(error)).not.toContain(TEST_KEY);
      expect(String((error as { location?: string }).location)).toContain("[redacted]");
    }
  });

  it("an error body that uses the key as a property name", async () => {
    const server = await serve((req, res) =>
      sendJson(res, 401, { message: "unknown key", errors: { [String(req.headers["x-api-key"])]: "unknown api key" } }),
    );
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "off" });
    const error = await rejection(client.requestProductEnablement(SEED_CLIENT_ID, body));
    expect(shown(error)).not.toContain(TEST_KEY);
  });

  it("a key with characters JSON or URLs escape, echoed escaped", async () => {
    const apiKey = 'Ab"cd/ef\\gh+12';
    const server = await serve((req, res) => {
      const key = String(req.headers["x-api-key"]);
      sendJson(res, 502, { echo: key, url: `https://x/?k=${encodeURIComponent(key)}` });
    });
    const client = createCryptoMateClient({ apiKey, baseUrl: server.url, logLevel: "off" });
    const error = await rejection(client.requestProductEnablement(SEED_CLIENT_ID, body));
    const text = shown(error);
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(JSON.stringify(apiKey).slice(1, -1));
    expect(text).not.toContain(encodeURIComponent(apiKey));
    expect(JSON.stringify(JSON.parse(JSON.stringify(error)))).not.toContain(JSON.stringify(apiKey).slice(1, -1));
  });
});
