/**
 * Documents from bytes: completeProductDocumentation takes an image's bytes as well as a data
 * URI, encodes them with the type read from their first bytes, and refuses before sending what
 * the API would refuse. No log line, error or span carries image data.
 */
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import {
  type CryptoMateClientOptions,
  CryptoMateInputError,
  createCryptoMateClient,
  type Logger,
  type TracerLike,
} from "../src/index.js";
import { PRODUCT_REQUEST_ID } from "./helpers/flow.js";
import { dataUri, gif, jpeg, png } from "./helpers/images.js";
import { passport as mockPassport, setup } from "./helpers/mock-state.js";
import { rejection, SEED_CLIENT_ID, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const serve = serverPerTest();
const accepted = {
  product: {
    id: PRODUCT_REQUEST_ID,
    client_id: SEED_CLIENT_ID,
    product: "cards_individuals",
    status: "pending_documentation",
    missing_requirements: { documents: [], data: [] },
    created_at: "2026-04-15T10:30:00",
    updated_at: "2026-04-16T09:12:00",
  },
  rejected_items: [],
};

async function documentServer() {
  return serve((_req, res) => sendJson(res, 200, accepted));
}

const clientFor = (url: string, options: Partial<CryptoMateClientOptions> = {}) =>
  createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: url, logLevel: "off", ...options });

type Upload = Parameters<ReturnType<typeof createCryptoMateClient>["completeProductDocumentation"]>[2];
const passport = (image_front: unknown, extra: Record<string, unknown> = {}): Upload =>
  ({ document: { document_type: "passport", image_front, metadata: { number: "AB1234567" }, ...extra } }) as Upload;

/** A logger that keeps every line, whatever its level. */
function lineLogger(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
  };
  return { lines, logger: { debug: keep, info: keep, warn: keep, error: keep } };
}

const sentDocument = (body: string) => (JSON.parse(body) as { document: Record<string, unknown> }).document;

describe("completeProductDocumentation with an image's bytes", () => {
  const jpg = jpeg();
  const cases: [string, () => unknown, string, Buffer][] = [
    ["a Buffer (JPEG)", () => jpg, "image/jpeg", jpg],
    ["a Uint8Array (PNG)", () => new Uint8Array(png()), "image/png", png()],
    [
      "an ArrayBuffer (JPEG)",
      () => jpg.buffer.slice(jpg.byteOffset, jpg.byteOffset + jpg.byteLength),
      "image/jpeg",
      jpg,
    ],
    ["a Blob (PNG)", () => new Blob([new Uint8Array(png())]), "image/png", png()],
  ];
  for (const [name, make, type, bytes] of cases) {
    it(`sends ${name} as a data: URI of its type`, async () => {
      const server = await documentServer();
      await clientFor(server.url).completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, passport(make()));
      expect(server.requests).toHaveLength(1);
      const sent = sentDocument(server.requests[0]?.body ?? "");
      expect(sent.image_front).toBe(dataUri(type as "image/jpeg", bytes));
      expect(sent.metadata).toEqual({ number: "AB1234567" });
    });
  }

  it("encodes a back image too, and leaves the caller's object as it was", async () => {
    const server = await documentServer();
    const body = passport(jpg, { document_type: "national_id", image_back: png() });
    await clientFor(server.url).completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, body);
    const sent = sentDocument(server.requests[0]?.body ?? "");
    expect(sent.image_back).toBe(dataUri("image/png", png()));
    expect(body.document.image_front).toBe(jpg);
  });

  it("sends a data: URI as it is, the documented example included", async () => {
    const server = await documentServer();
    const example = "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ...";
    await clientFor(server.url).completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, passport(example));
    expect(sentDocument(server.requests[0]?.body ?? "").image_front).toBe(example);
  });
});

describe("uploads refused before sending", () => {
  // 10 MB read the safe way: 10,000,000 bytes, not 10 MiB.
  const oversized = Buffer.concat([jpeg(), Buffer.alloc(10_000_001 - jpeg().length)]);
  const refused: [string, Upload, string, RegExp][] = [
    ["a GIF", passport(gif()), "document.image_front", /JPEG or PNG.*GIF/],
    ["a GIF as a data: URI", passport(dataUri("image/gif", gif())), "document.image_front", /JPEG or PNG/],
    [
      "a PNG declared as a JPEG that is a GIF",
      passport(`data:image/png;base64,${gif().toString("base64")}`),
      "document.image_front",
      /GIF/,
    ],
    [
      "an image of 10,000,001 bytes",
      passport(oversized),
      "document.image_front",
      /is 10000001 bytes; .* at most 10000000 bytes \(10 MB\)/,
    ],
    [
      "a Blob of 10,000,001 bytes",
      passport(new Blob([new Uint8Array(oversized)])),
      "document.image_front",
      /10000001 bytes/,
    ],
    [
      "a data: URI of 10,000,001 bytes, wrapped in lines",
      passport(`data:image/jpeg;base64,${oversized.toString("base64").replace(/.{76}/g, "$&\r\n")}`),
      "document.image_front",
      /10000001 bytes/,
    ],
    [
      "a back image of 10 MiB as bare base64",
      passport(jpeg(), {
        image_back: Buffer.concat([jpeg(), Buffer.alloc(10 * 1024 * 1024 - jpeg().length)]).toString("base64"),
      }),
      "document.image_back",
      /10485760 bytes/,
    ],
    [
      "a back image that is a PDF",
      passport(jpeg(), { image_back: Buffer.from("%PDF-1.7\n") }),
      "document.image_back",
      /PDF/,
    ],
    ["an empty image", passport(new Uint8Array()), "document.image_front", /empty/],
    ["a number as the image", passport(42), "document.image_front", /bytes/],
    [
      "a document type with a space",
      passport(jpeg(), { document_type: "pass port" }),
      "document.document_type",
      /identifier/,
    ],
    [
      "a metadata key with a dash",
      passport(jpeg(), { metadata: { "doc-number": "1" } }),
      "document.metadata",
      /identifier.*doc-number/,
    ],
  ];
  for (const [name, body, field, message] of refused) {
    it(`refuses ${name}, naming ${field}, and sends nothing`, async () => {
      const server = await documentServer();
      const error = await rejection(
        clientFor(server.url).completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, body),
      );
      expect(error).toBeInstanceOf(CryptoMateInputError);
      expect((error as CryptoMateInputError).field).toBe(field);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message.length).toBeLessThan(300);
      expect(server.requests).toHaveLength(0);
    });
  }
});

describe("data: URIs as written by other tools", () => {
  const jpg = jpeg();
  const accepted: [string, string][] = [
    [
      "base64 wrapped at 76 characters with CRLF",
      `data:image/jpeg;base64,${jpg.toString("base64").replace(/.{76}/g, "$&\r\n")}`,
    ],
    ["an upper-case scheme and type", `DATA:IMAGE/JPEG;base64,${jpg.toString("base64")}`],
    ["a name parameter", `data:image/jpeg;name=passport.jpg;base64,${jpg.toString("base64")}`],
  ];
  for (const [name, uri] of accepted) {
    it(`accepts ${name}`, async () => {
      const server = await documentServer();
      await clientFor(server.url).completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, passport(uri));
      expect(server.requests).toHaveLength(1);
    });
  }

  it("counts an image of exactly 10,000,000 bytes wrapped in lines as 10 MB, and sends it", async () => {
    const server = await documentServer();
    const image = Buffer.concat([jpg, Buffer.alloc(10_000_000 - jpg.length)]);
    const uri = `data:image/jpeg;base64,${image.toString("base64").replace(/.{76}/g, "$&\r\n")}`;
    await clientFor(server.url).completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, passport(uri));
    expect(server.requests).toHaveLength(1);
  });
});

describe("10 MB: the same line in the client and the stateful mock", () => {
  const uriOf = (size: number) => dataUri("image/jpeg", Buffer.concat([jpeg(), Buffer.alloc(size - jpeg().length)]));

  it("the mock keeps an image of 10,000,000 bytes and rejects one of 10,000,001, naming the field", () => {
    const { call, pending } = setup();
    const { clientId, requestId } = pending();
    const path = `/${clientId}/products/${requestId}/documentation`;
    const over = call("POST", path, mockPassport({ image_front: uriOf(10_000_001) }));
    expect(over.body).toMatchObject({
      rejected_items: [{ key: "passport", reason: expect.stringMatching(/image_front is 10000001 bytes.*10000000/) }],
    });
    expect(call("POST", path, mockPassport({ image_front: uriOf(10_000_000) })).body).toMatchObject({
      rejected_items: [],
    });
  });
});

describe("image data stays out of logs, errors and spans", () => {
  const image = Buffer.concat([jpeg(), Buffer.alloc(2400, 9)]).toString("base64");
  const wrapped = image.replace(/.{76}/g, "$&\r\n");
  const echoes: [string, string][] = [
    ["a data: URI with quoted and encoded parameters, wrapped", `data:image/jpeg;name="a%20b.jpg";base64,${wrapped}`],
    ["bare base64 wrapped with CRLF", wrapped],
    ["bare base64 wrapped with LF", image.replace(/.{76}/g, "$&\n")],
  ];
  for (const [name, echoed] of echoes) {
    it(`scrubs ${name} from an error's message and body`, async () => {
      const server = await serve((_req, res) =>
        sendJson(res, 400, { code: "APP_ERROR", message: `bad image_front: ${echoed}` }),
      );
      const error = await rejection(
        clientFor(server.url).completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, passport(jpeg())),
      );
      for (const text of [(error as Error).message, JSON.stringify(error)]) {
        expect(text).toContain("[image data]");
        expect(text).not.toContain(image.slice(100, 160));
      }
    });
  }

  it("leaves a long id in a server's message as it is", async () => {
    const id = "A".repeat(250);
    const server = await serve((_req, res) =>
      sendJson(res, 404, { code: "NOT_FOUND", message: `Client ${id} not found` }),
    );
    const error = await rejection(clientFor(server.url).getIndividualClient("c1"));
    expect((error as Error).message).toContain(`Client ${id} not found`);
  });

  it("even when the server echoes the image in its error", async () => {
    const uri = `data:image/jpeg;base64,${Buffer.concat([jpeg(), Buffer.alloc(600, 9)]).toString("base64")}`;
    const server = await serve((_req, res) =>
      sendJson(res, 400, { code: "APP_ERROR", message: `Invalid image_front: ${uri}` }),
    );
    const { lines, logger } = lineLogger();
    const error = await rejection(
      clientFor(server.url, { logLevel: "debug", logger }).completeProductDocumentation(
        SEED_CLIENT_ID,
        PRODUCT_REQUEST_ID,
        passport(uri),
      ),
    );
    expect((error as Error).message).toContain("Invalid image_front: [image data]");
    for (const text of [...lines, String(error), JSON.stringify(error)]) expect(text).not.toContain(uri.slice(23, 100));
  });

  it("with logLevel debug and a tracer, no line or span attribute carries base64 data", async () => {
    const server = await serve((_req, res) => sendJson(res, 400, { code: "APP_ERROR", message: "bad document" }));
    const { lines, logger } = lineLogger();
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const client = clientFor(server.url, {
      logLevel: "debug",
      logger,
      tracer: provider.getTracer("test") as TracerLike,
    });
    const image = Buffer.concat([jpeg(), Buffer.alloc(3000, 7)]);
    const encoded = image.toString("base64");
    const error = await rejection(
      client.completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, passport(image)),
    );
    await rejection(client.completeProductDocumentation(SEED_CLIENT_ID, PRODUCT_REQUEST_ID, passport(gif())));
    expect(sentDocument(server.requests[0]?.body ?? "").image_front).toContain(encoded);
    const spans = JSON.stringify(exporter.getFinishedSpans().map((span) => [span.name, span.attributes, span.events]));
    expect(lines.length).toBeGreaterThan(0);
    expect(exporter.getFinishedSpans().length).toBeGreaterThan(0);
    for (const text of [...lines, spans, String(error), (error as Error).stack ?? "", JSON.stringify(error)]) {
      expect(text).not.toContain(encoded.slice(0, 64));
      expect(text).not.toMatch(/[A-Za-z0-9+]{100,}/);
      expect(text).not.toContain(encoded.slice(-64));
    }
  });
});
