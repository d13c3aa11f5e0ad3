/**
 * Every operation of the spec is a typed method of the client, through the one pipeline: against
 * the real Prism of the spec, and against local servers for what the spec says may be resent.
 */
import { describe, expect, inject, it } from "vitest";
import { OPERATIONS } from "../generated/operations.js";
import {
  type CryptoMateApiError,
  CryptoMateConflictError,
  CryptoMateInputError,
  CryptoMateNotFoundError,
  CryptoMateServerError,
  createCryptoMateClient,
  mayHaveBeenProcessed,
} from "../src/index.js";
import { DOCUMENTATION, PERSON, PRODUCT_REQUEST_ID } from "./helpers/flow.js";
import { SEED_CLIENT_ID, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";

const prism = inject("prismUrl");
const serve = serverPerTest();
const requestId = PRODUCT_REQUEST_ID;
const person = PERSON;
const documentation = DOCUMENTATION;

const client = () =>
  createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: prism, validateResponses: true, logLevel: "off" });

describe("a method per operation, against the Prism of the spec", () => {
  it("has exactly the spec's operations as methods", () => {
    const cryptomate = client();
    for (const id of Object.keys(OPERATIONS))
      expect(typeof (cryptomate as unknown as Record<string, unknown>)[id]).toBe("function");
  });

  it("creates, reads and replaces a client", async () => {
    const cryptomate = client();
    const created = await cryptomate.createIndividualClient(person);
    expect(typeof created.id).toBe("string");
    const read = await cryptomate.getIndividualClient(SEED_CLIENT_ID);
    expect(typeof read.first_name).toBe("string");
    const { data, response, traceId } = await cryptomate.updateIndividualClient(SEED_CLIENT_ID, person).withResponse();
    expect(response.status).toBe(200);
    expect(typeof data.id).toBe("string");
    expect(traceId).toBeTruthy();
  });

  it("lists products, requests one, completes its documentation and submits it", async () => {
    const cryptomate = client();
    const list = await cryptomate.listClientProducts(SEED_CLIENT_ID);
    expect(Array.isArray(list)).toBe(true);
    const requested = await cryptomate.requestProductEnablement(SEED_CLIENT_ID, { subproduct: "cards_individuals" });
    expect(requested.status).toBeTruthy();
    const completed = await cryptomate.completeProductDocumentation(SEED_CLIENT_ID, requestId, documentation);
    expect(completed).toBeTypeOf("object");
    const submitted = await cryptomate.submitProductEnablementRequest(SEED_CLIENT_ID, requestId);
    expect(submitted).toBeTypeOf("object");
  });

  it("maps a documented 404 and 409 to their error classes, with per-call headers", async () => {
    const cryptomate = client();
    await expect(
      cryptomate.getIndividualClient(SEED_CLIENT_ID, { headers: { Prefer: "code=404" } }),
    ).rejects.toBeInstanceOf(CryptoMateNotFoundError);
    const conflict = await cryptomate
      .requestProductEnablement(
        SEED_CLIENT_ID,
        { subproduct: "cards_individuals" },
        { headers: { Prefer: "code=409" } },
      )
      .catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(CryptoMateConflictError);
    expect((conflict as CryptoMateApiError).status).toBe(409);
    expect((conflict as CryptoMateApiError).message).toContain("already active");
  });

  it("refuses a bad path parameter or body before sending, naming it", async () => {
    const cryptomate = client();
    const error = await cryptomate.submitProductEnablementRequest(SEED_CLIENT_ID, "..").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CryptoMateInputError);
    expect((error as CryptoMateInputError).field).toBe("productRequestId");
    await expect(cryptomate.createIndividualClient(null as never)).rejects.toBeInstanceOf(CryptoMateInputError);
  });
});

describe("what the spec says may be sent again after an unknown outcome", () => {
  const flaky = () => {
    let calls = 0;
    return serve((_req, res) => {
      calls++;
      if (calls === 1) return sendJson(res, 503, { message: "busy" });
      sendJson(res, 200, []);
    });
  };

  it("a read (resend) is retried after a 5xx", async () => {
    const server = await flaky();
    const cryptomate = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "off" });
    await expect(cryptomate.listClientProducts("c1")).resolves.toEqual([]);
    expect(server.requests.map((request) => request.method)).toEqual(["GET", "GET"]);
  });

  it("creating a client (never) is not retried after a 5xx", async () => {
    const server = await flaky();
    const cryptomate = createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, logLevel: "off" });
    const error = await cryptomate.createIndividualClient(person).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CryptoMateServerError);
    expect(mayHaveBeenProcessed(error)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});
