import createClient from "openapi-fetch";
import { describe, expect, inject, it } from "vitest";
import type { components, paths } from "../generated/schema.js";
import { DOCUMENTATION, PERSON, PRODUCT_REQUEST_ID } from "./helpers/flow.js";
import { SEED_CLIENT_ID, TEST_KEY } from "./helpers/server.js";
import { operations, requestExamples, responseExamples } from "./helpers/spec.js";

// Every operation of the enablement flow against the real Prism of the spec (behind the mock's
// front, which adds a trace id to each answer), called through openapi-fetch with the types
// generated from the spec. `Prefer: code=..., example=...` picks each documented answer.

type Schemas = components["schemas"];

const baseUrl = inject("prismUrl");
const api = createClient<paths>({ baseUrl });
const clientId = SEED_CLIENT_ID;
const productRequestId = PRODUCT_REQUEST_ID;
const client = PERSON;
const documentation = DOCUMENTATION;

interface Answer {
  response: Response;
  /** The parsed JSON body, success or error. */
  body: unknown;
}

interface CallOptions {
  prefer?: string;
  /** A body other than the valid default (for operations that take one). */
  body?: unknown;
}

function headers(prefer?: string) {
  return { "x-api-key": TEST_KEY, ...(prefer ? { Prefer: prefer } : {}) };
}

async function settle(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<Answer> {
  const { data, error, response } = await call;
  return { response, body: data ?? error };
}

const inPath = { path: { clientId } };
const inRequestPath = { path: { clientId, productRequestId } };

/** One typed call per operation of the spec, by operationId. */
const calls: Record<string, (options?: CallOptions) => Promise<Answer>> = {
  createIndividualClient: ({ prefer, body = client } = {}) =>
    settle(
      api.POST("/management/clients/individuals", {
        body: body as Schemas["IndividualClientInput"],
        headers: headers(prefer),
      }),
    ),
  getIndividualClient: ({ prefer } = {}) =>
    settle(api.GET("/management/clients/individuals/{clientId}", { params: inPath, headers: headers(prefer) })),
  updateIndividualClient: ({ prefer, body = client } = {}) =>
    settle(
      api.PUT("/management/clients/individuals/{clientId}", {
        params: inPath,
        body: body as Schemas["IndividualClientInput"],
        headers: headers(prefer),
      }),
    ),
  listClientProducts: ({ prefer } = {}) =>
    settle(
      api.GET("/management/clients/individuals/{clientId}/products", { params: inPath, headers: headers(prefer) }),
    ),
  requestProductEnablement: ({ prefer, body = { subproduct: "cards_individuals" } } = {}) =>
    settle(
      api.POST("/management/clients/individuals/{clientId}/products", {
        params: inPath,
        body: body as Schemas["ProductEnablementInput"],
        headers: headers(prefer),
      }),
    ),
  completeProductDocumentation: ({ prefer, body = documentation } = {}) =>
    settle(
      api.POST("/management/clients/individuals/{clientId}/products/{productRequestId}/documentation", {
        params: inRequestPath,
        body: body as Schemas["ProductDocumentationInput"],
        headers: headers(prefer),
      }),
    ),
  submitProductEnablementRequest: ({ prefer } = {}) =>
    settle(
      api.POST("/management/clients/individuals/{clientId}/products/{productRequestId}/submit", {
        params: inRequestPath,
        headers: headers(prefer),
      }),
    ),
};

function call(operationId: string, options?: CallOptions): Promise<Answer> {
  const make = calls[operationId];
  if (!make) throw new Error(`no call for ${operationId}`);
  return make(options);
}

/** Prism's own verdict on the exchange: null when neither the request nor the answer breaks the spec. */
const violations = (answer: Answer) => answer.response.headers.get("sl-violations");

/** What Prism found wrong with a refused request, as the mock's front words it. */
const refusal = (answer: Answer) => (answer.body as { message?: string }).message ?? "";

describe("contract of the enablement flow with the Prism mock of the spec", () => {
  it("has a call for every operation of the spec, and an operation for every call", () => {
    expect(Object.keys(calls).sort()).toEqual(operations.map(({ operationId }) => operationId).sort());
  });

  for (const { operationId, operation } of operations) {
    for (const status of Object.keys(operation.responses)) {
      const examples = Object.entries(responseExamples(status, operationId));
      it(`${operationId} documents ${status} with at least one named example`, () => {
        expect(examples.length).toBeGreaterThan(0);
      });
      for (const [name, value] of examples) {
        it(`${operationId} serves ${status} "${name}" as written, with no violation reported`, async () => {
          const answer = await call(operationId, { prefer: `code=${status}, example=${name}` });
          expect(answer.response.status).toBe(Number(status));
          expect(violations(answer)).toBeNull();
          const traceId = answer.response.headers.get("x-trace-id");
          expect(traceId).toMatch(/^[0-9a-f]{32}$/);
          // Errors carry the answer's own trace id in the body too; successes only in the header.
          expect(answer.body).toEqual(Number(status) >= 400 ? { ...(value as object), trace_id: traceId } : value);
          if (status === "429") expect(answer.response.headers.get("retry-after")).toBe("4");
        });
      }
    }

    it(`${operationId} answers a valid request without Prefer with its documented success (201 where listed)`, async () => {
      const statuses = Object.keys(operation.responses);
      const success = statuses.includes("201") ? "201" : (statuses.find((status) => status.startsWith("2")) as string);
      const [first] = Object.values(responseExamples(success, operationId));
      const answer = await call(operationId);
      expect(violations(answer)).toBeNull();
      expect(answer.response.status).toBe(Number(success));
      expect(answer.body).toEqual(first);
    });

    for (const [name, value] of Object.entries(requestExamples(operationId))) {
      it(`${operationId} takes its request example "${name}" without a violation`, async () => {
        const answer = await call(operationId, { body: value });
        expect(violations(answer)).toBeNull();
        expect(answer.response.ok).toBe(true);
      });
    }
  }

  it("answers a second active enablement request with the documented 409 refusal", async () => {
    const answer = await call("requestProductEnablement", { prefer: "code=409" });
    expect(answer.response.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: "VAL",
      message: "An enablement request is already active for this product",
    });
  });

  for (const subproduct of ["cards_individuals", "ramps_cards", "ramps_pix"]) {
    it(`accepts the subproduct ${subproduct}`, async () => {
      const answer = await call("requestProductEnablement", { body: { subproduct } });
      expect(violations(answer)).toBeNull();
      expect(answer.response.status).toBe(201);
    });
  }

  it("refuses a subproduct outside the spec", async () => {
    const answer = await call("requestProductEnablement", { body: { subproduct: "cards_business" } });
    expect(answer.response.status).toBe(400);
    expect(refusal(answer)).toContain("subproduct");
  });

  for (const field of ["first_name", "last_name", "email", "birth_date", "address"]) {
    it(`refuses an update without ${field}: the body replaces the whole client`, async () => {
      const { [field as keyof typeof client]: _left, ...partial } = client;
      const answer = await call("updateIndividualClient", { body: partial });
      expect(answer.response.status).toBe(400);
      expect(refusal(answer)).toContain(field);
    });
  }

  it("refuses an update that sends only the field being added", async () => {
    const answer = await call("updateIndividualClient", { body: { phone_country_code: 54, phone_number: 1168860622 } });
    expect(answer.response.status).toBe(400);
    expect(refusal(answer)).toContain("first_name");
  });

  it("refuses the deprecated API's address fields when creating a client", async () => {
    const address = { ...client.address, street_line_1: "Florida 9860" };
    const answer = await call("createIndividualClient", { body: { ...client, address } });
    expect(answer.response.status).toBe(400);
    expect(refusal(answer)).toContain("street_line_1");
  });

  it("refuses documentation without a document type, and with more than one document", async () => {
    const untyped = await call("completeProductDocumentation", {
      body: { document: { image_front: "data:image/png;base64,iVBORw0KGgo" } },
    });
    expect(untyped.response.status).toBe(400);
    expect(refusal(untyped)).toContain("document_type");
    const two = await call("completeProductDocumentation", {
      body: { ...documentation, documents: [documentation.document] },
    });
    expect(two.response.status).toBe(400);
    expect(refusal(two)).toContain("documents");
  });

  it("submits with no body and no content type", async () => {
    let sent: Request | undefined;
    const watched = createClient<paths>({
      baseUrl,
      fetch: (request) => {
        sent = request.clone();
        return fetch(request);
      },
    });
    const { response } = await watched.POST(
      "/management/clients/individuals/{clientId}/products/{productRequestId}/submit",
      { params: inRequestPath, headers: headers() },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("sl-violations")).toBeNull();
    expect(sent?.headers.get("content-type")).toBeNull();
    expect(await sent?.text()).toBe("");
  });
});
