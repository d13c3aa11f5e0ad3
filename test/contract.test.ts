import { describe, expect, inject, it } from "vitest";
import {
  type CryptoMateApiError,
  CryptoMateAuthenticationError,
  CryptoMateBadRequestError,
  CryptoMateConflictError,
  CryptoMateNotFoundError,
  CryptoMatePreconditionFailedError,
  CryptoMateRateLimitError,
  CryptoMateServerError,
  createCryptoMateClient,
} from "../src/index.js";
import { SEED_CLIENT_ID, seedResponse, TEST_KEY } from "./helpers/server.js";
import { declaredStatuses, responseExamples } from "./helpers/spec.js";

const baseUrl = inject("prismUrl");
const body = { subproduct: "cards_individuals" } as const;

function client(prefer?: string, extra: Parameters<typeof createCryptoMateClient>[0] = {}) {
  return createCryptoMateClient({
    apiKey: TEST_KEY,
    baseUrl,
    maxRetries: 0,
    ...(prefer ? { headers: { Prefer: prefer } } : {}),
    ...extra,
  });
}

describe("contract with the Prism mock of the spec", () => {
  it("resolves to the documented enablement request for the seed's client", async () => {
    const result = await client().requestProductEnablement(SEED_CLIENT_ID, body);
    expect(result).toEqual(seedResponse);
    expect(result.missing_requirements.documents[0]?.valid_documents[0]?.metadata[0]?.data_type).toBe("STRING");
  });

  for (const code of ["200", "201"]) {
    for (const [name, value] of Object.entries(responseExamples(code))) {
      it(`serves the ${code} example "${name}" through the typed client`, async () => {
        const result = await client(`code=${code}, example=${name}`).requestProductEnablement(SEED_CLIENT_ID, body);
        expect(result).toEqual(value);
      });
    }
  }

  const errorClasses: Record<string, new (...args: never[]) => CryptoMateApiError> = {
    "400": CryptoMateBadRequestError,
    "401": CryptoMateAuthenticationError,
    "404": CryptoMateNotFoundError,
    "409": CryptoMateConflictError,
    "412": CryptoMatePreconditionFailedError,
    "429": CryptoMateRateLimitError,
    "500": CryptoMateServerError,
  };

  it("declares exactly the statuses the client maps", () => {
    expect(declaredStatuses.filter((status) => !status.startsWith("2")).sort()).toEqual(
      Object.keys(errorClasses).sort(),
    );
  });

  for (const [status, errorClass] of Object.entries(errorClasses)) {
    for (const [name, example] of Object.entries(responseExamples(status))) {
      it(`maps the ${status} example "${name}" to ${errorClass.name}`, async () => {
        const call = client(`code=${status}, example=${name}`).requestProductEnablement(SEED_CLIENT_ID, body);
        const error = await call.catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(errorClass);
        const apiError = error as CryptoMateApiError;
        const documented = example as { code?: string; error_code?: string; message: string; trace_id?: string };
        expect(apiError.status).toBe(Number(status));
        expect(apiError.code).toBe(documented.code ?? documented.error_code);
        // The mock gives every answer a trace id of its own, in the body and the X-Trace-Id header.
        expect(apiError.body).toEqual({ ...documented, trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
        expect(apiError.traceId).toBe((apiError.body as { trace_id: string }).trace_id);
        expect(apiError.headers.get("x-trace-id")).toBe(apiError.traceId);
        expect(apiError.message).toContain(documented.message);
        expect(apiError.method).toBe("POST");
        expect(apiError.url).toBe(`${baseUrl}/management/clients/individuals/${SEED_CLIENT_ID}/products`);
        if (status === "429") expect((apiError as CryptoMateRateLimitError).retryAfterMs).toBe(4000);
      });
    }
  }

  it("surfaces Prism's refusal of a request without the key as an authentication error", async () => {
    const withoutKey = client(undefined, {
      fetch: (input, init) => {
        const request = new Request(input, init);
        request.headers.delete("x-api-key");
        return fetch(request);
      },
    });
    const error = await withoutKey.requestProductEnablement(SEED_CLIENT_ID, body).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateAuthenticationError);
    expect((error as CryptoMateApiError).headers.get("sl-violations")).toContain("security");
  });

  it("surfaces Prism's refusal of a body outside the spec as a bad request", async () => {
    const unknownProduct = { subproduct: "cards_business" } as unknown as typeof body;
    const error = await client()
      .requestProductEnablement(SEED_CLIENT_ID, unknownProduct)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateBadRequestError);
    expect((error as CryptoMateApiError).headers.get("sl-violations")).toContain("subproduct");
  });

  it("sends a request that Prism finds valid (no violations reported)", async () => {
    let violations: string | null = "not checked";
    const watched = client(undefined, {
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        violations = response.headers.get("sl-violations");
        return response;
      },
    });
    await watched.requestProductEnablement(SEED_CLIENT_ID, body);
    expect(violations).toBeNull();
  });
});
