/**
 * The stateful mock's state machine on its own, with a clock of the test's: the rules the flow
 * tests do not reach (the review decided on read, image sizes, replacing a document, data checked
 * again at submission). Every success is checked with the generated validators.
 */
import { describe, expect, it } from "vitest";
import { validateProductEnablementRequestList, validateProductEnablementUpdate } from "../generated/validators.js";
import { PERSON } from "./helpers/flow.js";
import { BASE, PHONE, passport, setup } from "./helpers/mock-state.js";

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

  it("shrinks a pending request's data as the client record gains it, on every read and answer", () => {
    const { call, advance, pending } = setup();
    const { clientId, requestId } = pending(PERSON);
    const listed = () => call("GET", `/${clientId}/products`).body as { missing_requirements: { data: unknown[] } }[];
    expect(listed()[0]?.missing_requirements.data).toEqual([expect.objectContaining({ id: "personal_information" })]);
    advance(5000);
    expect(call("PUT", `/${clientId}`, { ...PERSON, ...PHONE }).status).toBe(200);
    const after = call("GET", `/${clientId}/products`);
    expect(validateProductEnablementRequestList(after.body)).toBe(true);
    expect(after.body).toEqual([
      expect.objectContaining({
        missing_requirements: expect.objectContaining({ data: [] }),
        updated_at: "2026-04-15T10:30:05",
      }),
    ]);
    // Taken away again, the phone is missing again, in the documentation's answer too.
    expect(call("PUT", `/${clientId}`, PERSON).status).toBe(200);
    const documented = call("POST", `/${clientId}/products/${requestId}/documentation`, passport());
    expect(validateProductEnablementUpdate(documented.body)).toBe(true);
    expect(documented.body).toMatchObject({
      product: { missing_requirements: { documents: [], data: [{ id: "personal_information" }] } },
    });
  });

  it("decides the review's outcome from the client as it was at submission, whatever it is renamed to", () => {
    const { call, advance, pending } = setup(1000);
    const outcomes: string[] = [];
    for (const [before, after] of [
      ["Rejected", "Barber"],
      ["Barber", "Rejected"],
    ]) {
      const person = { ...PERSON, ...PHONE, email: `${before}@example.com`, last_name: before };
      const { clientId, requestId } = pending(person);
      call("POST", `/${clientId}/products/${requestId}/documentation`, passport());
      expect(call("POST", `/${clientId}/products/${requestId}/submit`).body).toMatchObject({
        product: { status: "in_kyc" },
      });
      expect(call("PUT", `/${clientId}`, { ...person, last_name: after }).status).toBe(200);
      advance(1000);
      outcomes.push((call("GET", `/${clientId}/products`).body as { status: string }[])[0]?.status as string);
    }
    expect(outcomes).toEqual(["rejected", "enabled"]);
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
      body: {
        code: "VAL",
        message: "Invalid product: subproduct must be one of [cards_individuals, ramps_cards, ramps_pix]",
      },
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
