/** CORS answered the same way by every mode of the mock: examples, dynamic, stateful and proxy. */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type MockServer, startMock } from "../src/mock/start.js";

const ORIGIN = "http://127.0.0.1:5173";
const PATH = "/management/clients/individuals/4QWq1rQtjnLM0wMswTRY9AmM4XTvY4GG/products";

const preflight = (url: string, origin = ORIGIN) =>
  fetch(`${url}${PATH}`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type,x-api-key,prefer",
    },
  });

const post = (url: string, origin = ORIGIN) =>
  fetch(`${url}${PATH}`, {
    method: "POST",
    headers: { origin, "content-type": "application/json", "x-api-key": "k" },
    body: JSON.stringify({ subproduct: "cards_individuals" }),
  });

const mocks: Record<string, MockServer> = {};
beforeAll(async () => {
  const [dynamic, stateful, proxy, narrowed] = await Promise.all([
    startMock({ dynamic: true, seed: 1 }),
    startMock({ stateful: true }),
    startMock({ proxy: inject("prismUrl") }),
    startMock({ stateful: true, corsOrigin: ORIGIN }),
  ]);
  Object.assign(mocks, { dynamic, stateful, proxy, narrowed });
});
afterAll(async () => {
  await Promise.all(Object.values(mocks).map((mock) => mock.stop()));
});

const modes = ["examples", "dynamic", "stateful", "proxy"] as const;
const urlOf = (mode: (typeof modes)[number]) => (mode === "examples" ? inject("prismUrl") : mocks[mode]?.url) as string;

describe.each(modes)("the %s mock", (mode) => {
  it("answers a preflight with 204, the caller's origin, the methods and the headers calls carry", async () => {
    const answer = await preflight(urlOf(mode));
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(answer.headers.get("access-control-allow-methods")).toMatch(/\bPOST\b.*\bPUT\b/);
    const allowed = (answer.headers.get("access-control-allow-headers") ?? "").split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(["x-api-key", "content-type", "prefer"]));
    expect(answer.headers.get("vary")).toMatch(/Origin/);
  });

  it("lets the page read the trace id and Retry-After of an answer", async () => {
    const answer = await post(urlOf(mode));
    expect(answer.status).toBeLessThan(500);
    expect(answer.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(answer.headers.get("access-control-expose-headers")).toBe("x-trace-id, retry-after");
    expect(answer.headers.get("x-trace-id")).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("--cors-origin", () => {
  it("allows the origin it names", async () => {
    const answer = await preflight(mocks.narrowed?.url as string);
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("gives any other origin no allow header, on a preflight or an answer", async () => {
    const other = "http://localhost:3000";
    const refused = await preflight(mocks.narrowed?.url as string, other);
    expect(refused.status).toBe(204);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(refused.headers.get("access-control-allow-headers")).toBeNull();
    const answer = await post(mocks.narrowed?.url as string, other);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses what is not an origin", async () => {
    await expect(startMock({ stateful: true, corsOrigin: "http://localhost:3000/app" })).rejects.toThrow(
      /corsOrigin: .*scheme, host and port only/,
    );
  });
});
