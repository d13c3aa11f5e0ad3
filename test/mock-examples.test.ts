import { describe, expect, inject, it } from "vitest";
import { SEED_CLIENT_ID } from "./helpers/server.js";
import { declaredStatuses, responseExamples } from "./helpers/spec.js";

const baseUrl = inject("prismUrl");

describe("the Prism mock serves every named example of the spec", () => {
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
        expect(await response.json()).toEqual(value);
        if (status === "429") expect(response.headers.get("retry-after")).toBe("4");
      });
    }
  }
});
