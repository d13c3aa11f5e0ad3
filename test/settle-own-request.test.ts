/**
 * A resend's 409 settles the call only with what this call could have done: a request made no
 * earlier than the call began and still pending documentation, or (for submit) a request moved
 * to in_kyc or enabled since the call began. Anything else is the 409. Real local servers.
 */
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import {
  CryptoMateConflictError,
  createCryptoMateClient,
  type Logger,
  mayHaveBeenProcessed,
  type ProductEnablementRequest,
} from "../src/index.js";
import { PRODUCT_REQUEST_ID } from "./helpers/flow.js";
import { rejection, SEED_CLIENT_ID, seedResponse, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const serve = serverPerTest();
const body = { subproduct: "cards_individuals" } as const;
const HOUR = 3_600_000;
const ACTIVE = { code: "VAL", message: "An enablement request is already active for this product" };
const NOT_PENDING = { code: "VAL", message: "The enablement request is not pending documentation" };

/** A timestamp as CryptoMate writes them (no zone), `ago` milliseconds before now. */
const stamp = (ago = 0) => new Date(Date.now() - ago).toISOString().slice(0, 19);

const clientFor = (url: string, logger?: Logger, tracer?: unknown) =>
  createCryptoMateClient({
    apiKey: TEST_KEY,
    baseUrl: url,
    ...(logger ? { logger, logLevel: "info" as const } : { logLevel: "off" as const }),
    ...(tracer ? { tracer: tracer as never } : {}),
  });

/**
 * A server whose first POST gets a proxy's 502 (an HTML page) and every later one `conflict`;
 * the client's products list `listed`.
 */
function proxyThenConflict(listed: () => unknown[], conflict: unknown = ACTIVE) {
  let posts = 0;
  return serve((req, res) => {
    if (req.method === "GET") return sendJson(res, 200, listed());
    if (posts++ === 0) {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      return;
    }
    sendJson(res, 409, conflict, { "x-trace-id": "trace-of-the-409" });
  });
}

const request = (fields: Partial<ProductEnablementRequest>) => ({ ...seedResponse, ...fields });

describe("requestProductEnablement: a resend's 409 settles only with a request this call could have made", () => {
  it("an in_kyc request from 2024 is someone else's: the 409 is thrown, as a definite answer", async () => {
    const old = request({ status: "in_kyc", created_at: "2024-03-01T09:00:00", updated_at: "2024-03-02T09:00:00" });
    const server = await proxyThenConflict(() => [old]);
    const error = await rejection(clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateConflictError);
    // The old request was active before the call began: the 502'd attempt was refused too.
    expect(mayHaveBeenProcessed(error)).toBe(false);
    expect(server.requests.map((sent) => sent.method)).toEqual(["POST", "POST", "GET"]);
  });

  it("a pending request created before the call is someone else's too", async () => {
    const old = request({ created_at: "2024-03-01T09:00:00" });
    const server = await proxyThenConflict(() => [old]);
    const error = await rejection(clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateConflictError);
    expect(mayHaveBeenProcessed(error)).toBe(false);
  });

  it("an in_kyc request created during the call does not settle it, and the outcome stays unknown", async () => {
    const server = await proxyThenConflict(() => [request({ status: "in_kyc", created_at: stamp() })]);
    const error = await rejection(clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateConflictError);
    expect(mayHaveBeenProcessed(error)).toBe(true);
  });

  it("a timestamp with a zone is read as written: one made an hour before the call is someone else's", async () => {
    const zoned = `${new Date(Date.now() - HOUR).toISOString().slice(0, 19)}Z`;
    const server = await proxyThenConflict(() => [request({ created_at: zoned })]);
    const error = await rejection(clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateConflictError);
    expect(mayHaveBeenProcessed(error)).toBe(false);
  });

  it("a zone-less timestamp may be in any zone: an hour behind UTC (UTC-01:00 now) still settles", async () => {
    const made = request({ created_at: stamp(HOUR) });
    const server = await proxyThenConflict(() => [made]);
    await expect(clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toEqual(made);
  });

  it("a zone-less timestamp more than 12 hours before the call (plus the skew allowance) is someone else's", async () => {
    const server = await proxyThenConflict(() => [request({ created_at: stamp(12 * HOUR + 10 * 60_000) })]);
    const error = await rejection(clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateConflictError);
    expect(mayHaveBeenProcessed(error)).toBe(false);
  });

  it("an unreadable created_at settles nothing", async () => {
    const server = await proxyThenConflict(() => [request({ created_at: "15/04/2026 10:30" })]);
    const error = await rejection(clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateConflictError);
    expect(mayHaveBeenProcessed(error)).toBe(true);
  });

  it("a settled call: withResponse gives the list read's response and the 409 it settled; span and log say so", async () => {
    const made = request({ created_at: stamp(), updated_at: stamp() });
    const server = await proxyThenConflict(() => [made]);
    const lines: string[] = [];
    const keep = (text: string) => lines.push(text);
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const client = clientFor(server.url, { debug: keep, info: keep, warn: keep, error: keep }, provider.getTracer("t"));
    const { data, response, traceId, settledAfter } = await client
      .requestProductEnablement(SEED_CLIENT_ID, body)
      .withResponse();
    expect(data).toEqual(made);
    expect(response.status).toBe(200);
    expect(response.url).toMatch(/\/products$/);
    expect(traceId).toBeUndefined();
    expect(settledAfter).toBeInstanceOf(CryptoMateConflictError);
    expect(settledAfter).toMatchObject({ status: 409, traceId: "trace-of-the-409" });

    const span = exporter.getFinishedSpans().find((one) => one.name === "requestProductEnablement");
    expect(span?.attributes).toMatchObject({ "http.response.status_code": 409, "cryptomate.settled": true });
    expect(span?.status.code).toBe(0);
    const call = lines.filter((line) =>
      line.includes(`POST /management/clients/individuals/${SEED_CLIENT_ID}/products`),
    );
    expect(call).toEqual([expect.stringContaining("settled after 409")]);
  });

  it("an unsettled call's withResponse has no settledAfter", async () => {
    const server = await serve((_req, res) => sendJson(res, 201, seedResponse));
    const answer = await clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body).withResponse();
    expect(answer.settledAfter).toBeUndefined();
    expect(answer.response.status).toBe(201);
  });
});

describe("submitProductEnablementRequest: a resend's 409 settles only with a move this submit could have made", () => {
  const submit = (url: string) => clientFor(url).submitProductEnablementRequest(SEED_CLIENT_ID, PRODUCT_REQUEST_ID);

  it("a request rejected during the call is not counted as submitted", async () => {
    const server = await proxyThenConflict(() => [request({ status: "rejected", updated_at: stamp() })], NOT_PENDING);
    const error = await rejection(submit(server.url));
    expect(error).toBeInstanceOf(CryptoMateConflictError);
    expect(mayHaveBeenProcessed(error)).toBe(true);
  });

  it("a request that went to in_kyc before the call began was submitted by someone else", async () => {
    const server = await proxyThenConflict(
      () => [request({ status: "in_kyc", updated_at: "2024-03-02T09:00:00" })],
      NOT_PENDING,
    );
    const error = await rejection(submit(server.url));
    expect(error).toBeInstanceOf(CryptoMateConflictError);
    expect(mayHaveBeenProcessed(error)).toBe(false);
  });

  it("in_kyc or enabled since the call began settles it", async () => {
    for (const status of ["in_kyc", "enabled"] as const) {
      const moved = request({ status, updated_at: stamp() });
      const server = await proxyThenConflict(() => [moved], NOT_PENDING);
      await expect(submit(server.url)).resolves.toEqual({ product: moved, rejected_items: [] });
    }
  });
});
