import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CryptoMateInputError, createCryptoMateClient } from "../src/index.js";
import { seedResponse, TEST_KEY } from "./helpers/server.js";

const body = { subproduct: "cards_individuals" } as const;

function capturingClient() {
  const urls: string[] = [];
  const client = createCryptoMateClient({
    apiKey: TEST_KEY,
    baseUrl: "https://api.cryptomate.me",
    rateLimit: false,
    maxRetries: 0,
    fetch: async (input) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return new Response(JSON.stringify(seedResponse), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    },
  });
  return { client, urls };
}

const PATH = /^\/management\/clients\/individuals\/([^/]+)\/products$/;

describe("client ids, for any string", () => {
  it("either stays exactly in its path segment or is refused before sending", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: "grapheme" }),
          fc.string({ unit: "binary" }),
          fc.constantFrom(".", "..", "%2e%2e", "./", "/.."),
        ),
        async (clientId) => {
          const { client, urls } = capturingClient();
          const outcome = await client.requestProductEnablement(clientId, body).then(
            () => "sent" as const,
            (error: unknown) => error,
          );
          if (outcome === "sent") {
            expect(urls).toHaveLength(1);
            const url = new URL(urls[0] as string);
            expect(url.origin).toBe("https://api.cryptomate.me");
            expect(url.search).toBe("");
            expect(url.hash).toBe("");
            const match = PATH.exec(url.pathname);
            expect(match).not.toBeNull();
            expect(decodeURIComponent(match?.[1] as string)).toBe(clientId);
          } else {
            expect(outcome).toBeInstanceOf(CryptoMateInputError);
            expect(urls).toHaveLength(0);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("sends every non-blank, trimmed, well-formed id other than . and ..", async () => {
    const acceptable = fc
      .string({ unit: "grapheme", minLength: 1 })
      .filter((id) => id.trim() === id && id.trim() !== "" && id !== "." && id !== "..");
    await fc.assert(
      fc.asyncProperty(acceptable, async (clientId) => {
        const { client, urls } = capturingClient();
        await client.requestProductEnablement(clientId, body);
        expect(urls).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
