import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { pathOf, renderAll } from "../scripts/generate.mjs";
import { operations, resolve, spec } from "./helpers/spec.js";

const run = promisify(execFile);

describe("the spec and what is generated from it", () => {
  it("passes redocly lint with no error and no warning", async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ["node_modules/@redocly/cli/bin/cli.js", "lint", "--format", "json"],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    );
    const report = JSON.parse(stdout.slice(stdout.indexOf("{")));
    expect(report.totals, stderr).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it("carries the package's version as info.version", async () => {
    const { version } = JSON.parse(await readFile(pathOf("package.json"), "utf8")) as { version: string };
    const spec = await readFile(pathOf("openapi/openapi.yaml"), "utf8");
    expect(/^info:\n(?: {2}.*\n)*? {2}version: (.*)$/m.exec(spec)?.[1]).toBe(version);
  });

  it("has committed generated files that match the spec", async () => {
    const files: Record<string, string> = await renderAll();
    for (const [relative, expected] of Object.entries(files)) {
      const committed = await readFile(pathOf(relative), "utf8");
      expect(committed, `${relative} is stale: run npm run generate`).toBe(expected);
    }
  });

  it("covers the enablement flow, one operation per call", () => {
    expect(operations.map(({ operationId, method, path }) => `${operationId} ${method.toUpperCase()} ${path}`)).toEqual(
      [
        "createIndividualClient POST /management/clients/individuals",
        "getIndividualClient GET /management/clients/individuals/{clientId}",
        "updateIndividualClient PUT /management/clients/individuals/{clientId}",
        "listClientProducts GET /management/clients/individuals/{clientId}/products",
        "requestProductEnablement POST /management/clients/individuals/{clientId}/products",
        "completeProductDocumentation POST /management/clients/individuals/{clientId}/products/{productRequestId}/documentation",
        "submitProductEnablementRequest POST /management/clients/individuals/{clientId}/products/{productRequestId}/submit",
      ],
    );
  });

  it("declares the generic errors of every operation through the shared responses", () => {
    const shared: Record<string, string> = {
      "400": "BadRequest",
      "401": "Unauthorized",
      "404": "NotFound",
      "429": "TooManyRequests",
      "500": "InternalServerError",
    };
    for (const { operationId, operation } of operations) {
      for (const [status, name] of Object.entries(shared)) {
        const where = `${operationId} ${status}`;
        const ref = operation.responses[status]?.$ref;
        if (ref === `#/components/responses/${name}`) continue;
        // Otherwise a shared response of its own that extends the generic one with the examples
        // its page documents: the same schema and headers, and every generic example, by reference.
        expect(ref, where).toMatch(/^#\/components\/responses\//);
        const generic = spec.components.responses[name];
        const extended = resolve<any>(operation.responses[status]);
        expect(extended.headers, where).toEqual(generic.headers);
        const [genericBody, extendedBody] = [generic, extended].map((response) => response.content["application/json"]);
        expect(extendedBody.schema, where).toEqual(genericBody.schema);
        expect(extendedBody.examples, where).toMatchObject(genericBody.examples);
      }
    }
  });

  it("gives every request and response body named examples only", () => {
    for (const { operationId, operation } of operations) {
      const bodies = [
        ["request", operation.requestBody],
        ...Object.entries(operation.responses).map(([status, response]) => [status, response]),
      ].filter(([, body]) => body !== undefined);
      for (const [what, body] of bodies) {
        const json = resolve<any>(body).content["application/json"];
        expect(json.example, `${operationId} ${what}`).toBeUndefined();
        expect(Object.keys(json.examples ?? {}).length, `${operationId} ${what}`).toBeGreaterThan(0);
      }
    }
  });

  it("says for every operation what may follow an ambiguous failure, in x-cryptomate-retry", () => {
    const byId = Object.fromEntries(operations.map((entry) => [entry.operationId, entry]));
    for (const { operationId, method, operation } of operations) {
      const retry = operation["x-cryptomate-retry"];
      expect(["resend", "check-then-resend", "never"], operationId).toContain(retry?.ambiguous);
      expect(
        Object.keys(retry).every((key) => ["ambiguous", "processedIf", "check"].includes(key)),
        operationId,
      ).toBe(true);
      // Reads and full replacements may always be resent.
      if (method === "get" || method === "put") expect(retry.ambiguous, operationId).toBe("resend");
      // processedIf names refusals the operation declares, and only with resend.
      for (const status of retry.processedIf ?? []) {
        expect(retry.ambiguous, operationId).toBe("resend");
        expect(status, operationId).toBeGreaterThanOrEqual(400);
        expect(Object.keys(operation.responses), operationId).toContain(String(status));
      }
      // check names an operation that may itself be resent, and comes only with check-then-resend.
      expect(retry.check !== undefined, operationId).toBe(retry.ambiguous === "check-then-resend");
      if (retry.check !== undefined)
        expect(byId[retry.check]?.operation["x-cryptomate-retry"].ambiguous).toBe("resend");
    }
    expect(
      Object.fromEntries(
        operations.map(({ operationId, operation }) => [operationId, operation["x-cryptomate-retry"]]),
      ),
    ).toEqual({
      createIndividualClient: { ambiguous: "never" },
      getIndividualClient: { ambiguous: "resend" },
      updateIndividualClient: { ambiguous: "resend" },
      listClientProducts: { ambiguous: "resend" },
      requestProductEnablement: { ambiguous: "resend", processedIf: [409] },
      completeProductDocumentation: { ambiguous: "check-then-resend", check: "listClientProducts" },
      submitProductEnablementRequest: { ambiguous: "resend", processedIf: [409] },
    });
  });

  it("documents requestProductEnablement's answers as its reference page does", () => {
    const request = operations.find(({ operationId }) => operationId === "requestProductEnablement")?.operation;
    const example = (status: string) =>
      Object.values(resolve<any>(request.responses[status]).content["application/json"].examples).map(
        (entry) => resolve<any>(entry).value,
      );
    expect(Object.keys(request.responses)).toEqual(["200", "201", "400", "401", "404", "409", "412", "429", "500"]);
    expect(example("409")).toEqual([
      { code: "VAL", message: "An enablement request is already active for this product" },
    ]);
    expect(example("412")).toEqual([{ code: "VAL", message: "Invalid product" }]);
    expect(spec.components.schemas.Subproduct.enum).toEqual(["cards_individuals", "ramps_cards", "ramps_pix"]);
  });
});
