/**
 * The test body of the stateful mock: the documented flow through the typed client, from the
 * creation of a client to the review's outcome. Run against the mock process and against the
 * MSW handlers alike; every answer is checked against the spec.
 */
import Ajv2020 from "ajv/dist/2020.js";
import { expect, it } from "vitest";
import {
  validateIndividualClient,
  validateProductEnablementRequest,
  validateProductEnablementRequestList,
  validateProductEnablementUpdate,
} from "../../generated/validators.js";
import {
  CryptoMateBadRequestError,
  CryptoMateConflictError,
  CryptoMateNotFoundError,
  createCryptoMateClient,
  type ProductEnablementRequest,
} from "../../src/index.js";
import { PERSON } from "./flow.js";
import { dataUri, gif, jpeg, png } from "./images.js";
import { rejection } from "./server.js";
import { spec } from "./spec.js";

export interface Target {
  /** Where the mock answers, once started. */
  baseUrl: string;
  /** Clears the mock's state through POST /__mock/reset. */
  reset(): Promise<void>;
}

type Schema =
  | "IndividualClient"
  | "ProductEnablementRequest"
  | "ProductEnablementRequestList"
  | "ProductEnablementUpdate";

const VALIDATORS = {
  IndividualClient: validateIndividualClient,
  ProductEnablementRequest: validateProductEnablementRequest,
  ProductEnablementRequestList: validateProductEnablementRequestList,
  ProductEnablementUpdate: validateProductEnablementUpdate,
};

/** Checks a success against its schema with the generated validators, and returns it. */
function valid<T>(schema: Schema, value: T): T {
  const validate = VALIDATORS[schema];
  expect(validate(value), `${schema}: ${JSON.stringify(validate.errors)}`).toBe(true);
  return value;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: "spec", components: { schemas: spec.components.schemas } });
const checkError = ajv.getSchema("spec#/components/schemas/Error");

/** Checks a refusal: its status, its body against the spec's Error schema, and what it says. */
function refused(error: unknown, status: number, body: { code: string; message: string | RegExp }) {
  const { status: actual, body: json } = error as { status: number; body: unknown };
  expect(actual, String(error)).toBe(status);
  expect(checkError?.(json), JSON.stringify(checkError?.errors)).toBe(true);
  expect(json).toMatchObject({ code: body.code, trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
  const message = (json as { message: string }).message;
  if (typeof body.message === "string") expect(message).toBe(body.message);
  else expect(message).toMatch(body.message);
}

let people = 0;
/** A person with an email of its own (the mock refuses a second client with the same email). */
function person(changes: Partial<typeof PERSON> = {}) {
  people++;
  return { ...PERSON, email: `person${people}.${Date.now()}@example.com`, ...changes };
}

const JPEG = dataUri("image/jpeg", jpeg());
const PNG = dataUri("image/png", png());
const GIF = dataUri("image/gif", gif());

export function playFlow(target: Target) {
  const client = () => createCryptoMateClient({ apiKey: "test-key", baseUrl: target.baseUrl, maxRetries: 0 });
  /** A raw call, for what the typed client would refuse to send. */
  const raw = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${target.baseUrl}/management/clients/individuals${path}`, {
      method,
      headers: { "x-api-key": "test-key", "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: await response.json() };
  };
  /** The request's status once the review is over (polled; no duration is asserted). */
  const reviewed = async (clientId: string, requestId: string) => {
    let found: ProductEnablementRequest | undefined;
    await expect
      .poll(
        async () => {
          const list = valid("ProductEnablementRequestList", await client().listClientProducts(clientId));
          found = list.find((request) => request.id === requestId);
          return found?.status;
        },
        { timeout: 15_000, interval: 50 },
      )
      .not.toBe("in_kyc");
    return found;
  };

  it("creates a client with a new id, reads it back and replaces it whole", async () => {
    const cryptomate = client();
    const input = person();
    const { data: created, response } = await cryptomate.createIndividualClient(input).withResponse();
    expect(response.status).toBe(201);
    valid("IndividualClient", created);
    expect(created).toMatchObject({ ...input, type: "individual", status: "pending" });
    expect(created.id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(valid("IndividualClient", await cryptomate.getIndividualClient(created.id))).toEqual(created);

    const { last_name: _dropped, ...withoutLastName } = input;
    const missing = await rejection(cryptomate.updateIndividualClient(created.id, withoutLastName as typeof input));
    expect(missing).toBeInstanceOf(CryptoMateBadRequestError);
    refused(missing, 400, { code: "BAD_REQUEST", message: /last_name/ });
    const duplicate = await rejection(cryptomate.createIndividualClient(input));
    refused(duplicate, 400, { code: "VAL", message: "Company client already exists for this company" });

    const replaced = valid(
      "IndividualClient",
      await cryptomate.updateIndividualClient(created.id, {
        ...input,
        phone_country_code: 54,
        phone_number: 1168860622,
      }),
    );
    expect(replaced).toMatchObject({ id: created.id, phone_country_code: 54, phone_number: 1168860622 });
    const again = valid("IndividualClient", await cryptomate.updateIndividualClient(created.id, input));
    expect(again.phone_number).toBeUndefined();
  });

  it("plays the flow: request, 409 on a second, documents checked one by one, phone added, submit, enabled", async () => {
    const cryptomate = client();
    const created = await cryptomate.createIndividualClient(person());
    const { data: requested, response } = await cryptomate
      .requestProductEnablement(created.id, { subproduct: "cards_individuals" })
      .withResponse();
    expect(response.status).toBe(201);
    valid("ProductEnablementRequest", requested);
    expect(requested).toMatchObject({ client_id: created.id, product: "cards_individuals" });
    expect(requested.status).toBe("pending_documentation");
    expect(requested.id).toMatch(/^[A-Za-z0-9]{32}$/);
    const [identity] = requested.missing_requirements.documents;
    expect(identity?.id).toBe("identity_document");
    expect(identity?.valid_documents.map((doc) => [doc.id, doc.require_back_image])).toEqual([
      ["passport", false],
      ["national_id", true],
    ]);
    expect(requested.missing_requirements.data.map((data) => data.fields.map((field) => field.key))).toEqual([
      ["phone"],
    ]);

    const conflict = await rejection(
      cryptomate.requestProductEnablement(created.id, { subproduct: "cards_individuals" }),
    );
    expect(conflict).toBeInstanceOf(CryptoMateConflictError);
    refused(conflict, 409, { code: "VAL", message: "An enablement request is already active for this product" });
    const invalid = await raw("POST", `/${created.id}/products`, { subproduct: "cards_business" });
    expect(invalid.status).toBe(412);
    refused({ status: invalid.status, body: invalid.json }, 412, {
      code: "VAL",
      message: "Invalid product: subproduct must be one of [cards_individuals, ramps_cards, ramps_pix]",
    });

    const pix = valid(
      "ProductEnablementRequest",
      await cryptomate.requestProductEnablement(created.id, { subproduct: "ramps_pix" }),
    );
    const listed = valid("ProductEnablementRequestList", await cryptomate.listClientProducts(created.id));
    expect(listed.map((request) => request.id)).toEqual([pix.id, requested.id]);

    // Documents that fail come back in rejected_items, and the requirement stays missing.
    const upload = (document: Record<string, unknown>) =>
      raw("POST", `/${created.id}/products/${requested.id}/documentation`, { document });
    for (const [document, reason] of [
      [{ document_type: "passport", image_front: GIF, metadata: { number: "AB1234567" } }, /image_front .*JPEG or PNG/],
      [{ document_type: "national_id", image_front: JPEG, metadata: { number: "30123456" } }, /image_back is required/],
      [{ document_type: "passport", image_front: JPEG, metadata: {} }, /metadata\.number/],
      [{ document_type: "drivers_license", image_front: JPEG, metadata: { number: "1" } }, /drivers_license/],
    ] as const) {
      const answer = await upload(document);
      expect(answer.status).toBe(200);
      valid("ProductEnablementUpdate", answer.json);
      expect(answer.json.rejected_items).toEqual([
        { type: "document", key: document.document_type, reason: expect.stringMatching(reason) },
      ]);
      expect(answer.json.product.missing_requirements.documents.map((doc: { id: string }) => doc.id)).toEqual([
        "identity_document",
      ]);
    }

    // Submitting with something missing answers 200 with what is left, and changes nothing.
    const early = valid(
      "ProductEnablementUpdate",
      await cryptomate.submitProductEnablementRequest(created.id, requested.id),
    );
    expect(early.product.status).toBe("pending_documentation");
    expect(early.product.missing_requirements.documents).toHaveLength(1);
    expect(early.product.missing_requirements.data).toHaveLength(1);

    // A passing document (a real JPEG, then a real PNG with a JPEG back) leaves the missing list.
    const passport = valid(
      "ProductEnablementUpdate",
      await cryptomate.completeProductDocumentation(created.id, requested.id, {
        document: {
          document_type: "passport",
          image_front: JPEG,
          metadata: { number: "AB1234567", issuing_country: "ARG" },
        },
      }),
    );
    expect(passport.rejected_items).toEqual([]);
    expect(passport.product.missing_requirements.documents).toEqual([]);
    expect(passport.product.missing_requirements.data.map((data) => data.id)).toEqual(["personal_information"]);
    const nationalId = valid(
      "ProductEnablementUpdate",
      await cryptomate.completeProductDocumentation(created.id, pix.id, {
        document: {
          document_type: "national_id",
          image_front: PNG,
          image_back: JPEG,
          metadata: { number: "30123456" },
        },
      }),
    );
    expect(nationalId.rejected_items).toEqual([]);
    expect(nationalId.product.missing_requirements.documents).toEqual([]);

    // The phone arrives through a full replacement of the client; submit sees it.
    const { id: _id, type: _type, status: _status, created_at: _c, updated_at: _u, ...current } = created;
    valid(
      "IndividualClient",
      await cryptomate.updateIndividualClient(created.id, {
        ...current,
        phone_country_code: 54,
        phone_number: 1168860622,
      }),
    );
    const submitted = valid(
      "ProductEnablementUpdate",
      await cryptomate.submitProductEnablementRequest(created.id, requested.id),
    );
    expect(submitted.product.status).toBe("in_kyc");
    expect(submitted.product.missing_requirements).toEqual({ documents: [], data: [] });
    expect(submitted.rejected_items).toEqual([]);

    const resubmitted = await rejection(cryptomate.submitProductEnablementRequest(created.id, requested.id));
    expect(resubmitted).toBeInstanceOf(CryptoMateConflictError);
    refused(resubmitted, 409, { code: "VAL", message: "The enablement request is not pending documentation" });
    const late = await rejection(
      cryptomate.completeProductDocumentation(created.id, requested.id, {
        document: { document_type: "passport", image_front: JPEG, metadata: { number: "AB1234567" } },
      }),
    );
    refused(late, 409, { code: "VAL", message: "The enablement request is not pending documentation" });

    const outcome = await reviewed(created.id, requested.id);
    expect(outcome).toMatchObject({ status: "enabled", missing_requirements: { documents: [], data: [] } });
    expect(outcome).not.toHaveProperty("rejection_code");
    expect(valid("IndividualClient", await cryptomate.getIndividualClient(created.id)).status).toBe("active");
    await expect(
      cryptomate.requestProductEnablement(created.id, { subproduct: "cards_individuals" }),
    ).rejects.toBeInstanceOf(CryptoMateConflictError);
  });

  it('rejects after the review a client whose last name is "Rejected", and then takes a new request', async () => {
    const cryptomate = client();
    const created = await cryptomate.createIndividualClient(
      person({ last_name: "Rejected", phone_country_code: 54, phone_number: 1168860622 }),
    );
    const requested = await cryptomate.requestProductEnablement(created.id, { subproduct: "cards_individuals" });
    expect(requested.missing_requirements.data).toEqual([]);
    await cryptomate.completeProductDocumentation(created.id, requested.id, {
      document: { document_type: "passport", image_front: PNG, metadata: { number: "AB1234567" } },
    });
    const submitted = await cryptomate.submitProductEnablementRequest(created.id, requested.id);
    expect(submitted.product.status).toBe("in_kyc");
    const outcome = await reviewed(created.id, requested.id);
    expect(outcome).toMatchObject({
      status: "rejected",
      rejection_code: expect.any(String),
      rejection_description: expect.any(String),
    });
    const again = valid(
      "ProductEnablementRequest",
      await cryptomate.requestProductEnablement(created.id, { subproduct: "cards_individuals" }),
    );
    expect(again.status).toBe("pending_documentation");
    const listed = valid("ProductEnablementRequestList", await cryptomate.listClientProducts(created.id));
    expect(listed.map((request) => [request.id, request.status])).toEqual([
      [again.id, "pending_documentation"],
      [requested.id, "rejected"],
    ]);
  });

  it("answers 404 for unknown clients and requests, 401 without a key, and forgets everything on reset", async () => {
    const cryptomate = client();
    const unknown = "0000000000000000000000000000none";
    for (const call of [
      () => cryptomate.getIndividualClient(unknown),
      () => cryptomate.updateIndividualClient(unknown, person()),
      () => cryptomate.listClientProducts(unknown),
      () => cryptomate.requestProductEnablement(unknown, { subproduct: "cards_individuals" }),
      () => cryptomate.submitProductEnablementRequest(unknown, unknown),
    ]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(CryptoMateNotFoundError);
      refused(error, 404, { code: "NOT_FOUND", message: `Company client not found with id: ${unknown}` });
    }
    const created = await cryptomate.createIndividualClient(person());
    const noRequest = await rejection(cryptomate.submitProductEnablementRequest(created.id, unknown));
    refused(noRequest, 404, { code: "NOT_FOUND", message: new RegExp(unknown) });
    const noKey = await raw("GET", `/${created.id}`, undefined, { "x-api-key": "" });
    refused({ status: noKey.status, body: noKey.json }, 401, { code: "UNAUTHORIZED", message: /x-api-key/ });

    await target.reset();
    refused(await rejection(cryptomate.getIndividualClient(created.id)), 404, {
      code: "NOT_FOUND",
      message: `Company client not found with id: ${created.id}`,
    });
  });
}
