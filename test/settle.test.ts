/**
 * Resends after an unknown outcome, as each operation's `x-cryptomate-retry` declares, and a
 * resend answered 409 settled by reading the client's products. The servers keep the API's
 * one-active-request rule.
 */
import { describe, expect, it } from "vitest";
import { startPenalizingServer } from "../scripts/lib/penalizing-server.mjs";
import {
  type BatchOutcome,
  type CryptoMateClientOptions,
  CryptoMateConflictError,
  CryptoMateNotFoundError,
  CryptoMateServerError,
  createCryptoMateClient,
  mayHaveBeenProcessed,
} from "../src/index.js";
import { PERSON, PRODUCT_REQUEST_ID } from "./helpers/flow.js";
import {
  closedAfterEach,
  rejection,
  SEED_CLIENT_ID,
  seedResponse,
  sendJson,
  serverPerTest,
  TEST_KEY,
} from "./helpers/server.js";

const penalize = closedAfterEach(startPenalizingServer);
const serve = serverPerTest();
const body = { subproduct: "cards_individuals" } as const;
const boom = { status: 500, body: { code: "INTERNAL", message: "boom" } };

/** A timestamp as CryptoMate writes them (no zone), `ago` milliseconds before now. */
const stamp = (ago = 0) => new Date(Date.now() - ago).toISOString().slice(0, 19);
/** The documented request, made just now. */
const fresh = () => ({ ...seedResponse, created_at: stamp(), updated_at: stamp() });

const clientFor = (url: string, options: Partial<CryptoMateClientOptions> = {}) =>
  createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: url, logLevel: "off", ...options });

describe("requestProductEnablement after an unknown outcome", () => {
  it("resends by default; a 409 on the resend resolves to the request the first attempt made", async () => {
    const server = await penalize({ answer: () => ({ ...boom, created: true }) });
    const { data, response } = await clientFor(server.url).requestProductEnablement("c1", body).withResponse();
    expect(data).toMatchObject({ id: "req_c1", client_id: "c1", product: "cards_individuals" });
    expect(response.status).toBe(200);
    expect(server.stats.byClient.get("c1")).toBe(2);
    expect(server.stats.conflicts).toBe(1);
    expect(server.stats.readsByClient.get("c1")).toBe(1);
    expect(server.stats.createdByClient.get("c1")).toBe(1);
  });

  it("resends by default when the first attempt was not processed, and creates one request", async () => {
    let failures = 1;
    const server = await penalize({ answer: () => (failures-- > 0 ? boom : undefined) });
    await expect(clientFor(server.url).requestProductEnablement("c2", body)).resolves.toMatchObject({ id: "req_c2" });
    expect(server.stats.byClient.get("c2")).toBe(2);
    expect(server.stats.readsByClient.get("c2")).toBeUndefined();
  });

  it("throws CryptoMateConflictError for a 409 on the first attempt, without reading", async () => {
    const server = await penalize();
    const client = clientFor(server.url);
    await client.requestProductEnablement("c3", body);
    const error = await rejection(client.requestProductEnablement("c3", body));
    expect(error).toBeInstanceOf(CryptoMateConflictError);
    expect((error as CryptoMateConflictError).message).toContain("already active");
    expect(server.stats.readsByClient.get("c3")).toBeUndefined();
  });

  it("throws the 409 when the products do not show an active request for the product", async () => {
    let calls = 0;
    const server = await serve((req, res) => {
      if (req.method === "GET") return sendJson(res, 200, [{ ...seedResponse, status: "rejected" }]);
      calls++;
      if (calls === 1) return sendJson(res, 502, { message: "bad gateway" });
      sendJson(res, 409, { code: "VAL", message: "An enablement request is already active for this product" });
    });
    const error = await rejection(clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateConflictError);
    expect(server.requests.map((request) => request.method)).toEqual(["POST", "POST", "GET"]);
  });

  it("a definite answer to the resend still says an earlier attempt may have been processed", async () => {
    let calls = 0;
    const server = await serve((_req, res) =>
      calls++ === 0
        ? sendJson(res, 500, { message: "boom" })
        : sendJson(res, 404, { code: "NOT_FOUND", message: "gone" }),
    );
    const error = await rejection(clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body));
    expect(error).toBeInstanceOf(CryptoMateNotFoundError);
    expect(mayHaveBeenProcessed(error)).toBe(true);
    expect((error as CryptoMateNotFoundError).priorAttemptMayHaveBeenProcessed).toBe(true);
  });

  it("a 409 to the resend whose products cannot be read is thrown with the read's failure, as processed", async () => {
    let posts = 0;
    const server = await serve((req, res) => {
      if (req.method === "GET") return sendJson(res, 500, { message: "list down" });
      sendJson(res, posts++ === 0 ? 500 : 409, {
        code: "VAL",
        message: "An enablement request is already active for this product",
      });
    });
    const error = await rejection(
      clientFor(server.url, { maxRetries: 1 }).requestProductEnablement(SEED_CLIENT_ID, body),
    );
    expect(error).toBeInstanceOf(CryptoMateConflictError);
    expect((error as Error).cause).toBeInstanceOf(CryptoMateServerError);
    expect(mayHaveBeenProcessed(error)).toBe(true);
  });

  it("a caller's abort while the 409 is being settled rejects with the abort, not the 409", async () => {
    let posts = 0;
    const controller = new AbortController();
    const server = await serve((req, res) => {
      if (req.method === "GET") {
        controller.abort(new Error("user left"));
        setTimeout(() => sendJson(res, 200, [seedResponse]), 200);
        return;
      }
      sendJson(res, posts++ === 0 ? 500 : 409, { code: "VAL", message: "already active" });
    });
    const error = await rejection(
      clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body, { signal: controller.signal }),
    );
    expect(error).not.toBeInstanceOf(CryptoMateConflictError);
    expect(mayHaveBeenProcessed(error)).toBe(true);
    expect(String((error as Error).cause ?? error)).toContain("user left");
  });

  it("an abort while waiting out a 429 that followed an ambiguous attempt may have been processed", async () => {
    let posts = 0;
    const controller = new AbortController();
    const server = await serve((_req, res) => {
      if (posts++ === 0) return sendJson(res, 500, { message: "boom" });
      setTimeout(() => controller.abort(new Error("caller gave up")), 100);
      sendJson(res, 429, { message: "slow down" }, { "retry-after": "3" });
    });
    const error = await rejection(
      clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body, { signal: controller.signal }),
    );
    expect(mayHaveBeenProcessed(error)).toBe(true);
    expect((error as Error).cause).toBe(controller.signal.reason);
  });

  it("settles a resend's 409 from a product list that also holds a null item", async () => {
    let posts = 0;
    const made = fresh();
    const server = await serve((req, res) => {
      if (req.method === "GET") return sendJson(res, 200, [null, made]);
      sendJson(res, posts++ === 0 ? 500 : 409, { code: "VAL", message: "already active" });
    });
    await expect(clientFor(server.url).requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toEqual(made);
  });

  it("with retryAmbiguousFailures: false, sends once", async () => {
    const server = await penalize({ answer: () => boom });
    const error = await rejection(
      clientFor(server.url, { retryAmbiguousFailures: false }).requestProductEnablement("c4", body),
    );
    expect(error).toBeInstanceOf(CryptoMateServerError);
    expect(server.stats.byClient.get("c4")).toBe(1);
  });
});

describe("other operations after an unknown outcome", () => {
  it("submit: a 409 on the resend resolves to the request the first attempt moved to in_kyc", async () => {
    let status = "pending_documentation";
    const made = fresh();
    const server = await serve((req, res) => {
      if (req.method === "GET") return sendJson(res, 200, [{ ...made, status }]);
      if (status !== "pending_documentation") {
        return sendJson(res, 409, { code: "VAL", message: "The enablement request is not pending documentation" });
      }
      status = "in_kyc";
      sendJson(res, 503, { message: "busy" });
    });
    const answer = await clientFor(server.url).submitProductEnablementRequest(SEED_CLIENT_ID, PRODUCT_REQUEST_ID);
    expect(answer).toEqual({ product: { ...made, status: "in_kyc" }, rejected_items: [] });
    expect(server.requests.map((request) => `${request.method} ${request.url.split("/").at(-1)}`)).toEqual([
      "POST submit",
      "POST submit",
      "GET products",
    ]);
  });

  it("createIndividualClient is never resent after an unknown outcome", async () => {
    const server = await serve((_req, res) => sendJson(res, 500, { message: "boom" }));
    const error = await rejection(clientFor(server.url, { maxRetries: 5 }).createIndividualClient(PERSON));
    expect(error).toBeInstanceOf(CryptoMateServerError);
    expect(server.requests).toHaveLength(1);
  });

  it("getIndividualClient is resent after a 503", async () => {
    let first = true;
    const server = await serve((_req, res) => {
      if (first) {
        first = false;
        return sendJson(res, 503, { message: "busy" });
      }
      sendJson(res, 200, { id: SEED_CLIENT_ID, type: "individual", status: "active", ...PERSON });
    });
    await expect(clientFor(server.url).getIndividualClient(SEED_CLIENT_ID)).resolves.toMatchObject({
      id: SEED_CLIENT_ID,
    });
    expect(server.requests).toHaveLength(2);
  });
});

describe("requestProductEnablementBatch and the one-active-request rule", () => {
  it("yields a client that already has an active request as alreadyActive, with that request", async () => {
    const server = await penalize();
    const client = clientFor(server.url);
    await client.requestProductEnablement("a1", body);
    const outcomes: BatchOutcome[] = [];
    for await (const outcome of client.requestProductEnablementBatch(["a1", "a2"], body)) outcomes.push(outcome);
    const byId = new Map(outcomes.map((outcome) => [outcome.clientId, outcome]));
    expect(byId.get("a1")).toMatchObject({ ok: true, alreadyActive: true, request: { id: "req_a1" } });
    expect(byId.get("a2")).toMatchObject({ ok: true, request: { id: "req_a2" } });
    expect(byId.get("a2")).not.toHaveProperty("alreadyActive");
    expect(server.stats.createdByClient.get("a1")).toBe(1);
  });

  it("a product list holding a null item neither crashes nor settles the batch", async () => {
    const server = await serve((req, res) =>
      req.method === "GET" ? sendJson(res, 200, [null]) : sendJson(res, 200, { ...seedResponse, id: "fresh" }),
    );
    const outcomes: BatchOutcome[] = [];
    for await (const outcome of clientFor(server.url).requestProductEnablementBatch(["n1"], body, {
      checkFirst: () => true,
    })) {
      outcomes.push(outcome);
    }
    expect(outcomes).toMatchObject([{ clientId: "n1", ok: true, request: { id: "fresh" } }]);
  });

  it("checkFirst reads the products and sends only when none is active", async () => {
    const server = await penalize();
    const client = clientFor(server.url);
    await client.requestProductEnablement("b1", body);
    const outcomes: BatchOutcome[] = [];
    for await (const outcome of client.requestProductEnablementBatch(["b1", "b2"], body, { checkFirst: () => true })) {
      outcomes.push(outcome);
    }
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(server.stats.byClient.get("b1")).toBe(1);
    expect(server.stats.conflicts).toBe(0);
    expect(server.stats.readsByClient.get("b2")).toBe(1);
    expect(server.stats.createdByClient.get("b2")).toBe(1);
  });
});
