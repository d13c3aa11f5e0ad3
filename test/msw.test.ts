import Ajv2020 from "ajv/dist/2020.js";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import catalogue from "../generated/scenarios.json" with { type: "json" };
import { CryptoMateApiError, createCryptoMateClient, ENVIRONMENTS } from "../src/index.js";
import { createMockHandlers, scenarios } from "../src/mock/msw.js";
import { SCENARIOS, startMock } from "../src/mock/start.js";
import { scenarioCall } from "./helpers/scenarios.js";
import { spec } from "./helpers/spec.js";

// Every answer is checked against the spec's own schemas.
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat("int64", true);
ajv.addSchema({ $id: "spec", components: { schemas: spec.components.schemas } });
const checkSuccess = ajv.getSchema("spec#/components/schemas/ProductEnablementRequest");
const checkError = ajv.getSchema("spec#/components/schemas/Error");
const successSchemas: Record<string, string> = {
  createIndividualClient: "IndividualClient",
  getIndividualClient: "IndividualClient",
  updateIndividualClient: "IndividualClient",
  listClientProducts: "ProductEnablementRequestList",
  requestProductEnablement: "ProductEnablementRequest",
  completeProductDocumentation: "ProductEnablementUpdate",
  submitProductEnablementRequest: "ProductEnablementUpdate",
};

const server = setupServer(...createMockHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const body = { subproduct: "cards_individuals" } as const;

async function callRaw(base: string, clientId: string, headers: Record<string, string> = {}, payload: unknown = body) {
  const response = await fetch(`${base}/management/clients/individuals/${clientId}/products`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": "test-key", ...headers },
    body: JSON.stringify(payload),
  });
  return { response, json: await response.json() };
}

function expectSpecValid(status: number, json: unknown) {
  const check = status < 300 ? checkSuccess : checkError;
  expect(check?.(json), JSON.stringify(check?.errors)).toBe(true);
}

describe("MSW handlers", () => {
  it("exports the mock server's scenarios", () => {
    expect(scenarios).toEqual(SCENARIOS);
  });

  for (const entry of catalogue) {
    it(`serve ${entry.operationId} ${entry.clientId ?? entry.email} in process: ${entry.status} "${entry.example}", valid against the spec`, async () => {
      const response = await fetch(...scenarioCall(ENVIRONMENTS.production, entry));
      const json = await response.json();
      expect(response.status).toBe(entry.status);
      const check =
        entry.status < 300
          ? ajv.getSchema(`spec#/components/schemas/${successSchemas[entry.operationId]}`)
          : checkError;
      expect(check?.(json), JSON.stringify(check?.errors)).toBe(true);
      const traceId = response.headers.get("x-trace-id");
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      if (entry.status >= 400) expect(json).toEqual({ ...entry.body, trace_id: traceId });
      else expect(json).toEqual(entry.body);
      for (const [name, value] of Object.entries(entry.headers)) expect(response.headers.get(name)).toBe(value);
    });
  }

  it("answer both CryptoMate hosts by default, through the typed client, with no server", async () => {
    for (const environment of ["production", "sandbox"] as const) {
      const client = createCryptoMateClient({ apiKey: "test-key", environment, maxRetries: 0 });
      const request = await client.requestProductEnablement("any-client", body);
      expect(request.status).toBe("pending_documentation");
      expectSpecValid(200, request);
      const error = await client.requestProductEnablement("test_412_preconditionFailed", body).catch((e) => e);
      expect(error).toBeInstanceOf(CryptoMateApiError);
      expect(error.status).toBe(412);
    }
  });

  it("follow Prefer over the client id, and check the request as the mock server does", async () => {
    const preferred = await callRaw(ENVIRONMENTS.sandbox, "test_404_notFound", { prefer: "code=201, example=enabled" });
    expect(preferred.response.status).toBe(201);
    expect(preferred.json.status).toBe("enabled");
    for (const [payload, message] of [
      [{ subproduct: "cards_business" }, /^subproduct: must be one of/],
      [{ subproduct: "cards_individuals", extra: 1 }, /^extra: is not allowed/],
      [{}, /^subproduct: is required/],
    ] as const) {
      const refused = await callRaw(ENVIRONMENTS.production, "abc", {}, payload);
      expect(refused.response.status).toBe(400);
      expect(refused.json.message).toMatch(message);
      expectSpecValid(400, refused.json);
    }
    for (const subproduct of ["ramps_cards", "ramps_pix"]) {
      const accepted = await callRaw(ENVIRONMENTS.production, "abc", {}, { subproduct });
      expect(accepted.response.status, subproduct).toBeLessThan(300);
    }
    const response = await fetch(`${ENVIRONMENTS.production}/management/clients/individuals/abc/products`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(401);
    expectSpecValid(401, await response.json());
  });

  it("answer a custom base URL only when one is given", async () => {
    server.use(...createMockHandlers({ baseUrl: "https://cryptomate.test/" }));
    const { response } = await callRaw("https://cryptomate.test", "test_200_inKyc");
    expect(response.status).toBe(200);
  });

  it("refuse a reviewMs that is not a whole number of milliseconds, with startMock's TypeError", async () => {
    for (const reviewMs of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY]) {
      const thrown = (() => {
        try {
          createMockHandlers({ stateful: true, reviewMs });
        } catch (error) {
          return error;
        }
      })();
      expect(thrown, String(reviewMs)).toBeInstanceOf(TypeError);
      const refused = await startMock({ stateful: true, reviewMs }).catch((error: unknown) => error);
      expect((thrown as Error).message).toBe((refused as Error).message);
    }
    expect(createMockHandlers({ stateful: true, reviewMs: 0 })).toHaveLength(6);
  });
});
