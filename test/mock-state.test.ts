/**
 * The stateful mock's state machine on its own, with a clock of the test's: the rules the flow
 * tests do not reach (the review decided on read, image sizes, replacing a document, data checked
 * again at submission). Every success is checked with the generated validators.
 */
import { describe, expect, it } from "vitest";
import {
  validateIndividualClient,
  validateProductEnablementRequest,
  validateProductEnablementRequestList,
  validateProductEnablementUpdate,
} from "../generated/validators.js";
import { createMockState } from "../src/mock/state/machine.js";
import { PERSON } from "./helpers/flow.js";
import { dataUri, jpeg } from "./helpers/images.js";

const BASE = "/management/clients/individuals";
const JPEG = dataUri("image/jpeg", jpeg());

function setup(reviewMs = 1000) {
  let now = Date.UTC(2026, 3, 15, 10, 30);
  const state = createMockState({ reviewMs, now: () => now });
  const call = (method: string, path: string, body?: unknown) =>
    state.handle({ method, path: `${BASE}${path}`, apiKey: "k", body });
  return {
    state,
    call,
    advance: (ms: number) => {
      now += ms;
    },
    /** A client with a phone and a pending cards_individuals request. */
    pending() {
      const client = call("POST", "", { ...PERSON, phone_country_code: 54, phone_number: 1168860622 });
      expect(validateIndividualClient(client.body)).toBe(true);
      const clientId = (client.body as { id: string }).id;
      const request = call("POST", `/${clientId}/products`, { subproduct: "cards_individuals" });
      expect(validateProductEnablementRequest(request.body)).toBe(true);
      return { clientId, requestId: (request.body as { id: string }).id };
    },
  };
}

const passport = (extra: Record<string, unknown> = {}) => ({
  document: { document_type: "passport", image_front: JPEG, metadata: { number: "AB1234567" }, ...extra },
});

describe("the stateful mock's state machine", () => {
  it("decides the review when the request is next read, at submission + reviewMs, with no timer", () => {
    const { call, advance, pending } = setup(1000);
    const { clientId, requestId } = pending();
    call("POST", `/${clientId}/products/${requestId}/documentation`, passport());
    const submitted = call("POST", `/${clientId}/products/${requestId}/submit`);
    expect(validateProductEnablementUpdate(submitted.body)).toBe(true);
    advance(999);
    const before = call("GET", `/${clientId}/products`).body as { status: string }[];
    expect(before[0]?.status).toBe("in_kyc");
    advance(1);
    const after = call("GET", `/${clientId}/products`);
    expect(validateProductEnablementRequestList(after.body)).toBe(true);
    expect(after.body).toEqual([
      expect.objectContaining({
        status: "enabled",
        created_at: "2026-04-15T10:30:00",
        updated_at: "2026-04-15T10:30:01",
      }),
    ]);
  });

  it("checks the data again at submission, against the client as it is then", () => {
    const { call, pending } = setup();
    const { clientId, requestId } = pending();
    call("POST", `/${clientId}/products/${requestId}/documentation`, passport());
    // The phone is taken away by a full replacement without it: submission finds it missing.
    expect(call("PUT", `/${clientId}`, PERSON).status).toBe(200);
    const submitted = call("POST", `/${clientId}/products/${requestId}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      product: {
        status: "pending_documentation",
        missing_requirements: { documents: [], data: [{ id: "personal_information" }] },
      },
      rejected_items: [],
    });
  });

  it("rejects an image over 10 MB, and a second document of a met requirement unless it replaces it", () => {
    const { call, pending } = setup();
    const { clientId, requestId } = pending();
    const path = `/${clientId}/products/${requestId}/documentation`;
    const huge = `data:image/jpeg;base64,/9j/${"A".repeat(14 * 1024 * 1024)}`;
    const tooLarge = call("POST", path, passport({ image_front: huge }));
    expect(validateProductEnablementUpdate(tooLarge.body)).toBe(true);
    expect(tooLarge.body).toMatchObject({
      rejected_items: [{ key: "passport", reason: expect.stringMatching(/10 MB/) }],
    });
    expect(call("POST", path, passport()).body).toMatchObject({ rejected_items: [] });
    const again = call("POST", path, passport());
    expect(again.body).toMatchObject({ rejected_items: [{ reason: expect.stringMatching(/replace: true/) }] });
    expect(call("POST", path, passport({ replace: true })).body).toMatchObject({ rejected_items: [] });
  });

  it("names the field of a 400, refuses an unknown product with 412, and forgets everything on reset", () => {
    const { state, call, pending } = setup();
    const { clientId } = pending();
    expect(call("POST", "", { ...PERSON, email: "not-an-email" }).body).toEqual({
      code: "BAD_REQUEST",
      message: "email: must be a valid email",
    });
    expect(call("POST", `/${clientId}/products`, { subproduct: "cards_business" })).toEqual({
      status: 412,
      body: { code: "VAL", message: "Invalid product" },
    });
    expect(call("POST", `/${clientId}/products`, { subproduct: 1 }).status).toBe(400);
    const documentation = call("POST", `/${clientId}/products/x/documentation`, { document: {} });
    expect(documentation.status).toBe(404);
    expect(state.handle({ method: "DELETE", path: `${BASE}/${clientId}`, apiKey: "k", body: undefined }).status).toBe(
      404,
    );
    state.reset();
    expect(call("GET", `/${clientId}`).status).toBe(404);
  });
});
