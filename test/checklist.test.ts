import { describe, expect, it } from "vitest";
import { formatChecklist } from "../src/checklist.js";
import type { ProductEnablementRequest } from "../src/index.js";
import { seedResponse } from "./helpers/server.js";
import { responseExamples } from "./helpers/spec.js";

const examples = responseExamples("200") as Record<string, ProductEnablementRequest>;

describe("formatChecklist", () => {
  it("lists each missing data field with its type", () => {
    const text = formatChecklist(examples.missingData as ProductEnablementRequest);
    expect(text).toContain("Missing documents: none");
    expect(text).toContain(
      "[ ] Personal information (personal_information, required): Personal information needed for KYC",
    );
    expect(text).toContain("- phone: PHONE, required");
  });

  it("names the method that supplies each kind of missing item, and the submit that follows", () => {
    const text = formatChecklist(seedResponse);
    expect(text).toContain(
      `send each with completeProductDocumentation("${seedResponse.client_id}", "${seedResponse.id}", { document })`,
    );
    expect(text).toContain(
      `Then submit it: submitProductEnablementRequest("${seedResponse.client_id}", "${seedResponse.id}").`,
    );
    const withData = formatChecklist({
      ...seedResponse,
      missing_requirements: {
        documents: [],
        data: [
          {
            id: "personal_information",
            name: "Personal information",
            description: "Personal information needed for KYC",
            required: true,
            fields: [{ key: "phone", data_type: "PHONE", required: true }],
          },
        ],
      },
    });
    expect(withData).toContain(`send with updateIndividualClient("${seedResponse.client_id}", client), every field`);
  });

  it("says why a request was rejected", () => {
    const text = formatChecklist(examples.rejected as ProductEnablementRequest);
    expect(text).toContain("status:  rejected");
    expect(text).toContain("reason:  The identity document could not be verified.");
    expect(text).toContain("Nothing is missing.");
  });

  it("shows a status it does not know as such, and survives missing lists", () => {
    const odd = {
      ...examples.inKyc,
      status: "frozen",
      missing_requirements: undefined,
    } as unknown as ProductEnablementRequest;
    const text = formatChecklist(odd);
    expect(text).toContain("frozen (a status this client does not know yet)");
    expect(text).toContain("Nothing is missing.");
  });
});
