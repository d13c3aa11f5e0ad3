/**
 * A unit test of your own code against the package's mock scenarios, with no server: the MSW
 * handlers answer each scenario's client id with the spec's example.
 *
 *   npm run -s build && npx esbuild examples/mock-scenarios.test.ts --platform=node --format=esm \
 *     --outfile=.tmp/mock-scenarios.test.mjs && node --test .tmp/mock-scenarios.test.mjs
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CryptoMateNotFoundError, createCryptoMateClient } from "cryptomate-product-enablement";
import { createMockHandlers, scenarios } from "cryptomate-product-enablement/msw";
import { setupServer } from "msw/node";

/** The code under test: what the onboarding screen shows for a client. */
async function onboardingStep(clientId: string): Promise<string> {
  const cryptomate = createCryptoMateClient({ apiKey: "test-key" });
  try {
    const request = await cryptomate.requestProductEnablement(clientId, { subproduct: "cards_individuals" });
    if (request.status === "rejected") return `rejected: ${request.rejection_description}`;
    return request.status === "enabled" ? "done" : "upload documents";
  } catch (error) {
    if (error instanceof CryptoMateNotFoundError) return "unknown client";
    throw error;
  }
}

const server = setupServer(...createMockHandlers());
before(() => server.listen({ onUnhandledRequest: "error" }));
after(() => server.close());

test("every scenario has a client id", () => {
  assert.ok(scenarios.some((scenario) => scenario.clientId === "test_200_rejected"));
});

test("shows each step of the lifecycle", async () => {
  assert.equal(await onboardingStep("any-new-client"), "upload documents");
  assert.equal(await onboardingStep("test_200_enabled"), "done");
  assert.match(await onboardingStep("test_200_rejected"), /^rejected: /);
  assert.equal(await onboardingStep("test_404_notFound"), "unknown client");
});
