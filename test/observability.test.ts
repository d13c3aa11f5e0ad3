import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import {
  CryptoMateNotFoundError,
  CryptoMateServerError,
  createCryptoMateClient,
  type Logger,
  type TracerLike,
} from "../src/index.js";
import { SEED_CLIENT_ID, seedResponse, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const body = { subproduct: "cards_individuals" } as const;
const serve = serverPerTest();

/** A logger that keeps every line it is given, with its level and details. */
function memoryLogger() {
  const lines: { level: string; text: string }[] = [];
  const keep =
    (level: string) =>
    (message: string, ...details: unknown[]) =>
      lines.push({ level, text: `${message} ${JSON.stringify(details)}` });
  const logger: Logger = { debug: keep("debug"), info: keep("info"), warn: keep("warn"), error: keep("error") };
  return { logger, lines };
}

/** Answers 429 (Retry-After 0) first, then the documented success with a trace id. */
async function flakyServer() {
  let calls = 0;
  return serve((_req, res) => {
    calls++;
    if (calls === 1) {
      sendJson(res, 429, { error_code: "TOO_MANY_REQUESTS", message: `echo ${TEST_KEY}` }, { "retry-after": "0" });
    } else sendJson(res, 200, seedResponse, { "x-trace-id": "trace-ok-1" });
  });
}

describe("logs", () => {
  it("shows each attempt at debug, with status, time, attempt and rate-limit wait, and never the key", async () => {
    const server = await flakyServer();
    const { logger, lines } = memoryLogger();
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "debug", logger });
    await client.requestProductEnablement(SEED_CLIENT_ID, body);
    const text = lines.map((line) => line.text).join("\n");
    expect(text).toMatch(
      /attempt 1 of 3\) -> 429 CryptoMateRateLimitError in \d+ ms, \d+ ms of it waiting for a rate-limit slot/,
    );
    expect(text).toMatch(/retrying in 0 ms after 429 CryptoMateRateLimitError/);
    expect(text).toMatch(/attempt 2 of 3\) -> 200 in \d+ ms, \d+ ms of it waiting for a rate-limit slot/);
    expect(lines.filter((line) => line.level === "info")).toHaveLength(1);
    expect(lines.filter((line) => line.level === "warn")).toHaveLength(1);
    expect(text).not.toContain(TEST_KEY);
  });

  it("logs one line per call at info and nothing below warn by default", async () => {
    const server = await serve((_req, res) => sendJson(res, 200, seedResponse));
    const info = memoryLogger();
    const quiet = memoryLogger();
    await createCryptoMateClient({
      apiKey: TEST_KEY,
      baseUrl: server.url,
      logLevel: "info",
      logger: info.logger,
    }).requestProductEnablement(SEED_CLIENT_ID, body);
    await createCryptoMateClient({
      apiKey: TEST_KEY,
      baseUrl: server.url,
      logger: quiet.logger,
    }).requestProductEnablement(SEED_CLIENT_ID, body);
    expect(info.lines).toHaveLength(1);
    expect(info.lines[0]?.text).toMatch(
      /POST \/management\/clients\/individuals\/\w+\/products -> 200 in \d+ ms after 1 attempt/,
    );
    expect(quiet.lines).toHaveLength(0);
  });

  it("logs a failure of unknown outcome at error, and nothing at all when off", async () => {
    const server = await serve((_req, res) => sendJson(res, 500, { code: "INTERNAL", message: "boom" }));
    const loud = memoryLogger();
    const off = memoryLogger();
    const make = (logLevel: "error" | "off", logger: Logger) =>
      createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel, logger });
    await expect(make("error", loud.logger).requestProductEnablement("x", body)).rejects.toThrow(CryptoMateServerError);
    await expect(make("off", off.logger).requestProductEnablement("x", body)).rejects.toThrow(CryptoMateServerError);
    expect(loud.lines).toHaveLength(1);
    expect(loud.lines[0]?.text).toContain("it may have been processed");
    expect(off.lines).toHaveLength(0);
  });

  it("takes its level from CRYPTOMATE_LOG and refuses a bad logLevel or logger, naming it", () => {
    const before = process.env.CRYPTOMATE_LOG;
    process.env.CRYPTOMATE_LOG = "debug";
    try {
      expect(JSON.stringify(createCryptoMateClient({ apiKey: TEST_KEY }))).toContain('"logLevel":"debug"');
    } finally {
      if (before === undefined) delete process.env.CRYPTOMATE_LOG;
      else process.env.CRYPTOMATE_LOG = before;
    }
    expect(() => createCryptoMateClient({ apiKey: TEST_KEY, logLevel: "verbose" as never })).toThrow(
      /logLevel must be one of off, error, warn, info, debug, got "verbose"/,
    );
    expect(() => createCryptoMateClient({ apiKey: TEST_KEY, logger: { info() {} } as never })).toThrow(
      /logger must have console's debug, info, warn and error; error is missing/,
    );
  });
});

describe(".withResponse()", () => {
  it("gives the data, the response and the X-Trace-Id of a success", async () => {
    const server = await serve((_req, res) => sendJson(res, 201, seedResponse, { "x-trace-id": "trace-201" }));
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url });
    const { data, response, traceId } = await client.requestProductEnablement(SEED_CLIENT_ID, body).withResponse();
    expect(data).toEqual(seedResponse);
    expect(response.status).toBe(201);
    expect(traceId).toBe("trace-201");
    expect(server.requests).toHaveLength(1);
  });

  it("is the same single request whether awaited, .then-ed or read with .withResponse()", async () => {
    const server = await serve((_req, res) => sendJson(res, 200, seedResponse));
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url });
    const call = client.requestProductEnablement(SEED_CLIENT_ID, body);
    const [awaited, viaThen, { data }] = await Promise.all([call, call.then((value) => value), call.withResponse()]);
    expect(awaited).toEqual(seedResponse);
    expect(viaThen).toEqual(seedResponse);
    expect(data).toEqual(seedResponse);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects with the typed error", async () => {
    const server = await serve((_req, res) => sendJson(res, 404, { code: "NOT_FOUND", message: "Resource not found" }));
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url });
    await expect(client.requestProductEnablement("ghost", body).withResponse()).rejects.toBeInstanceOf(
      CryptoMateNotFoundError,
    );
  });
});

describe("per-call headers", () => {
  it("sends them over the client's headers, and refuses x-api-key", async () => {
    const server = await serve((_req, res) => sendJson(res, 200, seedResponse));
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, headers: { "x-app": "a" } });
    await client.requestProductEnablement(SEED_CLIENT_ID, body, { headers: { Prefer: "example=inKyc", "x-app": "b" } });
    expect(server.requests[0]?.headers.prefer).toBe("example=inKyc");
    expect(server.requests[0]?.headers["x-app"]).toBe("b");
    await expect(
      client.requestProductEnablement(SEED_CLIENT_ID, body, { headers: { "X-API-KEY": "other" } }),
    ).rejects.toThrow(/headers\["X-API-KEY"\]:? must not be set: pass apiKey instead/);
    expect(server.requests).toHaveLength(1);
  });
});

describe("tracing", () => {
  function tracing() {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer: TracerLike = provider.getTracer("test");
    return { exporter, tracer };
  }

  it("makes one client span per call with HTTP attributes, the retry count and the rate-limit wait", async () => {
    const server = await flakyServer();
    const { exporter, tracer } = tracing();
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, tracer });
    await client.requestProductEnablement(SEED_CLIENT_ID, body);
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span?.name).toBe("requestProductEnablement");
    expect(span?.kind).toBe(2);
    expect(span?.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.response.status_code": 200,
      "url.full": `${server.url}/management/clients/individuals/${SEED_CLIENT_ID}/products`,
      "server.address": "127.0.0.1",
      "http.request.resend_count": 1,
      "cryptomate.rate_limit.wait_ms": expect.any(Number),
    });
    expect(span?.status.code).toBe(0);
    expect(JSON.stringify(span?.attributes)).not.toContain(TEST_KEY);
  });

  it("marks a failed call's span as an error with the error's class", async () => {
    const server = await serve((_req, res) => sendJson(res, 404, { code: "NOT_FOUND", message: "Resource not found" }));
    const { exporter, tracer } = tracing();
    const client = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, tracer });
    await expect(client.requestProductEnablement("ghost", body)).rejects.toThrow(CryptoMateNotFoundError);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(2);
    expect(span?.attributes["error.type"]).toBe("CryptoMateNotFoundError");
    expect(span?.attributes["http.response.status_code"]).toBe(404);
    expect(span?.events.map((event) => event.name)).toContain("exception");
  });
});
