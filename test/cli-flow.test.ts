/**
 * The whole enablement flow through the command line, as processes, against
 * `cryptomate-enable-mock --stateful` (a process too): batch, status, upload, submit. The client
 * is created and updated with the typed client, since the command line has no command for that.
 */
import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createCryptoMateClient, type ProductEnablementRequest } from "../src/index.js";
import { tempDirPerFile } from "./helpers/cli.js";
import { journalOutcomes as outcomes, statefulMockPerFile } from "./helpers/cli-flow.js";
import { PERSON } from "./helpers/flow.js";
import { gif, jpeg, png } from "./helpers/images.js";
import { TEST_KEY } from "./helpers/server.js";

const files = tempDirPerFile("cryptomate-cli-flow-");
const mock = statefulMockPerFile(200);
const { enable, outputs } = mock;
const typed = () => createCryptoMateClient({ apiKey: TEST_KEY, baseUrl: mock.baseUrl(), maxRetries: 0 });

describe("the flow through cryptomate-enable, against the stateful mock", () => {
  const person = { ...PERSON, email: `cli.flow.${Date.now()}@example.com` };
  let clientId = "";
  let requestId = "";
  // Named once the temporary folder exists (in the first test).
  let jpegFile = "";
  let gifFile = "";

  it("requests the product with batch, and a second run finds it done", async () => {
    ({ id: clientId } = await typed().createIndividualClient(person));
    jpegFile = files.path("passport.jpg");
    gifFile = files.path("passport.gif");
    await writeFile(jpegFile, jpeg());
    await writeFile(gifFile, gif());
    const input = files.path("clients.txt");
    const out = files.path("results.jsonl");
    await writeFile(input, `${clientId}\n`);

    const first = await enable("batch", input, "--out", out);
    expect(first.code, first.stderr).toBe(0);
    const [recorded] = await outcomes(out);
    expect(recorded).toMatchObject({ clientId, state: "succeeded", status: "pending_documentation" });
    requestId = String(recorded?.id);

    const second = await enable("batch", input, "--out", out);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("0 succeeded, 0 failed, 1 skipped as already done");
    expect(await outcomes(out)).toHaveLength(1);
  });

  it("status shows the pending request, what it misses, and the commands that supply it", async () => {
    const result = await enable("status", clientId);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `Client ${clientId}: 1 enablement request(s), newest first; 1 pending documentation.`,
    );
    expect(result.stdout).toContain(`Enablement request ${requestId}`);
    expect(result.stdout).toContain("status:  pending documentation");
    expect(result.stdout).toContain(
      `upload: cryptomate-enable upload ${clientId} ${requestId} --type passport --front <file> --meta number=<number> --base-url ${mock.baseUrl()}`,
    );
    expect(result.stdout).toContain(`--type national_id --front <file> --back <file> --meta number=<number>`);
    expect(result.stdout).toContain("- phone: PHONE, required");
    expect(result.stdout).toContain(
      `update the client (updateIndividualClient, a full replacement), then run cryptomate-enable submit ${clientId} ${requestId} --base-url ${mock.baseUrl()}`,
    );

    const json = await enable("status", clientId, "--json");
    expect(json.code, json.stderr).toBe(0);
    const { next } = JSON.parse(json.stdout) as { next: Record<string, unknown[]> };
    expect(next[requestId]).toEqual([
      {
        kind: "document",
        requirement: "identity_document",
        document_type: "passport",
        command: `cryptomate-enable upload ${clientId} ${requestId} --type passport --front <file> --meta number=<number> --base-url ${mock.baseUrl()}`,
      },
      expect.objectContaining({ kind: "document", document_type: "national_id" }),
      {
        kind: "data",
        requirement: "personal_information",
        fields: ["phone"],
        command: `update the client (updateIndividualClient, a full replacement), then: cryptomate-enable submit ${clientId} ${requestId} --base-url ${mock.baseUrl()}`,
      },
    ]);
  });

  it("upload of a GIF exits 1 with the rejected item, unsent; of a missing file exits 2 naming it", async () => {
    const refused = await enable("upload", clientId, requestId, "--type", "passport", "--front", gifFile);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stdout).toContain("Nothing was sent.");
    expect(refused.stdout).toContain(
      `- document passport: image_front (--front ${gifFile}) must be a JPEG or PNG image, got a GIF file`,
    );
    const missing = files.path("missing.jpg");
    const absent = await enable("upload", clientId, requestId, "--type", "passport", "--front", missing);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toBe(`cryptomate-enable: cannot read --front ${missing}: no such file\n`);
    expect(absent.stdout).toBe("");
  });

  it("upload sends a real JPEG with its metadata; the API's rejection of a document exits 1", async () => {
    const pngFile = files.path("id-front.png");
    await writeFile(pngFile, png());
    const noBack = await enable(
      "upload",
      clientId,
      requestId,
      "--type",
      "national_id",
      "--front",
      pngFile,
      "--meta",
      "number=30123456",
    );
    expect(noBack.code, noBack.stderr).toBe(1);
    expect(noBack.stdout).toMatch(/- document national_id: .*image_back is required/);

    const rejected = await enable("upload", clientId, requestId, "--type", "passport", "--front", jpegFile);
    expect(rejected.code, rejected.stderr).toBe(1);
    expect(rejected.stdout).toContain(`Sent passport for request ${requestId}: rejected.`);
    expect(rejected.stdout).toMatch(/- document passport: .*metadata\.number/);
    expect(rejected.stdout).toContain("Still missing: document identity_document (passport or national_id)");

    const accepted = await enable(
      "upload",
      clientId,
      requestId,
      "--type",
      "passport",
      "--front",
      jpegFile,
      "--meta",
      "number=AB1234567",
      "--meta",
      "issuing_country=ARG",
    );
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain(`Sent passport for request ${requestId}: accepted.`);
    expect(accepted.stdout).toContain("Still missing: data personal_information (phone).");
    expect(accepted.stdout).toContain("Missing documents: none");
    expect(accepted.stdout).not.toContain("Rejected");
  });

  it("submit before the phone exits 1 listing it; after the update it reaches in_kyc and exits 0", async () => {
    const early = await enable("submit", clientId, requestId);
    expect(early.code, early.stderr).toBe(1);
    expect(early.stdout).toContain(`Request ${requestId} was not submitted: it is pending_documentation.`);
    expect(early.stdout).toContain("Still missing: data personal_information (phone).");

    await typed().updateIndividualClient(clientId, { ...person, phone_country_code: 54, phone_number: 1168860622 });
    const submitted = await enable("submit", clientId, requestId);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(submitted.stdout).toContain(`Submitted request ${requestId}: now in_kyc.`);
    expect(submitted.stdout).toContain("status:  in KYC");

    // The request is no longer pending: a second submit or upload is the API's 409, in one line.
    const again = await enable("submit", clientId, requestId);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe("");
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
    expect(again.stderr).toMatch(
      /^CryptoMateConflictError: 409 .*: The enablement request is not pending documentation \(trace [0-9a-f]{32}\) \[VAL\]\n$/,
    );
    const late = await enable(
      "upload",
      clientId,
      requestId,
      "--type",
      "passport",
      "--front",
      jpegFile,
      "--meta",
      "number=A1",
    );
    expect(late.code).toBe(1);
    expect(late.stderr).toContain("CryptoMateConflictError: 409");
  });

  it("status --json is one JSON document: the requests, and the next steps of pending ones", async () => {
    const result = await enable("status", clientId, "--json");
    expect(result.code, result.stderr).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      client_id: string;
      requests: ProductEnablementRequest[];
      next: Record<string, unknown[]>;
    };
    expect(parsed.client_id).toBe(clientId);
    expect(parsed.requests.map((request) => request.id)).toEqual([requestId]);
    expect(["in_kyc", "enabled"]).toContain(parsed.requests[0]?.status);
    expect(parsed.next).toEqual({ [requestId]: [] });
  });

  it("batch with a new journal records the active request as already_active, counted done", async () => {
    const input = files.path("clients-again.txt");
    const out = files.path("results-again.jsonl");
    await writeFile(input, `${clientId}\n`);
    const result = await enable("batch", input, "--out", out, "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(await outcomes(out)).toEqual([
      {
        clientId,
        state: "already_active",
        ok: true,
        id: requestId,
        status: expect.stringMatching(/^(in_kyc|enabled)$/),
      },
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: 0, alreadyActive: 1, failed: 0 });
  });

  it("status of an unknown client is the API's 404 in one line, exit 1", async () => {
    const result = await enable("status", "0000000000000000000000000000none");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^CryptoMateNotFoundError: 404 Not Found: GET \S+: Company client not found with id: 0000000000000000000000000000none \(trace [0-9a-f]{32}\) \[NOT_FOUND\]\n$/,
    );
  });

  it("never prints image data", () => {
    const images = [jpeg(), gif(), png()].map((bytes) => bytes.toString("base64"));
    expect(outputs.length).toBeGreaterThan(10);
    for (const { stdout, stderr } of outputs) {
      for (const text of [stdout, stderr]) {
        expect(text).not.toMatch(/;base64,/);
        for (const image of images) expect(text).not.toContain(image.slice(0, 24));
        expect(text).not.toContain(TEST_KEY);
      }
    }
  });
});
