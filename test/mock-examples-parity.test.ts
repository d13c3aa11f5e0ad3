/**
 * One behaviour in the examples mode too: the mock server (its front before a real Prism) and
 * the MSW handlers answer an unknown path, a malformed percent-escape and a Prefer naming no
 * documented answer alike, instead of each in its own way.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMockHandlers } from "../src/mock/msw.js";

const BASE = "/management/clients/individuals";
const MSW_HOST = "https://examples-parity.mock.test";
const headers = { "x-api-key": "parity-key", "content-type": "application/json" };

const ROWS = [
  { name: "an unknown path under /management", method: "GET", path: "/management/nothing/here", status: 404 },
  { name: "an unknown path outside /management", method: "POST", path: "/v2/anything", status: 404 },
  { name: "a broken percent-escape in a client id", method: "GET", path: `${BASE}/%ZZ`, status: 400 },
  { name: "a broken percent-escape outside /management", method: "GET", path: "/v1/%E0%A4%A", status: 400 },
  {
    name: "a Prefer code the operation does not document",
    method: "GET",
    path: `${BASE}/abc`,
    prefer: "code=418",
    status: 404,
  },
];

async function outcome(response: Response) {
  const body = (await response.json()) as Record<string, unknown>;
  delete body.trace_id;
  return { status: response.status, code: body.code, message: body.message };
}

describe("the examples mock server and the MSW handlers answer odd requests alike", () => {
  const server = setupServer(...createMockHandlers({ baseUrl: MSW_HOST }));
  beforeAll(() => server.listen({ onUnhandledRequest: "bypass" }));
  afterAll(() => server.close());

  it.each(ROWS)("$name", async (row) => {
    const send = (base: string) =>
      fetch(`${base}${row.path}`, {
        method: row.method,
        headers: { ...headers, ...(row.prefer ? { prefer: row.prefer } : {}) },
      });
    const http = await outcome(await send(inject("prismUrl")));
    const msw = await outcome(await send(MSW_HOST));
    expect(http.status).toBe(row.status);
    expect(msw.status).toBe(row.status);
    // Prism words its own refusal of a Prefer; the rest are the front's answers, word for word.
    if (!row.prefer) expect(msw).toEqual(http);
    expect(msw.code).toBeDefined();
  });
});
