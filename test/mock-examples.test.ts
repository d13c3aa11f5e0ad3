import { describe, expect, inject, it } from "vitest";
import { SEED_CLIENT_ID } from "./helpers/server.js";
import { declaredStatuses, responseExamples } from "./helpers/spec.js";

const baseUrl = inject("prismUrl");

describe("the mock serves every named example of the spec", () => {
  for (const status of declaredStatuses) {
    for (const [name, value] of Object.entries(responseExamples(status))) {
      it(`serves ${status} "${name}" as written, with no violation reported`, async () => {
        const response = await fetch(`${baseUrl}/management/clients/individuals/${SEED_CLIENT_ID}/products`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-api-key": "mock-key",
            prefer: `code=${status}, example=${name}`,
          },
          body: JSON.stringify({ subproduct: "cards_individuals" }),
        });
        expect(response.status).toBe(Number(status));
        expect(response.headers.get("sl-violations")).toBeNull();
        const traceId = response.headers.get("x-trace-id");
        expect(traceId).toMatch(/^[0-9a-f]{32}$/);
        // Errors carry the answer's own trace id in the body too; successes only in the header.
        expect(await response.json()).toEqual(
          Number(status) >= 400 ? { ...(value as object), trace_id: traceId } : value,
        );
        if (status === "429") expect(response.headers.get("retry-after")).toBe("4");
      });
    }
  }
});
