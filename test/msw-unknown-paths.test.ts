/**
 * The MSW handlers answer every path under the API's hosts, even with MSW's `bypass` setting:
 * an unknown one gets a 404 in the API's error shape and never reaches the real host. The fetch
 * MSW would pass a bypassed call to is replaced by one that records it and fails, standing in
 * for the network.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENVIRONMENTS } from "../src/index.js";
import { createMockHandlers } from "../src/mock/msw.js";

const reachedNetwork: string[] = [];
const realFetch = globalThis.fetch;
const server = setupServer(
  ...createMockHandlers(),
  ...createMockHandlers({ stateful: true, baseUrl: "https://stateful.test" }),
);

beforeAll(() => {
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    reachedNetwork.push(new Request(input, init).url);
    throw new TypeError("the network is not for unit tests");
  }) as typeof fetch;
  server.listen({ onUnhandledRequest: "bypass" });
});
afterAll(() => {
  server.close();
  globalThis.fetch = realFetch;
});

const unknown = [
  ["GET", "/management/clients/individuals/abc/unknown"],
  ["DELETE", "/management/clients/individuals/abc"],
  ["GET", "/management/companies"],
  ["POST", "/v2/anything?x=1"],
  ["GET", "/"],
] as const;

describe("MSW handlers under bypass", () => {
  for (const base of [...Object.values(ENVIRONMENTS), "https://stateful.test"]) {
    for (const [method, path] of unknown) {
      it(`answer ${method} ${base}${path} with a 404 in the API's error shape`, async () => {
        const response = await fetch(`${base}${path}`, { method, headers: { "x-api-key": "k" } });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({
          code: "NOT_FOUND",
          message: expect.stringContaining("Resource not found"),
          trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        });
        expect(reachedNetwork).toEqual([]);
      });
    }
  }

  it("still answer the spec's operations", async () => {
    const response = await fetch(`${ENVIRONMENTS.sandbox}/management/clients/individuals/test_200_active`, {
      headers: { "x-api-key": "k" },
    });
    expect(response.status).toBe(200);
    expect(reachedNetwork).toEqual([]);
  });
});
