/**
 * The stateful mock's state machine on its own, with a clock of the test's: a client with a
 * phone and a pending request in one call, and a passport upload that passes the checks.
 */
import { expect } from "vitest";
import { validateIndividualClient, validateProductEnablementRequest } from "../../generated/validators.js";
import { createMockState, type MockStateOptions } from "../../src/mock/state/machine.js";
import { PERSON } from "./flow.js";
import { dataUri, jpeg } from "./images.js";

export const BASE = "/management/clients/individuals";
export const JPEG = dataUri("image/jpeg", jpeg());
export const PHONE = { phone_country_code: 54, phone_number: 1168860622 } as const;

export function setup(reviewMs = 1000, options: MockStateOptions = {}) {
  let now = Date.UTC(2026, 3, 15, 10, 30);
  const state = createMockState({ reviewMs, now: () => now, ...options });
  const call = (method: string, path: string, body?: unknown) =>
    state.handle({ method, path: `${BASE}${path}`, apiKey: "k", body });
  return {
    state,
    call,
    advance: (ms: number) => {
      now += ms;
    },
    /** A client (with a phone unless told otherwise) and a pending cards_individuals request. */
    pending(client: Record<string, unknown> = { ...PERSON, ...PHONE }) {
      const created = call("POST", "", client);
      expect(validateIndividualClient(created.body)).toBe(true);
      const clientId = (created.body as { id: string }).id;
      const request = call("POST", `/${clientId}/products`, { subproduct: "cards_individuals" });
      expect(validateProductEnablementRequest(request.body)).toBe(true);
      return { clientId, requestId: (request.body as { id: string }).id };
    },
  };
}

export const passport = (extra: Record<string, unknown> = {}) => ({
  document: { document_type: "passport", image_front: JPEG, metadata: { number: "AB1234567" }, ...extra },
});
