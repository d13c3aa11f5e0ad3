/**
 * Fault injection: each case runs against a real local server and checks the exact error class,
 * how many requests the server received, and that the key did not leak. Resends after an
 * unknown outcome are turned off here (`retryAmbiguousFailures: false`), so that each fault is
 * seen alone; test/settle.test.ts covers the default resend and how its 409 is settled.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  CryptoMateAbortError,
  type CryptoMateClientOptions,
  CryptoMateConnectionError,
  CryptoMateError,
  CryptoMateInvalidResponseError,
  CryptoMateRateLimitError,
  CryptoMateRateLimitPausedError,
  CryptoMateRedirectError,
  CryptoMateServerError,
  CryptoMateTimeoutError,
  createCryptoMateClient,
  mayHaveBeenProcessed,
} from "../src/index.js";
import { freePort } from "../src/mock/start.js";
import { type Handler, SEED_CLIENT_ID, seedResponse, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const body = { subproduct: "cards_individuals" } as const;
const serve = serverPerTest();

function clientFor(server: { url: string }, options: Partial<CryptoMateClientOptions> = {}) {
  return createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, retryAmbiguousFailures: false, ...options });
}

async function failure(promise: Promise<unknown>): Promise<CryptoMateError> {
  const outcome = await promise.then(
    () => new Error("expected the call to fail"),
    (error: unknown) => error,
  );
  if (!(outcome instanceof CryptoMateError)) throw outcome;
  const shown = [outcome.message, outcome.stack, JSON.stringify(outcome), inspect(outcome, { depth: 10 })].join("\n");
  expect(shown).not.toContain(TEST_KEY);
  return outcome;
}

/** Answers with the given statuses in turn, then with the seed response. */
function sequence(...steps: Array<(res: Parameters<Handler>[1]) => void>): Handler {
  let index = 0;
  return (_req, res) => {
    const step = steps[index++];
    if (step) step(res);
    else sendJson(res, 200, seedResponse);
  };
}

const tooMany = (retryAfter: string) => (res: Parameters<Handler>[1]) =>
  sendJson(
    res,
    429,
    { error_code: "TOO_MANY_REQUESTS", message: "Rate limit exceeded" },
    { "retry-after": retryAfter },
  );

describe("answers that are not what the spec promises", () => {
  it("HTML 502 from a proxy: a server error, sent once", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><h1>Bad Gateway</h1></html>");
    });
    const error = await failure(clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateServerError);
    expect(error).toMatchObject({ status: 502 });
    expect(server.requests).toHaveLength(1);
  });

  it("empty 200 body: an invalid response, sent once", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end();
    });
    const error = await failure(clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateInvalidResponseError);
    expect(error.message).toMatch(/empty body/);
    expect(server.requests).toHaveLength(1);
  });

  it("empty 500 body: a server error, sent once", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const error = await failure(clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateServerError);
    expect(server.requests).toHaveLength(1);
  });

  it("truncated JSON: an invalid response keeping the SyntaxError, sent once", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id":"2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh","client_id":"4QWq');
    });
    const error = await failure(clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateInvalidResponseError);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(server.requests).toHaveLength(1);
  });

  it("wrong content type: an invalid response naming it, sent once", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(JSON.stringify(seedResponse));
    });
    const error = await failure(clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateInvalidResponseError);
    expect(error.message).toContain("text/plain");
    expect(server.requests).toHaveLength(1);
  });

  it("500 with ambiguous resends off: exactly one POST, because the outcome is unknown", async () => {
    const server = await serve((_req, res) => sendJson(res, 500, { code: "INTERNAL_SERVER_ERROR", message: "boom" }));
    const error = await failure(clientFor(server, { maxRetries: 5 }).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateServerError);
    expect(server.requests).toHaveLength(1);
  });

  it("500 is retried when ambiguous retries are turned on", async () => {
    const server = await serve(
      sequence((res) => sendJson(res, 500, { code: "INTERNAL_SERVER_ERROR", message: "boom" })),
    );
    const client = clientFor(server, { retryAmbiguousFailures: true });
    await expect(client.requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toEqual(seedResponse);
    expect(server.requests).toHaveLength(2);
  });
});

describe("connections", () => {
  it("a connection reset mid-body: a connection error that may have been processed, sent once", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "2000" });
      res.write('{"id":"2VvyMx6rNLRB1W9euCyJGe46qyoiVPzh",');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await failure(clientFor(server, { maxRetries: 3 }).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateConnectionError);
    expect((error as CryptoMateConnectionError).requestSent).toBe(true);
    expect(error.cause).toBeDefined();
    expect(server.requests).toHaveLength(1);
  });

  it("a refused connection is retried, since nothing was sent", async () => {
    const port = await freePort();
    let attempts = 0;
    const client = createCryptoMateClient({
      apiKey: TEST_KEY,
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 2,
      fetch: (input, init) => {
        attempts++;
        return fetch(input, init);
      },
    });
    const error = await failure(client.requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateConnectionError);
    expect((error as CryptoMateConnectionError).requestSent).toBe(false);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(attempts).toBe(3);
  });

  it("a server that never answers: a timeout, sent once", async () => {
    const server = await serve(() => {
      // never answers
    });
    const error = await failure(
      clientFor(server, { timeoutMs: 300, maxRetries: 3 }).requestProductEnablement(SEED_CLIENT_ID, body),
    );
    expect(error).toBeInstanceOf(CryptoMateTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 300 });
    expect(error.message).toContain("timed out after 300 ms while waiting for the response");
    expect(server.requests).toHaveLength(1);
  });

  it("slow headers past the timeout: a timeout, sent once", async () => {
    const server = await serve((_req, res) => {
      setTimeout(() => sendJson(res, 200, seedResponse), 1500);
    });
    const error = await failure(clientFor(server, { timeoutMs: 200 }).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it("slow headers within a per-call timeout succeed", async () => {
    const server = await serve((_req, res) => {
      setTimeout(() => sendJson(res, 200, seedResponse), 300);
    });
    const client = clientFor(server, { timeoutMs: 100 });
    await expect(client.requestProductEnablement(SEED_CLIENT_ID, body, { timeoutMs: 5000 })).resolves.toEqual(
      seedResponse,
    );
  });

  it("a body that stalls after the headers: a timeout while reading", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
      res.write("{");
    });
    const error = await failure(clientFor(server, { timeoutMs: 300 }).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateTimeoutError);
    expect(error.message).toContain("reading the response");
    expect(server.requests).toHaveLength(1);
  });

  it("a caller's abort once sent is reported as an abort that may have been processed, not a timeout", async () => {
    const server = await serve(() => {
      // never answers
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const call = clientFor(server, { timeoutMs: 5000, logLevel: "off" }).requestProductEnablement(
      SEED_CLIENT_ID,
      body,
      {
        signal: controller.signal,
      },
    );
    const error = await call.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateAbortError);
    expect((error as Error).cause).toBeInstanceOf(DOMException);
    expect(((error as Error).cause as DOMException).name).toBe("AbortError");
    expect(error).not.toBeInstanceOf(CryptoMateTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const server = await serve((_req, res) => sendJson(res, 200, seedResponse));
    const call = clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body, { signal: AbortSignal.abort() });
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(0);
  });

  it("a redirect to another origin is refused and the other origin never sees the key", async () => {
    const other = await serve((_req, res) => sendJson(res, 200, seedResponse));
    const server = await serve((_req, res) => {
      res.writeHead(307, { location: `${other.url}/management/clients/individuals/${SEED_CLIENT_ID}/products` });
      res.end();
    });
    const error = await failure(clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateRedirectError);
    expect(error.message).toContain(`another origin, ${other.url}`);
    expect(server.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
  });

  it("a same-origin redirect is refused too, so the POST is not sent twice", async () => {
    const server = await serve((req, res) => {
      if (req.url?.startsWith("/moved")) return sendJson(res, 200, seedResponse);
      res.writeHead(308, { location: "/moved" });
      res.end();
    });
    const error = await failure(clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateRedirectError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("429 handling", () => {
  it("waits Retry-After seconds, then resends the same body", async () => {
    const server = await serve(sequence(tooMany("1")));
    await expect(clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toEqual(seedResponse);
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(second?.body).toBe(first?.body);
    expect(JSON.parse(second?.body ?? "")).toEqual(body);
  });

  it("waits until a Retry-After HTTP date", async () => {
    let first = true;
    const server = await serve((_req, res) => {
      if (!first) return sendJson(res, 200, seedResponse);
      first = false;
      tooMany(new Date(Date.now() + 2000).toUTCString())(res);
    });
    await expect(clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toEqual(seedResponse);
    expect(server.requests).toHaveLength(2);
    const [a, b] = server.requests;
    // An HTTP date has one-second resolution: at least one second must have passed.
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it("throws RateLimitError with retryAfterMs instead of sleeping past the cap", async () => {
    const server = await serve((_req, res) => tooMany("120")(res));
    const error = await failure(clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateRateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, code: "TOO_MANY_REQUESTS" });
    expect(server.requests).toHaveLength(1);
  });

  it("a 429 beyond the cap holds the client's other calls: they fail at once, unsent", async () => {
    let first = true;
    const server = await serve((_req, res) => {
      if (!first) return sendJson(res, 200, seedResponse);
      first = false;
      tooMany("600")(res);
    });
    const client = clientFor(server, { logLevel: "off" });
    await expect(client.requestProductEnablement("a", body)).rejects.toMatchObject({ retryAfterMs: 600_000 });
    const error = await failure(client.requestProductEnablement("b", body));
    expect(error).toBeInstanceOf(CryptoMateRateLimitPausedError);
    expect((error as CryptoMateRateLimitPausedError).retryAfterMs).toBeGreaterThan(590_000);
    expect(mayHaveBeenProcessed(error)).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it("gives up after maxRetries 429s", async () => {
    const server = await serve((_req, res) => tooMany("0")(res));
    const error = await failure(clientFor(server, { maxRetries: 2 }).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateRateLimitError);
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry at all with maxRetries 0", async () => {
    const server = await serve((_req, res) => tooMany("1")(res));
    await expect(
      clientFor(server, { maxRetries: 0 }).requestProductEnablement(SEED_CLIENT_ID, body),
    ).rejects.toBeInstanceOf(CryptoMateRateLimitError);
    expect(server.requests).toHaveLength(1);
  });

  it("an abort during the Retry-After wait stops the call without another request", async () => {
    const server = await serve((_req, res) => tooMany("5")(res));
    const controller = new AbortController();
    const call = clientFor(server).requestProductEnablement(SEED_CLIENT_ID, body, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop now")), 200);
    await expect(call).rejects.toThrow("stop now");
    expect(server.requests).toHaveLength(1);
  });

  it("a 429 storm pauses every concurrent call of the client for Retry-After", async () => {
    let stormUntil = 0;
    const server = await serve((_req, res) => {
      const now = performance.now();
      // Long enough to answer every first attempt with a 429, even on a loaded machine.
      if (stormUntil === 0) stormUntil = now + 300;
      if (now < stormUntil) return tooMany("1")(res);
      sendJson(res, 200, seedResponse);
    });
    const client = clientFor(server, { logLevel: "off" });
    const ids = Array.from({ length: 10 }, (_, index) => `client-${index}`);
    const results = await Promise.all(ids.map((id) => client.requestProductEnablement(id, body)));
    expect(results).toHaveLength(10);
    const first429 = server.requests[0]?.at ?? 0;
    const stormed = server.requests.filter((request) => request.at < first429 + 300).length;
    // Every request after the storm waited out the second it asked for.
    const early = server.requests.filter((request) => request.at >= first429 + 300 && request.at < first429 + 990);
    expect(early).toHaveLength(0);
    expect(server.requests.length).toBe(10 + stormed);
  });
});
