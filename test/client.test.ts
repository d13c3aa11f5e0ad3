import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  CryptoMateApiError,
  CryptoMateError,
  CryptoMateInputError,
  CryptoMateInvalidResponseError,
  CryptoMateNotFoundError,
  CryptoMateServerError,
  createCryptoMateClient,
} from "../src/index.js";
import { type Handler, SEED_CLIENT_ID, seedResponse, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const body = { subproduct: "cards_individuals" } as const;
const start = serverPerTest();

async function serve(handler: Handler) {
  const server = await start(handler);
  return { server, client: createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, maxRetries: 0 }) };
}

describe("requestProductEnablement against a local server", () => {
  it("POSTs the JSON body with the key to the client's products path", async () => {
    const { server, client } = await serve((_req, res) => sendJson(res, 201, seedResponse));
    await expect(client.requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toEqual(seedResponse);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`/management/clients/individuals/${SEED_CLIENT_ID}/products`);
    expect(request?.headers["x-api-key"]).toBe(TEST_KEY);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual(body);
  });

  it("accepts a success without a content type when the body is JSON", async () => {
    const { client } = await serve((_req, res) => {
      res.writeHead(200);
      res.end(JSON.stringify(seedResponse));
    });
    await expect(client.requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toEqual(seedResponse);
  });

  it("keeps a status the spec does not list yet", async () => {
    const { client } = await serve((_req, res) => sendJson(res, 200, { ...seedResponse, status: "under_review" }));
    await expect(client.requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toMatchObject({
      status: "under_review",
    });
  });

  it("turns an HTML 502 from a proxy into a server error, not a SyntaxError", async () => {
    const { client } = await serve((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
    });
    const error = await client.requestProductEnablement(SEED_CLIENT_ID, body).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateServerError);
    expect(error).toMatchObject({
      status: 502,
      code: undefined,
      body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
    });
    expect((error as Error).message).toBe(
      `502 Bad Gateway: POST /management/clients/individuals/${SEED_CLIENT_ID}/products: non-JSON text/html body`,
    );
  });

  it("reads the trace id from the X-Trace-Id header when the body has none", async () => {
    const { client } = await serve((_req, res) =>
      sendJson(res, 404, { code: "NOT_FOUND", message: "Resource not found" }, { "x-trace-id": "abc123trace" }),
    );
    const error = await client.requestProductEnablement(SEED_CLIENT_ID, body).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateNotFoundError);
    expect(error).toMatchObject({ traceId: "abc123trace", code: "NOT_FOUND" });
    expect((error as Error).message).toContain("Resource not found (trace abc123trace)");
  });

  it("serializes an error with its message and fields for logs", async () => {
    const { client } = await serve((_req, res) =>
      sendJson(res, 404, { code: "NOT_FOUND", message: "Resource not found", trace_id: "t-1" }),
    );
    const error = await client.requestProductEnablement(SEED_CLIENT_ID, body).catch((caught: unknown) => caught);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "CryptoMateNotFoundError",
      message: expect.stringContaining("Resource not found (trace t-1)"),
      status: 404,
      code: "NOT_FOUND",
      traceId: "t-1",
      method: "POST",
    });
  });

  it("prefers the body's trace_id over the header", async () => {
    const { client } = await serve((_req, res) =>
      sendJson(
        res,
        404,
        { code: "NOT_FOUND", message: "gone", trace_id: "from-body" },
        { "x-trace-id": "from-header" },
      ),
    );
    await expect(client.requestProductEnablement(SEED_CLIENT_ID, body)).rejects.toMatchObject({ traceId: "from-body" });
  });

  it("maps an undocumented status to the base API error", async () => {
    const { client } = await serve((_req, res) =>
      sendJson(res, 422, { code: "UNPROCESSABLE", message: "unprocessable" }),
    );
    const error = await client.requestProductEnablement(SEED_CLIENT_ID, body).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateApiError);
    expect((error as CryptoMateApiError).constructor).toBe(CryptoMateApiError);
    expect(error).toMatchObject({ status: 422, code: "UNPROCESSABLE" });
  });

  it("rejects a truncated JSON success as an invalid response that keeps the SyntaxError as cause", async () => {
    const { client } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(seedResponse).slice(0, 80));
    });
    const error = await client.requestProductEnablement(SEED_CLIENT_ID, body).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateInvalidResponseError);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toMatch(/not valid JSON/);
  });

  it("rejects an empty success body", async () => {
    const { client } = await serve((_req, res) => {
      res.writeHead(201, { "content-type": "application/json", "content-length": "0" });
      res.end();
    });
    await expect(client.requestProductEnablement(SEED_CLIENT_ID, body)).rejects.toThrow(/empty body/);
  });

  it("rejects a success with a non-JSON content type", async () => {
    const { client } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>ok</html>");
    });
    const error = await client.requestProductEnablement(SEED_CLIENT_ID, body).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateInvalidResponseError);
    expect((error as Error).message).toContain("text/html");
  });

  it("never puts the key into an error, even when the server echoes it", async () => {
    const { client } = await serve((req, res) =>
      sendJson(res, 401, { code: "UNAUTHORIZED", message: `key ${req.headers["x-api-key"]} lacks level 3` }),
    );
    const error = await client.requestProductEnablement(SEED_CLIENT_ID, body).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateError);
    const everything = [
      String(error),
      (error as Error).stack,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
    ].join("\n");
    expect(everything).not.toContain(TEST_KEY);
    expect((error as Error).message).toContain("[redacted]");
  });
});

describe("client ids", () => {
  const hostile = [
    " padded ",
    "../../admin",
    "a/b",
    "a?b=c",
    "a#frag",
    "%2e%2e",
    "a b",
    "ü✓",
    "a%2Fb",
    "\\..\\x",
    "a\nb",
    ".x",
    "x.",
  ];

  for (const clientId of hostile) {
    it(`keeps ${JSON.stringify(clientId)} inside its path segment`, async () => {
      const { server, client } = await serve((_req, res) => sendJson(res, 200, seedResponse));
      await client.requestProductEnablement(clientId, body);
      const target = server.requests[0]?.url ?? "";
      const match = /^\/management\/clients\/individuals\/([^/?#]+)\/products$/.exec(target);
      expect(match, target).not.toBeNull();
      expect(decodeURIComponent(match?.[1] ?? "")).toBe(clientId);
    });
  }

  for (const [clientId, reason] of [
    ["", /must not be empty/],
    ["   ", /must not be empty/],
    [".", /path step/],
    ["..", /path step/],
    ["a\uD800b", /surrogate/],
    [42, /must be a string, got number/],
    [undefined, /must be a string, got undefined/],
  ] as const) {
    it(`refuses ${JSON.stringify(clientId)} before sending anything`, async () => {
      const { server, client } = await serve((_req, res) => sendJson(res, 200, seedResponse));
      const call = client.requestProductEnablement(clientId as string, body);
      await expect(call).rejects.toBeInstanceOf(CryptoMateInputError);
      await expect(call).rejects.toThrow(reason);
      await expect(call).rejects.toMatchObject({ field: "clientId" });
      expect(server.requests).toHaveLength(0);
    });
  }
});

describe("request bodies", () => {
  for (const [value, reason] of [
    [undefined, /must be an object/],
    [null, /must be an object/],
    [["cards_individuals"], /must be an object/],
    [{ subproduct: 10n }, /cannot be sent as JSON/],
  ] as const) {
    it(`refuses ${String(value)} before sending anything`, async () => {
      const { server, client } = await serve((_req, res) => sendJson(res, 200, seedResponse));
      const call = client.requestProductEnablement(SEED_CLIENT_ID, value as never);
      await expect(call).rejects.toMatchObject({ name: "CryptoMateInputError", field: "body" });
      await expect(call).rejects.toThrow(reason);
      expect(server.requests).toHaveLength(0);
    });
  }

  it("leaves the fields to the API, which names what is wrong", async () => {
    const { server, client } = await serve((_req, res) =>
      sendJson(res, 400, { code: "BAD_REQUEST", message: "subproduct: must be one of [cards_individuals]" }),
    );
    const misspelled = { subprodcut: "cards_individuals" } as never;
    await expect(client.requestProductEnablement(SEED_CLIENT_ID, misspelled)).rejects.toMatchObject({
      name: "CryptoMateBadRequestError",
      status: 400,
    });
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ subprodcut: "cards_individuals" });
  });

  it("sends the body as it was when the call started", async () => {
    const { server, client } = await serve((_req, res) => sendJson(res, 200, seedResponse));
    const mutable: { subproduct: "cards_individuals" } = { subproduct: "cards_individuals" };
    const call = client.requestProductEnablement(SEED_CLIENT_ID, mutable);
    (mutable as { subproduct: string }).subproduct = "changed";
    await call;
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ subproduct: "cards_individuals" });
  });
});
