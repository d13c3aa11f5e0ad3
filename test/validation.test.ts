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
