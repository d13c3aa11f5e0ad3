/**
 * What an error keeps of a server's answer, against real local servers: never image data, on
 * every path that keeps a body (2xx answers that cannot be read included); a body nested
 * thousands of levels deep is kept to a depth and never turns a refusal into a resend; and a
 * body of megabytes is scrubbed whole, whatever its shape.
 */

import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { errorForResponse } from "../src/client/failures.js";
import {
  type CryptoMateApiError,
  CryptoMateBadRequestError,
  type CryptoMateClientOptions,
  CryptoMateConflictError,
  CryptoMateInvalidResponseError,
  CryptoMateRateLimitError,
  CryptoMateValidationError,
  createCryptoMateClient,
  mayHaveBeenProcessed,
} from "../src/index.js";
import { shown } from "./helpers/error-views.js";
import { PRODUCT_REQUEST_ID } from "./helpers/flow.js";
import { jpeg } from "./helpers/images.js";
import { rejection, SEED_CLIENT_ID, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const serve = serverPerTest();
type ErrorClass = abstract new (...args: never[]) => Error;
const clientFor = (url: string, options: Partial<CryptoMateClientOptions> = {}) =>
  createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: url, logLevel: "off", ...options });

const image = Buffer.concat([jpeg(), Buffer.alloc(3000, 7)]).toString("base64");
const uri = `data:image/jpeg;base64,${image}`;
const upload = { document: { document_type: "passport", image_front: uri, metadata: { number: "AB1234567" } } };
/** The document echoed back in the answer, as some servers do. */
const echo = JSON.stringify({ product: { id: PRODUCT_REQUEST_ID, status: "pending_documentation" }, document: upload });

function expectNoImage(error: unknown) {
  const text = shown(error);
  expect(text).toContain("[image data]");
  for (let at = 0; at + 64 <= image.length; at += 500) expect(text).not.toContain(image.slice(at, at + 64));
  expect(text).not.toMatch(/[A-Za-z0-9+/]{200,}/);
}

describe("a 2xx answer that echoes the document and cannot be read", () => {
  const answers: [string, string, string, Partial<CryptoMateClientOptions>, ErrorClass][] = [
    ["truncated JSON", "application/json", echo.slice(0, -40), {}, CryptoMateInvalidResponseError],
    ["text that is not JSON", "application/json", `echo: ${uri}`, {}, CryptoMateInvalidResponseError],
    ["JSON of another content type", "text/plain", echo, {}, CryptoMateInvalidResponseError],
    [
      "JSON that fails validateResponses",
      "application/json",
      JSON.stringify({ document: upload.document }),
      { validateResponses: true },
      CryptoMateValidationError,
    ],
  ];
  for (const [name, type, text, options, kind] of answers) {
    it(`${name}: the error's body, JSON and inspection hold no image data`, async () => {
      const server = await serve((_req, res) => {
        res.writeHead(200, { "content-type": type });
        res.end(text);
      });
      const error = await rejection(
        clientFor(server.url, options).completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, upload),
      );
      expect(error).toBeInstanceOf(kind);
      expect((error as CryptoMateInvalidResponseError).body).toContain("[image data]");
      expectNoImage(error);
      expect(server.requests).toHaveLength(1);
    });
  }

  it("keeps the rest of the body as it was", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(echo.slice(0, -40));
    });
    const error = (await rejection(
      clientFor(server.url).completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, upload),
    )) as CryptoMateInvalidResponseError;
    expect(error.body).toBe(`${echo.slice(0, echo.indexOf("data:"))}[image data]`);
  });
});

/** JSON nested `depth` levels deep in `details`: arrays take 2 bytes a level, 6 KB for 3,000. */
const nested = (depth: number, extra: Record<string, unknown>) =>
  `${JSON.stringify(extra).slice(0, -1)},"details":${"[".repeat(depth)}1${"]".repeat(depth)}}`;

describe("an error body nested thousands of levels deep", () => {
  const refusals: [number, ErrorClass, Record<string, string>][] = [
    [400, CryptoMateBadRequestError, {}],
    [409, CryptoMateConflictError, {}],
    [429, CryptoMateRateLimitError, { "retry-after": "1" }],
  ];
  for (const [status, kind, headers] of refusals) {
    it(`a ${status} stays a ${kind.name}, sent exactly once, with the deep part marked`, async () => {
      const text = nested(3000, { code: "BAD", message: "refused" });
      expect(text.length).toBeLessThan(7000);
      const server = await serve((_req, res) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(text);
      });
      // The enablement request resends after a failure that may have been processed.
      const error = await rejection(
        clientFor(server.url, { maxRetries: 2, maxRetryAfterMs: 0 }).requestProductEnablement(SEED_CLIENT_ID, {
          subproduct: "cards_individuals",
        }),
      );
      expect(error).toBeInstanceOf(kind);
      expect(mayHaveBeenProcessed(error)).toBe(false);
      expect((error as Error).message).toContain("refused");
      expect(server.requests).toHaveLength(1);
      const body = (error as CryptoMateApiError).body as { code: string; details: unknown };
      expect(body.code).toBe("BAD");
      expect(JSON.stringify(body)).toContain("[nested too deep]");
      expect(() => JSON.stringify(error)).not.toThrow();
      expect(() => inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toThrow();
    });
  }

  it("a body nested 200,000 levels deep is kept to its depth too", async () => {
    const server = await serve((_req, res) => sendJsonText(res, 400, nested(200_000, { message: "refused" })));
    const error = await rejection(
      clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, { subproduct: "cards_individuals" }),
    );
    expect(error).toBeInstanceOf(CryptoMateBadRequestError);
    expect(server.requests).toHaveLength(1);
  });

  it("keeps the status's class, without the body, when keeping the body fails", () => {
    const request = new Request("http://127.0.0.1:1/management/clients/individuals/c1/products", { method: "POST" });
    const response = new Response("{}", { status: 400, headers: { "x-trace-id": "t-1" } });
    const redact = (text: string) => {
      if (text.length > 60) throw new RangeError("too long");
      return text;
    };
    const error = errorForResponse({ request, response, payload: { message: "m".repeat(61) }, origin: "x", redact });
    expect(error).toBeInstanceOf(CryptoMateBadRequestError);
    expect(error.body).toBe("[body not kept: RangeError while keeping it]");
    expect(error.traceId).toBe("t-1");
  });
});

function sendJsonText(res: Parameters<Parameters<typeof serve>[0]>[1], status: number, text: string) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(text);
}

describe("error bodies of megabytes", () => {
  const run = (bytes: number) => Buffer.alloc(bytes, 0xfb).toString("base64");
  const shapes: [string, string, (body: string) => void][] = [
    ["one base64 run of 4 MB", run(3_000_000), (body) => expect(body).toBe("[image data]")],
    [
      "4 MB of base64 wrapped in lines",
      run(3_000_000).replace(/.{76}/g, "$&\r\n"),
      (body) => expect(body).toBe("[image data]"),
    ],
    [
      "4 MB of 150-character letter runs between spaces (each too short to be data)",
      `${"A".repeat(150)} `.repeat(26_000),
      (body) => expect(body).toBe(`${"A".repeat(150)} `.repeat(26_000)),
    ],
    [
      "4 MB of data: URIs",
      `data:image/png;base64,${run(150)} `.repeat(18_000),
      (body) => expect(body).toBe("[image data] ".repeat(18_000)),
    ],
  ];
  for (const [name, text, check] of shapes) {
    it(`scrubs ${name} as a whole`, async () => {
      const server = await serve((_req, res) => {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end(text);
      });
      const error = await rejection(clientFor(server.url).getIndividualClient(SEED_CLIENT_ID));
      expect(error).toBeInstanceOf(CryptoMateBadRequestError);
      check((error as CryptoMateApiError).body as string);
    });
  }

  it("scrubs an echo in a 400's JSON message, keeping what surrounds it", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 400, { code: "APP_ERROR", message: `bad image_front: ${uri} (check it)` }),
    );
    const error = await rejection(clientFor(server.url).getIndividualClient(SEED_CLIENT_ID));
    expect((error as Error).message).toContain("bad image_front: [image data] (check it)");
  });
});
