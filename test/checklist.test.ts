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

  it("names the cryptomate-enable command that supplies each missing item, with the host's flags", () => {
    const { client_id: client, id } = seedResponse;
    const text = formatChecklist(seedResponse);
    expect(text).toContain(
      `upload: cryptomate-enable upload ${client} ${id} --type passport --front <file> --meta number=<number>\n`,
    );
    expect(text).toContain(`  or: cryptomate-enable submit ${client} ${id}`);

    const flags = ["--base-url", "http://127.0.0.1:4010"];
    const withData = formatChecklist(
      {
        ...seedResponse,
        client_id: "it's",
        missing_requirements: {
          documents: [
            {
              id: "identity_document",
              name: "Identity document",
              description: "An identity document",
              required: true,
              valid_documents: [
                {
                  id: "national_id",
                  name: "National identity card",
                  description: "Front and back",
                  required: true,
                  require_image: true,
                  require_back_image: true,
                  metadata: [
                    { id: "number", name: "Number", data_type: "STRING", required: true },
                    { id: "issuing_country", name: "Country", data_type: "STRING", required: false },
                  ],
                },
              ],
            },
          ],
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
      },
      { cliFlags: flags },
    );
    expect(withData).toContain(
      `upload: cryptomate-enable upload 'it'\\''s' ${id} --type national_id --front <file> --back <file> --meta number=<number> --base-url http://127.0.0.1:4010\n`,
    );
    expect(withData).toContain(
      `update the client (updateIndividualClient, a full replacement), then run cryptomate-enable submit 'it'\\''s' ${id} --base-url http://127.0.0.1:4010`,
    );
  });

  it("says how to submit a pending request that misses nothing", () => {
    const text = formatChecklist({ ...seedResponse, missing_requirements: { documents: [], data: [] } });
    expect(text).toContain("Nothing is missing.");
    expect(text).toContain(`or: cryptomate-enable submit ${seedResponse.client_id} ${seedResponse.id}`);
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
