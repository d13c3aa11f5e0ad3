import { describe, expect, it } from "vitest";
import { CryptoMateValidationError, createCryptoMateClient } from "../src/index.js";
import { validationIssues } from "../src/validation.js";
import { SEED_CLIENT_ID, seedResponse, sendJson, serverPerTest, TEST_KEY } from "./helpers/server.js";
import { responseExamples } from "./helpers/spec.js";

const body = { subproduct: "cards_individuals" } as const;
const serve = serverPerTest();

async function answerWith(value: unknown, validateResponses = true) {
  const server = await serve((_req, res) => sendJson(res, 200, value));
  return createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: server.url, validateResponses });
}

describe("validateResponses", () => {
  it("accepts every success example in the spec", () => {
    for (const value of Object.values({ ...responseExamples("200"), ...responseExamples("201") })) {
      expect(validationIssues(value)).toEqual([]);
    }
  });

  it("tolerates unknown extra fields and unknown statuses", async () => {
    const value = { ...seedResponse, status: "under_review", new_field: { nested: true } };
    await expect((await answerWith(value)).requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toEqual(value);
  });

  it("names a missing top-level field", async () => {
    const { id: _id, ...withoutId } = seedResponse;
    const error = await (await answerWith(withoutId))
      .requestProductEnablement(SEED_CLIENT_ID, body)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateValidationError);
    expect(error).toMatchObject({ field: "id", status: 200 });
    expect((error as Error).message).toBe("Response does not match the spec: id is required");
  });

  it("names a nested field of the wrong type", async () => {
    const broken = structuredClone(seedResponse) as any;
    broken.missing_requirements.documents[0].valid_documents[0].require_image = "yes";
    const error = await (await answerWith(broken))
      .requestProductEnablement(SEED_CLIENT_ID, body)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CryptoMateValidationError);
    expect((error as CryptoMateValidationError).field).toBe(
      "missing_requirements.documents[0].valid_documents[0].require_image",
    );
    expect((error as Error).message).toContain("must be boolean");
  });

  it("accepts the documented zone-less timestamp and the same with fractions, Z or an offset", () => {
    for (const stamp of [
      "2026-04-15T10:30:00",
      "2026-04-15T10:30:00.5",
      "2026-04-15T10:30:00Z",
      "2026-04-15T10:30:00.123456Z",
      "2026-04-15T10:30:00+02:00",
      "2026-04-15T10:30:00.250-03:30",
    ]) {
      expect(validationIssues({ ...seedResponse, created_at: stamp, updated_at: stamp }), stamp).toEqual([]);
    }
    for (const stamp of ["2026-04-15 10:30:00", "2026-04-15T10:30:00+0200", "2026-04-15T10:30:00 Z", "2026-04-15"]) {
      expect(
        validationIssues({ ...seedResponse, created_at: stamp }).map((issue) => issue.field),
        stamp,
      ).toEqual(["created_at"]);
    }
  });

  it("accepts new fields at every level, new statuses and new data_type values", () => {
    const grown = structuredClone(seedResponse) as any;
    grown.status = "awaiting_provider";
    grown.risk_level = "low";
    grown.missing_requirements.extra = [];
    grown.missing_requirements.documents[0].valid_documents[0].metadata[0].data_type = "DATE";
    grown.missing_requirements.documents[0].valid_documents[0].metadata[0].hint = "as printed";
    grown.missing_requirements.data = [
      {
        id: "personal_information",
        name: "Personal information",
        description: "Personal information needed for KYC",
        required: true,
        fields: [{ key: "birth_date", data_type: "DATE", required: true, format: "YYYY-MM-DD" }],
      },
    ];
    expect(validationIssues(grown)).toEqual([]);
  });

  it("still refuses wrong types where fields are known", () => {
    for (const [change, field] of [
      [(value: any) => (value.id = 42), "id"],
      [(value: any) => (value.missing_requirements.documents = {}), "missing_requirements.documents"],
      [
        (value: any) => (value.missing_requirements.documents[0].required = "true"),
        "missing_requirements.documents[0].required",
      ],
      [
        (value: any) => (value.missing_requirements.documents[0].valid_documents[0].metadata[0].data_type = 7),
        "missing_requirements.documents[0].valid_documents[0].metadata[0].data_type",
      ],
      [(value: any) => (value.updated_at = 1713177000), "updated_at"],
    ] as const) {
      const broken = structuredClone(seedResponse) as any;
      change(broken);
      expect(validationIssues(broken).map((issue) => issue.field)).toContain(field);
    }
  });

  it("refuses a zone-less timestamp in another shape and a non-string status", () => {
    const issues = validationIssues({ ...seedResponse, created_at: "15/04/2026", status: 3 });
    expect(issues.map((issue) => issue.field)).toEqual(expect.arrayContaining(["created_at", "status"]));
  });

  it("is off by default", async () => {
    const { id: _id, ...withoutId } = seedResponse;
    await expect((await answerWith(withoutId, false)).requestProductEnablement(SEED_CLIENT_ID, body)).resolves.toEqual(
      withoutId,
    );
  });
});
